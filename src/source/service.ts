/**
 * The source service: walks the members' Rust files, scans them once for every source rule
 * (lexing all, parsing only where a rule's tokens appear, on two worker threads), attributes files
 * to targets, and applies inline suppressions to every source rule's findings. The scan is lazy:
 * it runs when the first source rule asks, so an audit without source rules reads no sources.
 * Design notes: docs/source-analysis.md.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import type { Preparer } from '../engine/prepare.js';
import type { ReportInput, Rule } from '../engine/define-rule.js';
import type { Kb } from '../kb/load.js';
import { LockGraph } from '../project/lockfile.js';
import type { Location } from '../project/location.js';
import type { Package, Target, TargetKind, Workspace } from '../project/model.js';
import { ALL_RULES } from '../rules/index.js';
import { isSourceRule, type SourceRule } from './define-source-rule.js';
import type { GateContext } from './gates.js';
import { lexRust, markdownRefs, type LexResult } from './lexer.js';
import { attributeFiles } from './modules.js';
import { defaultWorkers, scanAll, type PoolResult } from './pool.js';
import type { FileResult, FileTask } from './scan-file.js';
import type { Hit } from './scanner.js';
import { scannerModuleUrl, type ScannerModule } from './scanner-modules.js';
import { names, type RawSuppression } from './suppression.js';
import { walkSources } from './walk.js';
import type { DirListings } from '../util/fs.js';

declare module '../engine/services.js' {
  interface AuditServices {
    sources: SourceService;
  }
}

export interface SourceFile {
  path: string;
  member: Package;
  /** Targets whose module tree holds the file (or, failing that, that directory conventions give it). */
  targets: Target[];
  kinds: ReadonlySet<TargetKind>;
  attribution: 'module-tree' | 'convention';
  chars: number;
  parsed: boolean;
  /** Crate names the code mentions (see LexResult.refs). */
  refs: readonly string[];
  /** Crate names in doc comments, in Markdown files included as docs, and in Rust files that doctests `include!`. */
  docRefs: readonly string[];
  /** Crate names in `a::b` and crate-like strings; only collected for build scripts and proc-macro crates (they write code). */
  stringRefs: readonly string[];
  /** Crate names inside `macro_rules!` bodies and `quote!` invocations (code that expands them needs them). */
  macroRefs: readonly string[];
  /** Names of the modules the file declares (`mod x;`), to tell a local `x::` from a crate. */
  modNames: readonly string[];
  /** Paths (globs) the file hands to trybuild (`.pass("tests/ui/*.rs")`), relative to the package's directory. */
  compileTests: readonly string[];
  /** The file mentions OUT_DIR (probably includes generated code). */
  outDir: boolean;
  /** Names in `dyn` paths (see LexResult.dynNames). */
  dynNames: readonly string[];
}

export interface FileHit {
  file: SourceFile;
  hit: Hit;
}

export interface Suppression extends RawSuppression {
  file: SourceFile;
  /** The names in `allow(…)` that matched a hit or a finding. */
  used: Set<string>;
}

export interface ScanStats {
  files: number;
  chars: number;
  parsed: number;
  workers: number;
  walkMs: number;
  scanMs: number;
}

export interface SourceScan {
  files: readonly SourceFile[];
  file(path: string): SourceFile | undefined;
  hits(ruleId: string): FileHit[];
  location(hit: FileHit): Location;
  related(hit: FileHit): { location: Location; message: string }[];
  suppressions: readonly Suppression[];
  /** Rules whose scanners took part in this scan (gated off for a member still counts). */
  scannedRules: ReadonlySet<string>;
  /** Every rule id of the run, to tell a misspelled suppression from an unused one. */
  knownRules: ReadonlySet<string>;
  /** Files that could not be read or parsed, scanners that failed. */
  problems: { file?: string; rule?: string; message: string }[];
  stats: ScanStats;
  /** Wraps a rule's `report` so that findings covered by a suppression are dropped (and the suppression marked used). */
  suppressing(ruleId: string, report: (input: ReportInput) => void): (input: ReportInput) => void;
}

