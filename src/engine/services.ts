/**
 * Data sources that rules can use besides the workspace model and the KB. Each subsystem adds
 * its own field by declaration merging in its own module, e.g.
 *
 *   declare module '../engine/services.js' { interface AuditServices { sources: SourceService } }
 *
 * so the engine does not depend on them. A rule declares what it needs in `requires`; the engine
 * only runs it when the matching capability is present.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface AuditServices {}
