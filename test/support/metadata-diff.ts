import { execFileSync, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import type { Metadata, MetadataDependency } from '../../src/project/metadata-json.js';

/** The subset of `cargo metadata --no-deps` output that cargo-stack's model must reproduce. */
export type OracleDependency = Omit<MetadataDependency, 'resolved_version' | 'location' | 'kind' | 'registry'> & { kind: string | null };

export interface OraclePackage {
  name: string;
  version: string;
  edition: string;
  rust_version: string | null;
  manifest_path: string;
  targets: { kind: string[]; name: string; src_path: string }[];
  dependencies: OracleDependency[];
}

export interface Oracle {
  packages: OraclePackage[];
  workspace_root: string;
}

let cargoAvailable: boolean | undefined;

/** Whether `cargo` can run here (tests that need it skip with a printed reason otherwise). */
export function hasCargo(): boolean {
  if (cargoAvailable === undefined) {
    const result = spawnSync('cargo', ['--version'], { encoding: 'utf8', env: { ...process.env, RUSTUP_TOOLCHAIN: 'stable' } });
    cargoAvailable = result.status === 0;
  }
  return cargoAvailable;
}

/** `cargo metadata --no-deps` for a manifest; the toolchain is forced to stable (rust-toolchain pins). */
export function cargoMetadata(manifestPath: string): Oracle {
  const out = execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1', '--offline', '--manifest-path', manifestPath], {
    encoding: 'utf8',
    env: { ...process.env, RUSTUP_TOOLCHAIN: 'stable', CARGO_TERM_COLOR: 'never' },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: dirname(manifestPath),
    maxBuffer: 512 * 1024 * 1024,
  });
  return JSON.parse(out) as Oracle;
}

export interface FieldTally {
  agree: number;
  total: number;
}

export interface Comparison {
  fields: Record<string, FieldTally>;
  disagreements: string[];
}

const DEP_FIELDS = ['name', 'rename', 'req', 'kind', 'target', 'optional', 'uses_default_features', 'features', 'source', 'path'] as const;

function depKey(d: { kind: string | null; target: string | null; rename: string | null; name: string }): string {
  return `${d.kind ?? 'normal'}|${d.target ?? ''}|${d.rename ?? d.name}`;
}

function normalizeDepValue(field: (typeof DEP_FIELDS)[number], value: unknown): string {
  if (field === 'features') return JSON.stringify([...new Set(value as string[])].sort());
  return JSON.stringify(value ?? null);
}

/**
 * Compares cargo-stack's metadata with Cargo's, field by field. Members are matched by
 * manifest path, dependencies by (kind, target, name in code), targets by (kind, name).
 */
export function compareMetadata(ours: Metadata, oracle: Oracle): Comparison {
  const fields: Record<string, FieldTally> = {};
  const disagreements: string[] = [];
  const tally = (field: string, ok: boolean, detail: () => string): void => {
    const t = (fields[field] ??= { agree: 0, total: 0 });
    t.total++;
    if (ok) t.agree++;
    else disagreements.push(`${field}: ${detail()}`);
  };
  const ourByPath = new Map(ours.packages.map((p) => [p.manifest_path, p]));
  const oracleByPath = new Map(oracle.packages.map((p) => [p.manifest_path, p]));
  for (const path of new Set([...ourByPath.keys(), ...oracleByPath.keys()])) {
    tally('members', ourByPath.has(path) && oracleByPath.has(path), () => `${path} ${ourByPath.has(path) ? 'only in cargo-stack' : 'only in cargo'}`);
  }
  for (const [path, theirs] of oracleByPath) {
    const mine = ourByPath.get(path);
    if (!mine) continue;
    for (const field of ['name', 'version', 'edition', 'rust_version'] as const) {
      tally(field, mine[field] === theirs[field], () => `${path}: ours ${JSON.stringify(mine[field])} cargo ${JSON.stringify(theirs[field])}`);
    }
    const targetKey = (t: { kind: string[]; name: string }): string => `${t.kind.join(',')}|${t.name}`;
    const ourTargets = new Map(mine.targets.map((t) => [targetKey(t), t.src_path]));
    const theirTargets = new Map(theirs.targets.map((t) => [targetKey(t), t.src_path]));
    for (const key of new Set([...ourTargets.keys(), ...theirTargets.keys()])) {
      tally('targets', ourTargets.get(key) === theirTargets.get(key), () => `${theirs.name} target ${key}: ours ${ourTargets.get(key) ?? '(none)'} cargo ${theirTargets.get(key) ?? '(none)'}`);
    }
    const ourDeps = new Map(mine.dependencies.map((d) => [depKey(d), d]));
    const theirDeps = new Map(theirs.dependencies.map((d) => [depKey(d), d]));
    for (const key of new Set([...ourDeps.keys(), ...theirDeps.keys()])) {
      const a = ourDeps.get(key);
      const b = theirDeps.get(key);
      tally('dependencies', a !== undefined && b !== undefined, () => `${theirs.name} dep ${key} ${a ? 'only in cargo-stack' : 'only in cargo'}`);
      if (!a || !b) continue;
      for (const field of DEP_FIELDS) {
        const x = normalizeDepValue(field, (a as unknown as Record<string, unknown>)[field]);
        const y = normalizeDepValue(field, (b as unknown as Record<string, unknown>)[field]);
        tally(`dep.${field}`, x === y, () => `${theirs.name} dep ${key}: ours ${x} cargo ${y}`);
      }
    }
  }
  return { fields, disagreements };
}

export function formatComparison(c: Comparison): string {
  return Object.entries(c.fields)
    .map(([field, t]) => `${field} ${t.agree}/${t.total}`)
    .join(', ');
}
