import { isAbsolute, join, normalize, sep } from 'node:path';
import type { Diagnostic, Location } from './location.js';
import { getDashed, isTable, locate, type Manifest, type TomlTable } from './manifest.js';
import type { Dependency, DependencyKind, DependencySource } from './model.js';
import { formatPlatform } from './cfg.js';
import { cargoReqDisplay } from './version-req.js';

/** A dependency as declared, before `kind`/`target` are attached. Shared by members and `[workspace.dependencies]`. */
export type DeclaredDependency = Omit<Dependency, 'kind' | 'target' | 'inherited' | 'resolved'>;

/** The `[workspace.dependencies]` table of the root manifest, kept raw for inheritance. */
export interface WorkspaceDependencyTable {
  manifest: Manifest;
  table: TomlTable;
}

/** Dependency keys that only nightly Cargo accepts, with the unstable feature they belong to. */
const NIGHTLY_DEPENDENCY_KEYS: [string, string][] = [
  ['public', 'public-dependency'],
  ['base', 'path-bases'],
  ['artifact', 'bindeps'],
];

const DEP_TABLES: { key: string; kind: DependencyKind }[] = [
  { key: 'dependencies', kind: 'normal' },
  { key: 'dev-dependencies', kind: 'dev' },
  { key: 'build-dependencies', kind: 'build' },
];

function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function sourceOf(spec: TomlTable, baseDir: string): DependencySource {
  if (typeof spec.git === 'string') {
    const source: DependencySource = { type: 'git', git: spec.git };
    if (typeof spec.branch === 'string') source.branch = spec.branch;
    if (typeof spec.tag === 'string') source.tag = spec.tag;
    if (typeof spec.rev === 'string') source.rev = spec.rev;
    return source;
  }
  if (typeof spec.path === 'string') {
    const full = normalize(isAbsolute(spec.path) ? spec.path : join(baseDir, spec.path));
    const source: DependencySource = { type: 'path', path: full.length > 1 && full.endsWith(sep) ? full.slice(0, -1) : full };
    if (typeof spec.registry === 'string') source.registry = spec.registry;
    return source;
  }
  const source: DependencySource = { type: 'registry' };
  if (typeof spec.registry === 'string') source.registry = spec.registry;
  const index = getDashed(spec, 'registry-index');
  if (index && typeof index.value === 'string') source.registryIndex = index.value;
  return source;
}

function reqOf(version: unknown): string {
  return typeof version === 'string' ? cargoReqDisplay(version) : '*';
}

/** Reads one entry of a dependency table (`key = "1"` or `key = { … }`) relative to `baseDir`. */
export function readDeclaredDependency(key: string, value: unknown, baseDir: string, location: Location): DeclaredDependency {
  if (typeof value === 'string') {
    return { name: key, rename: null, req: reqOf(value), optional: false, usesDefaultFeatures: true, features: [], source: { type: 'registry' }, location };
  }
  const spec = isTable(value) ? value : {};
  const packageName = typeof spec.package === 'string' ? spec.package : key;
  const defaultFeatures = getDashed(spec, 'default-features');
  return {
    name: packageName,
    // Cargo reports a rename whenever `package` is given, even `tokio = { package = "tokio" }`.
    rename: typeof spec.package === 'string' ? key : null,
    req: reqOf(spec.version),
    optional: spec.optional === true,
    usesDefaultFeatures: defaultFeatures?.value !== false,
    features: asStringArray(spec.features),
    source: sourceOf(spec, baseDir),
    location,
  };
}

/**
 * Resolves `key = { workspace = true, … }` against `[workspace.dependencies]` with Cargo's
 * merge rules: features are the union (workspace first), `optional` comes from the member, and
 * `default-features` can only be turned on by the member, not off.
 */
