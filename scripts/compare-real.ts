// Compares cargo-stack's workspace model with `cargo metadata --no-deps` on real public workspaces.
// The corpus and the oracle JSON live outside the repository (see scripts/real-cases.md); this is a
// report, so it always exits 0.
//
//   node dist/scripts/compare-real.js [--cases FILE] [--limit N] [--summary] [--only-diff] [--json OUT] [case…]

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadWorkspace } from '../src/project/workspace.js';
import { toCargoMetadata, type Metadata, type MetadataDependency, type MetadataPackage, type MetadataTarget } from '../src/project/metadata-json.js';

interface Case {
  case: string;
  root: string;
  manifest: string;
  toolchain?: string;
  oracleMs: number | null;
  ok: boolean;
  error?: string;
}

/** The part of `cargo metadata --format-version 1` this script reads; ours has the same shape. */
/** cargo metadata's JSON, which cargo-stack's `map --format json` mirrors (minus our additions). */
type MetaDependency = Omit<MetadataDependency, 'resolved_version' | 'location' | 'kind'> & { kind: string | null };
type MetaTarget = MetadataTarget;
type MetaPackage = Omit<MetadataPackage, 'dependencies' | 'metadata' | 'source'> & { dependencies: MetaDependency[]; metadata: unknown };
type Meta = Pick<Metadata, 'workspace_members' | 'workspace_root'> & { packages: MetaPackage[]; workspace_default_members?: string[] };

interface Disagreement {
  field: string;
  where: string;
  ours: string;
  cargo: string;
}

/** Per field: how many compared items agreed, out of how many. */
type Tally = Map<string, { agree: number; total: number }>;

interface CaseResult {
  case: string;
  oracleOk: boolean;
  oracleMs: number | null;
  oursMs: number | null;
  tally: Record<string, { agree: number; total: number }>;
  disagreements: Disagreement[];
  note?: string;
}

const PACKAGE_FIELDS = ['name', 'version', 'edition', 'rust_version'] as const;
const EXTRA_PACKAGE_FIELDS = ['license', 'description', 'repository', 'publish', 'features', 'metadata'] as const;
const TARGET_FIELDS = ['kind', 'crate_types', 'src_path', 'edition', 'required-features'] as const;
const DEP_FIELDS = ['name', 'rename', 'req', 'target', 'optional', 'uses_default_features', 'features', 'source', 'registry', 'path'] as const;

/** Lines of the summary table, in this order; anything else is printed after them. */
const TABLE_ROWS: [string, string[]][] = [
  ['workspace', ['members', 'workspace_root', 'default_members']],
  ['package', PACKAGE_FIELDS.map((f) => `package.${f}`)],
  ['package (extra)', EXTRA_PACKAGE_FIELDS.map((f) => `package.${f}`)],
  ['targets', ['targets', ...TARGET_FIELDS.map((f) => `target.${f}`)]],
  ['deps', ['deps', ...DEP_FIELDS.map((f) => `dep.${f}`)]],
];

