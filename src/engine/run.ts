import { relative } from 'node:path';
import type { Kb } from '../kb/load.js';
import { LockGraph } from '../project/lockfile.js';
import type { Workspace } from '../project/model.js';
import { matchPathGlob } from '../project/glob.js';
import { VERSION } from '../util/version.js';
import { loadConfig, settingFor, type AuditConfig, type IgnoreEntry } from './config.js';
import type { Capability, ReportInput, Rule } from './define-rule.js';
import { ruleFamily } from './define-rule.js';
import { docsUrl } from './docs.js';
import { SEVERITY_RANK, type Finding, type Severity } from './finding.js';
import { formatMessage } from './messages.js';
import { buildStackMap, type StackMap } from './stack-map.js';
import type { AuditServices } from './services.js';

/** Version of the JSON report's schema (docs/json-report.md); bumped on incompatible changes. */
export const REPORT_SCHEMA_VERSION = 1;

export interface RuleRun {
  id: string;
  description: string;
  severity: Severity | 'off';
  docs: string;
  /** Why the rule did not run, when it did not. */
  skipped?: string;
  findings: number;
}

export interface RunResult {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'cargo-stack'; version: string };
  workspace: {
    root: string;
    rootManifest: string;
    virtual: boolean;
    resolver: string;
    members: { name: string; version: string; edition: string; rustVersion: string | null; manifestPath: string }[];
    lockfile: { path: string; version: number; packages: number } | null;
  };
  stack: StackMap;
  findings: Finding[];
  /** Findings silenced by `[[ignore]]` entries. */
  suppressed: number;
  summary: Record<Severity, number>;
  rules: RuleRun[];
  config: string | null;
  durationMs: number;
}

export interface AuditOptions {
  kb: Kb;
  rules: readonly Rule[];
  /** Rule ids or families to run (all when empty). */
  only?: string[];
  /** Rule ids or families to skip. */
  skip?: string[];
  /** Capabilities this run has; rules needing others are skipped with the reason. */
  capabilities?: Capability[];
  /** Preloaded configuration (tests); read from the workspace otherwise. */
  config?: AuditConfig;
  /** Data services for rules that need them (see services.ts). */
  services?: Partial<AuditServices>;
}

function selects(list: string[] | undefined, id: string): boolean {
  return list !== undefined && list.some((s) => s === id || s === ruleFamily(id));
}

const ENGINE_RULES = {
  configInvalid: 'config/invalid',
  unusedIgnore: 'config/unused-ignore',
  ruleFailed: 'engine/rule-failed',
  dataMissing: 'engine/data-missing',
} as const;

