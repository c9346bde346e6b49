import type * as z from 'zod';
import type { Kb } from '../kb/load.js';
import type { Location } from '../project/location.js';
import type { Workspace } from '../project/model.js';
import type { LockGraph } from '../project/lockfile.js';
import type { Applicability, Severity } from './finding.js';
import type { AuditServices } from './services.js';

/** What a rule needs besides the manifests; the engine skips (and says so) when it is missing. */
export type Capability = 'lockfile' | 'sources' | 'network' | 'kb';

export interface RuleMessage {
  /** The finding's message; `{placeholders}` are filled from the report's data. */
  message: string;
  /** The fix in one sentence; may use the same placeholders. */
  fix: string;
}

export interface RuleMeta {
  /** `family/name`, stable forever. */
  id: string;
  /** One line: what the rule checks. */
  description: string;
  defaultSeverity: Severity;
  requires: Capability[];
  /** Capabilities the rule uses when they are there but can do without (it still runs without them). */
  uses?: Capability[];
  messages: Record<string, RuleMessage>;
  /** Schema of the rule's options (with defaults); absent when the rule has none. */
  options?: z.ZodObject;
  /** Set when `cargo-stack fix` can fix findings of this rule. */
  fixable?: Applicability;
  /** cargo-stack version that added the rule. */
  since: string;
}

export interface ReportInput {
  messageId: string;
  data?: Record<string, string | number>;
  location?: Location;
  related?: { location: Location; message: string }[];
  member?: string;
  crate?: string;
  /** Overrides the configured severity for this one finding (e.g. a note for a dev-dependency). */
  severity?: Severity;
  applicability?: Applicability;
}

export interface RuleContext<Options> {
  workspace: Workspace;
  kb: Kb;
  options: Options;
  /** The lockfile's graph; present when the rule requires `lockfile` (else the rule is skipped). */
  lockGraph: LockGraph | undefined;
  /** Source files, registry and advisory data; a field is present when its capability is. */
  services: Partial<AuditServices>;
  report(input: ReportInput): void;
}

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta;
  // Method syntax on purpose: rules with specific option types must fit in one `Rule[]` list.
  check(context: RuleContext<Options>): void | Promise<void>;
}

/** Identity function that gives rule modules their types. */
export function defineRule<Options = Record<string, unknown>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

export function ruleFamily(id: string): string {
  return id.slice(0, id.indexOf('/'));
}