function parseArgs(argv: string[]): { casesFile: string; limit: number; summary: boolean; onlyDiff: boolean; jsonOut?: string; names: string[] } {
  const out = { casesFile: process.env.CARGO_STACK_REAL_CASES ?? '/tmp/real-oracle/cases.json', limit: 20, summary: false, onlyDiff: false, jsonOut: undefined as string | undefined, names: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--cases') out.casesFile = argv[++i] ?? out.casesFile;
    else if (arg === '--limit') out.limit = Number(argv[++i] ?? out.limit);
    else if (arg === '--summary') out.summary = true;
    else if (arg === '--only-diff') out.onlyDiff = true;
    else if (arg === '--json') out.jsonOut = argv[++i];
    else out.names.push(arg);
  }
  return out;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Order-insensitive deep equality for string lists, key-order-insensitive for objects. */
function canonical(value: unknown, asSet = false): string {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v));
    return `[${(asSet ? [...new Set(items)].sort() : items).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

class Comparison {
  readonly tally: Tally = new Map();
  readonly disagreements: Disagreement[] = [];

  count(field: string, agree: boolean): void {
    const entry = this.tally.get(field) ?? { agree: 0, total: 0 };
    entry.total++;
    if (agree) entry.agree++;
    this.tally.set(field, entry);
  }

  field(field: string, where: string, ours: unknown, cargo: unknown, asSet = false): void {
    const agree = canonical(ours, asSet) === canonical(cargo, asSet);
    this.count(field, agree);
    if (agree) return;
    if (isRecord(ours) && isRecord(cargo)) {
      // Maps like `features` are long; only the keys that differ help.
      const keys = [...new Set([...Object.keys(ours), ...Object.keys(cargo)])].filter((k) => canonical(ours[k]) !== canonical(cargo[k])).sort();
      const pick = (side: Record<string, unknown>): string => show(Object.fromEntries(keys.filter((k) => k in side).map((k) => [k, side[k]])));
      this.disagreements.push({ field, where: `${where} (differing keys only)`, ours: pick(ours), cargo: pick(cargo) });
    } else {
      this.disagreements.push({ field, where, ours: show(ours), cargo: show(cargo) });
    }
  }

  /** Matches two keyed lists; unmatched items on either side count as disagreements of `field`. */
  match<T>(field: string, where: string, ours: T[], cargo: T[], keys: ((item: T) => string)[], describe: (item: T) => string): [T, T][] {
    const pairs: [T, T][] = [];
    let oursLeft = ours;
    let cargoLeft = cargo;
    // Later keys are looser, so an item whose strict key differs (say a reformatted `cfg(...)`)
    // still pairs up and the difference shows as a field disagreement instead of missing + extra.
    for (const key of keys) {
      const byKey = new Map<string, T[]>();
      for (const item of oursLeft) byKey.set(key(item), [...(byKey.get(key(item)) ?? []), item]);
      const unmatched: T[] = [];
      for (const item of cargoLeft) {
        const candidates = byKey.get(key(item));
        const partner = candidates?.shift();
        if (partner === undefined) unmatched.push(item);
        else pairs.push([partner, item]);
      }
      cargoLeft = unmatched;
      oursLeft = [...byKey.values()].flat();
    }
    for (let i = 0; i < pairs.length; i++) this.count(field, true);
    for (const item of cargoLeft) {
      this.count(field, false);
      this.disagreements.push({ field, where: `${where} ${describe(item)}`, ours: '(missing)', cargo: 'present' });
    }
    for (const item of oursLeft) {
      this.count(field, false);
      this.disagreements.push({ field, where: `${where} ${describe(item)}`, ours: 'present', cargo: '(absent)' });
    }
    return pairs;
  }
}

function relativeTo(root: string, path: string): string {
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

function targetCategory(target: MetaTarget): string {
  const kind = target.kind[0] ?? '';
  return ['bin', 'example', 'test', 'bench', 'custom-build'].includes(kind) ? kind : 'lib';
}

function depKind(dep: MetaDependency): string {
  return dep.kind ?? 'normal';
}

/** The package ids of `workspace_members`, turned into manifest paths (ids differ between tools). */
function memberManifests(meta: Meta): string[] {
  const byId = new Map(meta.packages.map((p) => [p.id, p.manifest_path]));
  return meta.workspace_members.map((id) => byId.get(id) ?? `(unknown id ${id})`);
}

function comparePackage(cmp: Comparison, root: string, ours: MetaPackage, cargo: MetaPackage): void {
  const where = relativeTo(root, cargo.manifest_path);
  for (const f of PACKAGE_FIELDS) cmp.field(`package.${f}`, where, ours[f], cargo[f]);
  for (const f of EXTRA_PACKAGE_FIELDS) cmp.field(`package.${f}`, where, ours[f], cargo[f]);

  const targetPairs = cmp.match(
    'targets',
    where,
    ours.targets,
    cargo.targets,
    [(t) => `${targetCategory(t)}:${t.name}`],
    (t) => `${t.kind.join(',')} ${t.name} (${relativeTo(root, t.src_path)})`,
  );
  for (const [o, c] of targetPairs) {
    const at = `${where} ${c.kind.join(',')} ${c.name}`;
    cmp.field('target.kind', at, o.kind, c.kind);
    cmp.field('target.crate_types', at, o.crate_types, c.crate_types);
    cmp.field('target.src_path', at, o.src_path, c.src_path);
    cmp.field('target.edition', at, o.edition, c.edition);
    cmp.field('target.required-features', at, o['required-features'] ?? [], c['required-features'] ?? [], true);
  }

  const depPairs = cmp.match(
    'deps',
    where,
    ours.dependencies,
    cargo.dependencies,
    [(d) => `${depKind(d)}|${d.target ?? ''}|${d.rename ?? d.name}`, (d) => `${depKind(d)}|${(d.target ?? '').replace(/\s+/g, '')}|${d.rename ?? d.name}`, (d) => `${depKind(d)}|${d.rename ?? d.name}`],
    (d) => `${depKind(d)} ${d.target ? `[${d.target}] ` : ''}${d.rename ?? d.name}`,
  );
  for (const [o, c] of depPairs) {
    const at = `${where} ${depKind(c)} ${c.target ? `[${c.target}] ` : ''}${c.rename ?? c.name}`;
    for (const f of DEP_FIELDS) cmp.field(`dep.${f}`, at, o[f], c[f], f === 'features');
  }
}

function compareMetadata(cmp: Comparison, ours: Meta, cargo: Meta): void {
  const root = cargo.workspace_root;
  cmp.field('workspace_root', '', ours.workspace_root, cargo.workspace_root);

  const oursMembers = memberManifests(ours);
  const cargoMembers = memberManifests(cargo);
  cmp.match('members', '', oursMembers, cargoMembers, [(p) => p], (p) => relativeTo(root, p));

  if (cargo.workspace_default_members) {
    const oursDefault = new Map(ours.packages.map((p) => [p.id, p.manifest_path]));
    const cargoDefault = new Map(cargo.packages.map((p) => [p.id, p.manifest_path]));
    const o = (ours.workspace_default_members ?? []).map((id) => oursDefault.get(id) ?? id);
    const c = cargo.workspace_default_members.map((id) => cargoDefault.get(id) ?? id);
    cmp.match('default_members', 'default-members:', o, c, [(p) => p], (p) => relativeTo(root, p));
  }

  const oursByPath = new Map(ours.packages.map((p) => [p.manifest_path, p]));
  for (const cargoPkg of cargo.packages) {
    const oursPkg = oursByPath.get(cargoPkg.manifest_path);
    if (oursPkg) comparePackage(cmp, root, oursPkg, cargoPkg);
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return `${typeof code === 'string' ? `${code}: ` : ''}${err.message}`;
  }
  return String(err);
}

async function runCase(c: Case, oracleDir: string): Promise<CaseResult> {
  const cmp = new Comparison();
  const result: CaseResult = { case: c.case, oracleOk: c.ok, oracleMs: c.oracleMs, oursMs: null, tally: {}, disagreements: cmp.disagreements };
  let ours: Meta | undefined;
  let errorDiagnostics: string[] = [];
  let warningDiagnostics: string[] = [];
  let thrown: string | undefined;
  const start = performance.now();
  try {
    const ws = await loadWorkspace(c.manifest);
    // The JSON view types `metadata` etc. more precisely than this script needs.
    ours = toCargoMetadata(ws) as unknown as Meta;
    const described = (severity: string): string[] => ws.diagnostics.filter((d) => d.severity === severity).map((d) => `${d.code}: ${d.message}`);
    errorDiagnostics = described('error');
    warningDiagnostics = described('warning');
  } catch (err) {
    thrown = errorText(err);
  }
  result.oursMs = Math.round((performance.now() - start) * 10) / 10;

  if (!c.ok) {
    // Cargo refused this workspace; ours must say something is wrong, not load it silently.
    // The root cause is the first line after the last `Caused by:`, else the `error:` line.
    const lines = (c.error ?? '').split('\n').map((l) => l.trim());
    const causedAt = lines.lastIndexOf('Caused by:');
    const firstLine = (causedAt >= 0 ? lines.slice(causedAt + 1) : lines).find((l) => l !== '') ?? '';
    const reported = thrown ?? errorDiagnostics[0];
    cmp.count('oracle_error_reported', reported !== undefined);
    if (reported === undefined) cmp.disagreements.push({ field: 'oracle_error_reported', where: '', ours: `loaded ${ours?.workspace_members.length ?? 0} members, no error diagnostic`, cargo: firstLine });
    const warned = warningDiagnostics.length > 0 ? ` (warnings: ${warningDiagnostics.slice(0, 2).join('; ')})` : '';
    result.note = `cargo: ${firstLine}\n  ours:  ${reported ?? `(no error)${warned}`}`;
  } else if (thrown !== undefined) {
    cmp.count('load', false);
    cmp.disagreements.push({ field: 'load', where: '', ours: `threw ${thrown}`, cargo: 'ok' });
  } else if (ours) {
    const cargo = JSON.parse(readFileSync(join(oracleDir, `${c.case}.json`), 'utf8')) as Meta;
    cmp.count('load', true);
    compareMetadata(cmp, ours, cargo);
    // Cargo loaded it, so an error of ours is a false alarm (a warning may still be fair).
    cmp.count('no_false_error', errorDiagnostics.length === 0);
    for (const e of errorDiagnostics.slice(0, 3)) cmp.disagreements.push({ field: 'no_false_error', where: '', ours: e, cargo: 'ok' });
  }
  result.tally = Object.fromEntries(cmp.tally);
  return result;
}

function fraction(t: { agree: number; total: number } | undefined): string {
  return t ? `${t.agree}/${t.total}` : '-';
}

function tableLines(tally: Record<string, { agree: number; total: number }>): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const [label, fields] of TABLE_ROWS) {
    const cells = fields.filter((f) => tally[f]).map((f) => `${f.replace(/^(package|target|dep)\./, '')} ${fraction(tally[f])}`);
    fields.forEach((f) => seen.add(f));
    if (cells.length > 0) lines.push(`  ${label.padEnd(16)} ${cells.join('  ')}`);
  }
  const rest = Object.keys(tally).filter((f) => !seen.has(f));
  if (rest.length > 0) lines.push(`  ${'other'.padEnd(16)} ${rest.map((f) => `${f} ${fraction(tally[f])}`).join('  ')}`);
  return lines;
}

function isClean(r: CaseResult): boolean {
  return Object.values(r.tally).every((t) => t.agree === t.total);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const oracleDir = dirname(args.casesFile);
  const all = JSON.parse(readFileSync(args.casesFile, 'utf8')) as Case[];
  const cases = args.names.length > 0 ? all.filter((c) => args.names.includes(c.case)) : all;
  const unknown = args.names.filter((n) => !all.some((c) => c.case === n));
  if (unknown.length > 0) console.log(`unknown cases: ${unknown.join(', ')}`);

  const results: CaseResult[] = [];
  const total: Record<string, { agree: number; total: number }> = {};
  for (const c of cases) {
    const r = await runCase(c, oracleDir);
    results.push(r);
    for (const [f, t] of Object.entries(r.tally)) {
      const acc = (total[f] ??= { agree: 0, total: 0 });
      acc.agree += t.agree;
      acc.total += t.total;
    }
    if (args.onlyDiff && isClean(r)) continue;
    const timing = `cargo ${r.oracleMs ?? '?'}ms, ours ${r.oursMs ?? '?'}ms`;
    const status = isClean(r) ? 'agree' : `${r.disagreements.length} disagreement(s)`;
    if (args.summary) {
      console.log(`${c.case.padEnd(40)} ${c.ok ? 'ok  ' : 'FAIL'} ${status.padEnd(20)} ${timing}`);
      continue;
    }
    console.log(`\n== ${c.case}  (${c.manifest})  ${c.ok ? '' : '[cargo fails] '}${timing}`);
    for (const line of tableLines(r.tally)) console.log(line);
    if (r.note) console.log(`  note: ${r.note}`);
    const shown = r.disagreements.slice(0, args.limit);
    if (shown.length > 0) console.log(`  disagreements${r.disagreements.length > shown.length ? ` (first ${shown.length} of ${r.disagreements.length})` : ''}:`);
    for (const d of shown) console.log(`    [${d.field}] ${d.where}: ours ${d.ours}, cargo ${d.cargo}`);
  }

  console.log('\n== by field, all cases');
  const byField = new Map<string, Disagreement[]>();
  for (const r of results) for (const d of r.disagreements) byField.set(d.field, [...(byField.get(d.field) ?? []), { ...d, where: `${r.case}: ${d.where}` }]);
  for (const [field, ds] of [...byField].sort((a, b) => b[1].length - a[1].length)) {
    const casesHit = new Set(ds.map((d) => d.where.split(':')[0])).size;
    console.log(`  ${field.padEnd(28)} ${String(ds.length).padStart(6)} in ${casesHit} case(s); e.g. ${ds[0]!.where}: ours ${ds[0]!.ours}, cargo ${ds[0]!.cargo}`);
  }

  const clean = results.filter(isClean).length;
  const ms = (pick: (r: CaseResult) => number | null): number => Math.round(results.reduce((s, r) => s + (pick(r) ?? 0), 0));
  const cargoMs = results.some((r) => r.oracleMs !== null) ? `cargo ${ms((r) => r.oracleMs)}ms, ` : '';
  console.log(`\n== total: ${clean}/${results.length} cases agree fully; ${cargoMs}ours ${ms((r) => r.oursMs)}ms`);
  for (const line of tableLines(total)) console.log(line);

  if (args.jsonOut) writeFileSync(args.jsonOut, `${JSON.stringify({ total, results }, null, 1)}\n`);
}

await main();