/** Runs every enabled rule over the workspace. Never throws for a rule's sake. */
export async function runAudit(workspace: Workspace, options: AuditOptions): Promise<RunResult> {
  const started = performance.now();
  const { kb, rules } = options;
  const config = options.config ?? loadConfig(workspace, rules);
  const capabilities = new Set<Capability>(options.capabilities ?? ['kb']);
  if (workspace.lockfile) capabilities.add('lockfile');
  const lockGraph = workspace.lockfile ? new LockGraph(workspace.lockfile) : undefined;
  const byId = new Map(rules.map((r) => [r.meta.id, r]));

  const findings: Finding[] = [];
  const runs: RuleRun[] = [];
  const makeFinding = (rule: Rule, severity: Severity, input: ReportInput): Finding => {
    const template = rule.meta.messages[input.messageId];
    const data = input.data ?? {};
    const finding: Finding = {
      ruleId: rule.meta.id,
      severity: input.severity ?? severity,
      messageId: input.messageId,
      data,
      message: template ? formatMessage(template.message, data) : `${input.messageId} (unknown message id)`,
      fix: template ? formatMessage(template.fix, data) : '',
      docs: docsUrl(rule.meta.id),
    };
    if (input.location) finding.location = input.location;
    if (input.related && input.related.length > 0) finding.related = input.related;
    if (input.member) finding.member = input.member;
    if (input.crate) {
      finding.crate = input.crate;
      const layer = kb.crates.get(input.crate)?.layer;
      if (layer) finding.layer = layer;
    }
    if (input.applicability) finding.applicability = input.applicability;
    return finding;
  };
  const emit = (rule: Rule, severity: Severity, input: ReportInput): void => void findings.push(makeFinding(rule, severity, input));
  const engineReport = (id: string, input: ReportInput): void => {
    const rule = byId.get(id);
    if (!rule) return;
    const { severity } = settingFor(config, rule);
    if (severity === 'off' || selects(options.skip, id)) return;
    emit(rule, severity, input);
  };

  const missing = new Map<Capability, string[]>();
  const toRun: { rule: Rule; run: RuleRun; severity: Severity; ruleOptions: ReturnType<typeof settingFor>['options'] }[] = [];
  for (const rule of rules) {
    const { id } = rule.meta;
    const setting = settingFor(config, rule);
    const run: RuleRun = { id, description: rule.meta.description, severity: setting.severity, docs: docsUrl(id), findings: 0 };
    runs.push(run);
    if (setting.severity === 'off') {
      run.skipped = 'turned off in configuration';
      continue;
    }
    if ((options.only && options.only.length > 0 && !selects(options.only, id)) || selects(options.skip, id)) {
      run.skipped = 'not selected (--only/--skip)';
      continue;
    }
    const lacking = rule.meta.requires.filter((c) => !capabilities.has(c));
    if (lacking.length > 0) {
      run.skipped = `needs ${lacking.join(', ')}`;
      for (const c of lacking) missing.set(c, [...(missing.get(c) ?? []), id]);
      continue;
    }
    toRun.push({ rule, run, severity: setting.severity, ruleOptions: setting.options });
  }
  // The source scan runs on worker threads: start it now and run the rules that do not need it
  // first, so the manifest, lockfile and CI rules use the main thread while the workers parse.
  const readsSources = (rule: Rule): boolean => rule.meta.requires.includes('sources') || (rule.meta.uses ?? []).includes('sources');
  const sources = options.services?.sources;
  if (sources && toRun.some(({ rule }) => readsSources(rule))) {
    // A failed scan is reported by each source rule that awaits it (engine/rule-failed).
    const ruleOptions = new Map(toRun.filter(({ rule }) => readsSources(rule)).map(({ rule, ruleOptions }) => [rule.meta.id, ruleOptions]));
    sources.scan({ kb, lockGraph, ruleOptions }).catch(() => undefined);
  }
  toRun.sort((a, b) => Number(readsSources(a.rule)) - Number(readsSources(b.rule)));
  for (const { rule, run, severity, ruleOptions } of toRun) {
    const { id } = rule.meta;
    const before = findings.length;
    try {
      await rule.check({ workspace, kb, options: ruleOptions, lockGraph, services: options.services ?? {}, report: (input) => emit(rule, severity, input) });
    } catch (error) {
      findings.length = before;
      engineReport(ENGINE_RULES.ruleFailed, {
        messageId: 'failed',
        data: { rule: id, error: error instanceof Error ? error.message : String(error) },
      });
      run.skipped = 'failed';
    }
    run.findings = findings.filter((f) => f.ruleId === id).length;
  }

  for (const [capability, ids] of missing) {
    engineReport(ENGINE_RULES.dataMissing, {
      messageId: capability,
      data: { count: ids.length, rules: ids.join(', ') },
      location: capability === 'lockfile' ? { file: workspace.lockfilePath, line: 1, column: 1 } : undefined,
    });
  }
  for (const problem of config.problems) engineReport(ENGINE_RULES.configInvalid, { messageId: 'invalid', data: { problem: problem.message }, location: problem.location });

  mergeUnmaintainedReports(findings, runs);

  // Ignores: silence matching findings, then report entries that silenced nothing.
  const used = new Set<IgnoreEntry>();
  const kept = findings.filter((finding) => {
    const entry = config.ignores.find((ignore) => ignoreMatches(ignore, finding, workspace.root));
    if (entry) used.add(entry);
    return !entry;
  });
  const suppressed = findings.length - kept.length;
  for (const ignore of config.ignores) {
    if (used.has(ignore)) continue;
    const what = [ignore.rule && `rule ${ignore.rule}`, ignore.crate && `crate ${ignore.crate}`, ignore.path && `path ${ignore.path}`].filter(Boolean).join(', ');
    const rule = byId.get(ENGINE_RULES.unusedIgnore);
    if (rule) {
      const { severity } = settingFor(config, rule);
      if (severity !== 'off') kept.push(makeFinding(rule, severity, { messageId: 'unused', data: { what }, location: ignore.location }));
    }
  }

  kept.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
  const summary: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of kept) summary[f.severity]++;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cargo-stack', version: VERSION },
    workspace: {
      root: workspace.root,
      rootManifest: workspace.rootManifestPath,
      virtual: workspace.virtual,
      resolver: workspace.resolver,
      members: workspace.members.map((m) => ({ name: m.name, version: m.version, edition: m.edition, rustVersion: m.rustVersion, manifestPath: m.manifestPath })),
      lockfile: workspace.lockfile ? { path: workspace.lockfile.path, version: workspace.lockfile.version, packages: workspace.lockfile.packages.length } : null,
    },
    stack: buildStackMap(workspace, kb),
    findings: kept,
    suppressed,
    summary,
    rules: runs,
    config: config.source,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * A direct dependency that the knowledge base marks deprecated or unmaintained and RustSec calls
 * unmaintained is reported by deps/deprecated (at the manifest line) and by deps/unmaintained (at
 * the lockfile, with the path): one problem, one finding. The advisory finding stays (live data,
 * the path, every member); the manifest lines deps/deprecated pointed at become its related
 * locations, with what the knowledge base says and its replacement.
 */