export interface ScanContext {
  kb: Kb;
  lockGraph?: LockGraph | undefined;
  /** The configured options of the source rules this run runs (others, and every rule when absent, get their defaults; every scanner of the service runs either way, so that suppressions are judged against every rule's hits). */
  ruleOptions?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

export interface SourceService {
  /** The scan of the workspace; runs once, on the first call. */
  scan(context: ScanContext): Promise<SourceScan>;
}

export interface SourceServiceOptions {
  /** The rules of the run (default: every rule); the scan runs the scanners of the source rules among them. */
  rules?: readonly Rule[];
  /** Worker threads; default 2 for large workspaces, 0 (in-process) for small ones. */
  workers?: number;
  progress?: (message: string) => void;
  /** Directory listings from the workspace load's walk, to reuse. */
  listings?: DirListings;
}

export function createSourceService(workspace: Workspace, options: SourceServiceOptions = {}): SourceService {
  let pending: Promise<SourceScan> | undefined;
  return {
    scan(context) {
      pending ??= runScan(workspace, context, options);
      return pending;
    },
  };
}

export const prepareSources: Preparer = async (workspace, options) => {
  if (!options.sources) return { services: {}, capabilities: [] };
  const progress = options.progress;
  const ids = options.ruleIds;
  const serviceOptions: SourceServiceOptions = { ...(progress ? { progress } : {}), ...(ids ? { rules: ALL_RULES.filter((r) => ids.has(r.meta.id)) } : {}), ...(options.listings ? { listings: options.listings } : {}) };
  return { services: { sources: createSourceService(workspace, serviceOptions) }, capabilities: ['sources'] };
};

async function runScan(workspace: Workspace, context: ScanContext, options: SourceServiceOptions): Promise<SourceScan> {
  const started = performance.now();
  const walked = walkSources(workspace, options.listings);
  const walkMs = performance.now() - started;
  const rules = options.rules ?? ALL_RULES;
  const withScanner = rules
    .filter(isSourceRule)
    .filter((r): r is SourceRule & { source: { scanner: NonNullable<SourceRule['source']['scanner']> } } => r.source.scanner !== undefined);
  const gate: GateContext = { workspace, lockGraph: context.lockGraph ?? (workspace.lockfile ? new LockGraph(workspace.lockfile) : undefined), kb: context.kb };
  const problems: SourceScan['problems'] = [];
  const activeByMember = new Map<Package, string[]>();
  for (const member of workspace.members) {
    activeByMember.set(
      member,
      withScanner
        .filter((r) => {
          try {
            return r.source.scanner.appliesTo?.(member, gate) ?? true;
          } catch (error) {
            problems.push({ rule: r.meta.id, message: `gate failed for ${member.name}: ${error instanceof Error ? error.message : String(error)}` });
            return false;
          }
        })
        .map((r) => r.meta.id),
    );
  }
  const procMacros = new Set(workspace.members.filter((m) => m.targets.some((t) => t.kind === 'lib' && t.crateTypes.includes('proc-macro'))));
  const optionsOf = (r: Rule): Readonly<Record<string, unknown>> => context.ruleOptions?.get(r.meta.id) ?? defaultOptions(r);
  const productOnly = new Set(
    withScanner
      .filter((r) => {
        const only = r.source.scanner.productOnly;
        return typeof only === 'function' ? only(optionsOf(r)) : only === true;
      })
      .map((r) => r.meta.id),
  );
  const tasks: FileTask[] = walked.map(({ path, member }) => {
    const rules = activeByMember.get(member) ?? [];
    return {
      path,
      rules: productOnly.size > 0 && isConventionalNonProductFile(member, path) ? rules.filter((id) => !productOnly.has(id)) : rules,
      strings: procMacros.has(member) || isBuildScriptFile(member, path),
    };
  });
  const modules: ScannerModule[] = withScanner.map((r) => ({ id: r.meta.id, url: scannerModuleUrl(r.meta.id), options: optionsOf(r), scanner: r.source.scanner.scanner }));
  const workers = options.workers ?? defaultWorkers(tasks.length);
  const progress = options.progress;
  let lastReport = 0;
  const poolOptions = {
    workers,
    ...(progress
      ? {
          progress: (done: number, total: number) => {
            const now = performance.now();
            if (now - lastReport > 100 || done === total) {
              lastReport = now;
              progress(`reading Rust sources: ${done}/${total} files`);
            }
          },
        }
      : {}),
  };
  let pool: PoolResult;
  try {
    pool = await scanAll(tasks, modules, poolOptions);
  } catch (error) {
    if (workers === 0) throw error;
    // Worker threads unavailable (sandboxed runtime, native module refused in a worker): scan here.
    problems.push({ message: `scan workers failed, scanned in-process: ${error instanceof Error ? error.message : String(error)}` });
    pool = await scanAll(tasks, modules, { ...poolOptions, workers: 0 });
  }
  for (const e of pool.errors) problems.push(e);
  return assemble(walked.map((w) => w.member), tasks, pool.results, problems, {
    rules,
    scanned: new Set(modules.map((m) => m.id)),
    stats: { walkMs, workers, started },
  });
}

/**
 * A file in the member's `tests/`, `benches/` or `examples/` folder that no lib or bin target
 * names as its root: Cargo's conventions make it test, bench or example code. (A lib module
 * pulled in from there with `#[path]` would be missed by product-only rules; none was seen in
 * the real workspaces checked.)
 */
function defaultOptions(rule: Rule): Record<string, unknown> {
  try {
    return (rule.meta.options?.parse({}) as Record<string, unknown> | undefined) ?? {};
  } catch {
    return {};
  }
}

function isConventionalNonProductFile(member: Package, path: string): boolean {
  const first = relative(member.dir, path).split(sep)[0];
  if (first !== 'tests' && first !== 'benches' && first !== 'examples') return false;
  return !member.targets.some((t) => (t.kind === 'lib' || t.kind === 'bin') && normalize(t.srcPath) === path);
}

function isBuildScriptFile(member: Package, path: string): boolean {
  const build = member.targets.find((t) => t.kind === 'custom-build');
  if (!build) return false;
  const root = normalize(build.srcPath);
  return path === root || (basename(root) === 'main.rs' && path.startsWith(dirname(root) + '/'));
}

function assemble(
  membersOfTasks: Package[],
  tasks: FileTask[],
  results: FileResult[],
  problems: SourceScan['problems'],
  extra: { rules: readonly Rule[]; scanned: Set<string>; stats: { walkMs: number; workers: number; started: number } },
): SourceScan {
  const memberOf = new Map<string, Package>();
  tasks.forEach((t, i) => memberOf.set(t.path, membersOfTasks[i]!));
  const byMember = new Map<Package, Map<string, LexResult>>();
  const resultOf = new Map<string, FileResult>();
  for (const r of results) {
    resultOf.set(r.path, r);
    const member = memberOf.get(r.path)!;
    let lexed = byMember.get(member);
    if (!lexed) byMember.set(member, (lexed = new Map()));
    lexed.set(r.path, r.lex);
    for (const e of r.errors) problems.push({ file: r.path, ...e });
  }
  const includedCache = new Map<string, string[]>();
  const included = (path: string, refsOf: (text: string) => string[]): string[] => {
    let refs = includedCache.get(path);
    if (!refs) {
      try {
        refs = refsOf(readFileSync(path, 'utf8'));
      } catch {
        refs = [];
      }
      includedCache.set(path, refs);
    }
    return refs;
  };
  const markdown = (path: string): string[] => included(path, markdownRefs);
  // A file doctests include is compiled into each doctest, so what it names, the doctests name.
  const doctestSetup = (path: string): string[] => included(path, (text) => lexRust(text).refs);

  const files: SourceFile[] = [];
  for (const [member, lexed] of byMember) {
    const attribution = attributeFiles(member, lexed);
    for (const [path, lex] of lexed) {
      const a = attribution.get(path)!;
      const r = resultOf.get(path)!;
      const docRefs = new Set(lex.docRefs);
      for (const inc of lex.docIncludes) for (const ref of markdown(isAbsolute(inc) ? inc : join(dirname(path), inc))) docRefs.add(ref);
      for (const inc of lex.doctestIncludes) for (const ref of doctestSetup(normalize(isAbsolute(inc) ? inc : join(dirname(path), inc)))) docRefs.add(ref);
      files.push({
        path,
        member,
        targets: a.targets,
        kinds: a.kinds,
        attribution: a.by,
        chars: r.chars,
        parsed: r.parsed,
        refs: lex.refs,
        docRefs: [...docRefs],
        stringRefs: lex.stringRefs,
        macroRefs: lex.macroRefs,
        modNames: lex.mods.map((m) => m.name),
        compileTests: lex.compileTests,
        outDir: lex.outDir,
        dynNames: lex.dynNames,
      });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(files.map((f) => [f.path, f]));

  const hitsByRule = new Map<string, FileHit[]>();
  const suppressions: Suppression[] = [];
  const suppressionsByFile = new Map<string, Suppression[]>();
  for (const file of files) {
    const r = resultOf.get(file.path)!;
    for (const [rule, hits] of Object.entries(r.hits)) {
      let list = hitsByRule.get(rule);
      if (!list) hitsByRule.set(rule, (list = []));
      for (const hit of hits) list.push({ file, hit });
    }
    if (r.suppressions.length > 0) {
      const own = r.suppressions.map((s) => ({ ...s, file, used: new Set<string>() }));
      suppressions.push(...own);
      suppressionsByFile.set(file.path, own);
    }
  }
  for (const list of hitsByRule.values()) list.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.hit.line - b.hit.line || a.hit.column - b.hit.column));
  // A suppression is used when a hit of a rule it names falls in its span, whether or not the
  // rule turns that hit into a finding in this run (it may be --skip'ped or run after us).
  for (const [rule, list] of hitsByRule) {
    for (const { file, hit } of list) {
      for (const s of suppressionsByFile.get(file.path) ?? []) {
        if (hit.line < s.spanStart || hit.line > s.spanEnd) continue;
        for (const named of s.rules) if (names(named, rule)) s.used.add(named);
      }
    }
  }

  const covering = (ruleId: string, location: Location | undefined): Suppression | undefined => {
    if (!location) return undefined;
    return suppressionsByFile.get(location.file)?.find((s) => location.line >= s.spanStart && location.line <= s.spanEnd && s.rules.some((n) => names(n, ruleId)));
  };
  const chars = files.reduce((sum, f) => sum + f.chars, 0);
  return {
    files,
    file: (path) => byPath.get(path),
    hits: (ruleId) => hitsByRule.get(ruleId) ?? [],
    location: ({ file, hit }) => ({ file: file.path, line: hit.line, column: hit.column }),
    related: ({ file, hit }) => (hit.related ?? []).map((r) => ({ location: { file: file.path, line: r.line, column: r.column }, message: r.message })),
    suppressions,
    scannedRules: extra.scanned,
    knownRules: new Set(extra.rules.map((r) => r.meta.id)),
    problems,
    stats: {
      files: files.length,
      chars,
      parsed: files.filter((f) => f.parsed).length,
      workers: extra.stats.workers,
      walkMs: Math.round(extra.stats.walkMs),
      scanMs: Math.round(performance.now() - extra.stats.started),
    },
    suppressing(ruleId, report) {
      return (input) => {
        const s = covering(ruleId, input.location);
        if (s) {
          for (const n of s.rules) if (names(n, ruleId)) s.used.add(n);
          return;
        }
        report(input);
      };
    },
  };
}
