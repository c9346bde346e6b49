/**
 * Source rules: rules that read Rust sources through the source service. `defineSourceRule`
 * adds the `sources` capability (so `--no-sources` skips the rule), runs the scan once for all
 * source rules, hands the rule its hits, and routes its findings through inline suppressions.
 *
 * A rule with a scanner lives in one module that exports both:
 *
 *   export const scanner = defineScanner({ tokens: ['::main'], scan(root, file) { … } });
 *   export default defineSourceRule({ meta, scanner: { scanner, appliesTo }, check });
 *
 * The scanner runs in the scan workers, which import it from the rule's module
 * (`src/rules/<id>.ts`, found by the rule's id), and on the main thread; `appliesTo` and `check`
 * run on the main thread.
 */
import type { Capability, ReportInput, Rule, RuleContext, RuleMeta } from '../engine/define-rule.js';
import type { Package } from '../project/model.js';
import type { GateContext } from './gates.js';
import type { Scanner } from './scanner.js';
import type { FileHit, SourceScan } from './service.js';

export interface SourceRuleContext<Options> extends RuleContext<Options> {
  scan: SourceScan;
  /** This rule's hits, in file then line order. */
  hits: readonly FileHit[];
}

export interface ScannerRef {
  /** The rule module's `scanner` export (workers import it from the module of the rule's id). */
  scanner: Scanner;
  /** Whether the scanner should look at this member's files at all (versions, dependencies); default yes. */
  appliesTo?: (member: Package, gate: GateContext) => boolean;
  /**
   * The rule reports only product code (what a lib or bin compiles), so files in a member's
   * `tests/`, `benches/` and `examples/` folders are not parsed for it. A function decides from
   * the rule's configured options (a `tests` option that turns test code on).
   */
  productOnly?: boolean | ((options: Readonly<Record<string, unknown>>) => boolean);
}

export interface SourceRuleSpec<Options> {
  meta: Omit<RuleMeta, 'requires'> & { requires?: Capability[] };
  scanner?: ScannerRef;
  check(context: SourceRuleContext<Options>): void | Promise<void>;
}

export interface SourceRule<Options = Record<string, unknown>> extends Rule<Options> {
  source: { scanner?: ScannerRef };
}

export function defineSourceRule<Options = Record<string, unknown>>(spec: SourceRuleSpec<Options>): SourceRule<Options> {
  const requires: Capability[] = ['sources', ...(spec.meta.requires ?? []).filter((c) => c !== 'sources')];
  const id = spec.meta.id;
  return {
    meta: { ...spec.meta, requires },
    source: spec.scanner ? { scanner: spec.scanner } : {},
    async check(context) {
      const service = context.services.sources;
      if (!service) return;
      const scan = await service.scan(context);
      const failure = scan.problems.find((p) => p.rule === id);
      if (failure) throw new Error(`scanner failed${failure.file ? ` on ${failure.file}` : ''}: ${failure.message}`);
      const report: (input: ReportInput) => void = scan.suppressing(id, context.report);
      await spec.check({ ...context, report, scan, hits: scan.hits(id) });
    },
  };
}

export function isSourceRule(rule: Rule): rule is SourceRule {
  return 'source' in rule && typeof (rule as { source?: unknown }).source === 'object';
}