function inheritDependency(
  key: string,
  member: TomlTable,
  workspace: WorkspaceDependencyTable | undefined,
  location: Location,
  edition: string,
  diagnostics: Diagnostic[],
): DeclaredDependency | undefined {
  const wsValue = workspace?.table[key];
  if (!workspace || wsValue === undefined) {
    diagnostics.push({
      code: 'manifest/missing-workspace-dependency',
      severity: 'error',
      message: `\`${key}\` is marked \`workspace = true\` but \`[workspace.dependencies]\` has no \`${key}\``,
      location,
      hint: `add \`${key}\` to [workspace.dependencies] in the root Cargo.toml`,
    });
    return undefined;
  }
  const base = readDeclaredDependency(key, wsValue, workspace.manifest.dir, location);
  const wsDefault = isTable(wsValue) ? getDashed(wsValue, 'default-features')?.value : undefined;
  const memberDefault = getDashed(member, 'default-features')?.value;
  let usesDefaultFeatures = base.usesDefaultFeatures;
  if (memberDefault === true && wsDefault === false) usesDefaultFeatures = true;
  if (memberDefault === false && wsDefault !== false) {
    // Cargo ignores the member's `default-features = false` here (a warning), and rejects it in edition 2024.
    diagnostics.push({
      code: 'manifest/default-features-ignored',
      severity: edition === '2024' ? 'error' : 'warning',
      message: `\`default-features = false\` on \`${key}\` cannot override [workspace.dependencies], which enables default features${edition === '2024' ? '; Cargo rejects this in edition 2024' : '; Cargo ignores it'}`,
      location,
      hint: `set \`default-features = false\` on \`${key}\` in [workspace.dependencies] and turn features on per member`,
    });
  }
  return {
    ...base,
    features: [...base.features, ...asStringArray(member.features)],
    optional: member.optional === true,
    usesDefaultFeatures,
  };
}

/** Every dependency of one package manifest: all kinds, and all `[target.*]` tables. */
export function readPackageDependencies(
  manifest: Manifest,
  workspace: WorkspaceDependencyTable | undefined,
  edition: string,
  diagnostics: Diagnostic[],
): Dependency[] {
  const out: Dependency[] = [];
  const readTables = (container: TomlTable, prefix: string[], target: string | null): void => {
    for (const { key, kind } of DEP_TABLES) {
      const found = getDashed(container, key);
      if (!found || !isTable(found.value)) continue;
      for (const [depKey, value] of Object.entries(found.value)) {
        const path = [...prefix, found.key, depKey];
        const location = locate(manifest, path);
        let declared: DeclaredDependency | undefined;
        if (isTable(value) && value.workspace === true) {
          declared = inheritDependency(depKey, value, workspace, location, edition, diagnostics);
          if (declared) out.push({ ...declared, kind, target, inherited: true });
        } else {
          if (isTable(value) && !('version' in value) && !('path' in value) && !('git' in value)) {
            diagnostics.push({
              code: 'manifest/dependency-without-source',
              severity: 'error',
              message: `dependency \`${depKey}\` has no \`version\`, \`path\`, \`git\` or \`workspace = true\`; Cargo rejects it`,
              location,
              hint: 'add a version requirement, or `workspace = true` to inherit it',
            });
          }
          for (const [key, feature] of NIGHTLY_DEPENDENCY_KEYS) {
            if (isTable(value) && key in value) {
              diagnostics.push({
                code: 'manifest/nightly-features',
                severity: 'warning',
                message: `\`${key}\` on dependency \`${depKey}\` is the unstable \`${feature}\` feature; stable Cargo rejects this manifest`,
                location,
              });
            }
          }
          declared = readDeclaredDependency(depKey, value, manifest.dir, location);
          out.push({ ...declared, kind, target, inherited: false });
        }
      }
    }
  };
  readTables(manifest.doc, [], null);
  const targets = manifest.doc.target;
  if (isTable(targets)) {
    for (const [platform, table] of Object.entries(targets)) {
      if (isTable(table)) readTables(table, ['target', platform], formatPlatform(platform));
    }
  }
  return out;
}

/** `[workspace.dependencies]` entries as declared dependencies (paths relative to the root). */
export function readWorkspaceDependencies(manifest: Manifest, table: TomlTable): Map<string, DeclaredDependency> {
  const out = new Map<string, DeclaredDependency>();
  for (const [key, value] of Object.entries(table)) {
    out.set(key, readDeclaredDependency(key, value, manifest.dir, locate(manifest, ['workspace', 'dependencies', key])));
  }
  return out;
}