function mergeUnmaintainedReports(findings: Finding[], runs: RuleRun[]): void {
  const advisory = new Map<string, Finding>();
  for (const f of findings) {
    if (f.ruleId === 'deps/unmaintained' && f.crate && !advisory.has(f.crate)) advisory.set(f.crate, f);
  }
  if (advisory.size === 0) return;
  const dropped = new Set<Finding>();
  for (const f of findings) {
    if (f.ruleId !== 'deps/deprecated' || !f.crate || !f.location) continue;
    const kept = advisory.get(f.crate);
    if (!kept) continue;
    const related = (kept.related ??= []);
    const at = related.findIndex((r) => r.location.file === f.location!.file && r.location.line === f.location!.line);
    const message = `${f.member ? `${f.member} declares` : 'declared'} ${f.crate} here; the knowledge base says: ${f.message}. ${f.fix}`;
    if (at >= 0) related[at] = { location: related[at]!.location, message };
    else related.push({ location: f.location, message });
    // A stricter severity configured for deps/deprecated still gates CI.
    if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[kept.severity]) kept.severity = f.severity;
    dropped.add(f);
  }
  if (dropped.size === 0) return;
  const keep = findings.filter((f) => !dropped.has(f));
  findings.length = 0;
  findings.push(...keep);
  const run = runs.find((r) => r.id === 'deps/deprecated');
  if (run) run.findings -= dropped.size;
}

function ignoreMatches(ignore: IgnoreEntry, finding: Finding, root: string): boolean {
  if (ignore.rule && ignore.rule !== finding.ruleId && ignore.rule !== ruleFamily(finding.ruleId)) return false;
  if (ignore.crate && ignore.crate !== finding.crate) return false;
  if (ignore.path) {
    if (!finding.location) return false;
    if (!matchPathGlob(ignore.path, relative(root, finding.location.file))) return false;
  }
  return true;
}
