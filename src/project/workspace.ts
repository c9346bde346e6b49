import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ToolError } from '../util/errors.js';
import { listDir, type DirListings } from '../util/fs.js';
import type { Diagnostic } from './location.js';
import { getDashed, isTable, locate, locateValue, MAX_MANIFEST_BYTES, readManifest, readTextFile, type Manifest, type TomlTable } from './manifest.js';
import type { Package, PatchEntry, Profile, Workspace } from './model.js';
import { buildPackage, type InheritanceContext } from './package.js';
import { readDeclaredDependency, readWorkspaceDependencies } from './dependencies.js';
import { globDirectories, hasGlobMeta } from './glob.js';
import { readCargoConfig, type CargoConfig } from './cargo-config.js';
import { lockfileFromFile } from './lockfile.js';
import { resolveDependencies } from './resolve.js';

export interface LoadOptions {
  /**
   * Walk the whole tree for Cargo.toml files that are neither members nor excluded. Cargo does
   * not do this, and on big repositories the walk costs as much as the rest of the model, so
   * only the audit asks for it.
   */
  scanStrays?: boolean;
  /** Directory listings to share with later walks of the same tree (the source walk). */
  listings?: DirListings;
}

/** Directories never searched for manifests: build output, VCS data, vendored JS. */
const SKIP_DIRS = new Set(['target', '.git', 'node_modules', '.hg', '.svn']);

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `Path::starts_with` semantics: whole components only. */
function pathStartsWith(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith(sep) ? prefix : prefix + sep);
}

interface WorkspaceConfig {
  manifest: Manifest;
  table: TomlTable;
  members: string[] | undefined;
  exclude: string[];
}

function workspaceConfigOf(manifest: Manifest): WorkspaceConfig | undefined {
  const table = manifest.doc.workspace;
  if (!isTable(table)) return undefined;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return { manifest, table, members: Array.isArray(table.members) ? strings(table.members) : undefined, exclude: strings(table.exclude) };
}

/** Cargo's `WorkspaceRootConfig::is_excluded`: excluded by prefix unless a member entry also prefixes it. */
function isExcluded(config: WorkspaceConfig, manifestPath: string): boolean {
  const root = config.manifest.dir;
  const excluded = config.exclude.some((ex) => pathStartsWith(manifestPath, resolve(root, ex)));
  const explicitMember = (config.members ?? []).some((m) => pathStartsWith(manifestPath, resolve(root, m)));
  return !explicitMember && excluded;
}

/** The Cargo.toml for `start`: the file itself, or the nearest one in `start` or above. */
function findNearestManifest(start: string): string | undefined {
  let dir = start;
  if (isFile(start)) {
    if (start.endsWith('Cargo.toml')) return start;
    dir = dirname(start);
  }
  for (;;) {
    const candidate = join(dir, 'Cargo.toml');
    if (isFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

class ManifestCache {
  private readonly cache = new Map<string, Manifest | Diagnostic>();
  read(path: string): Manifest | Diagnostic {
    let hit = this.cache.get(path);
    if (!hit) {
      const result = readManifest(path);
      hit = result.ok ? result.manifest : result.diagnostic;
      this.cache.set(path, hit);
    }
    return hit;
  }
}

function isManifest(value: Manifest | Diagnostic): value is Manifest {
  return 'doc' in value;
}

/** Cargo's find_root: `package.workspace`, else the nearest ancestor `[workspace]` that does not exclude us. */
function findRootManifest(manifestPath: string, cache: ManifestCache): string {
  const own = cache.read(manifestPath);
  if (!isManifest(own)) return manifestPath;
  if (isTable(own.doc.workspace)) return manifestPath;
  const pkg = isTable(own.doc.package) ? own.doc.package : undefined;
  if (pkg && typeof pkg.workspace === 'string') {
    const pointed = resolve(own.dir, pkg.workspace);
    return pointed.endsWith('Cargo.toml') ? pointed : join(pointed, 'Cargo.toml');
  }
  for (let dir = dirname(own.dir); ; dir = dirname(dir)) {
    const candidate = join(dir, 'Cargo.toml');
    if (isFile(candidate)) {
      const ancestor = cache.read(candidate);
      if (isManifest(ancestor)) {
        const config = workspaceConfigOf(ancestor);
        if (config && !isExcluded(config, manifestPath)) return candidate;
      }
    }
    if (dirname(dir) === dir) return manifestPath;
  }
}

export function loadWorkspaceSync(startPath: string, options: LoadOptions = {}): Workspace {
  const start = resolve(startPath);
  if (!existsSync(start)) throw new ToolError('path-not-found', `${startPath} does not exist`, { hint: 'pass the path of a Rust workspace or of a Cargo.toml' });
  const nearest = findNearestManifest(start);
  if (!nearest) {
    throw new ToolError('no-manifest', `no Cargo.toml in ${startPath} or any parent directory`, {
      hint: 'run inside a Rust workspace, or pass its path; for a folder of several workspaces use `cargo-stack map --all <dir>`',
    });
  }
  const cache = new ManifestCache();
  const rootPath = findRootManifest(nearest, cache);
  return loadFromRoot(rootPath, cache, options, nearest);
}

export async function loadWorkspace(startPath: string, options: LoadOptions = {}): Promise<Workspace> {
  return loadWorkspaceSync(startPath, options);
}

/**
 * Every independent workspace under `dir` (for repositories with no root manifest, e.g. one
 * workspace per example or per firmware board). A manifest that belongs to a workspace found
 * earlier is not loaded again.
 */
export function loadAllWorkspaces(dir: string, options: LoadOptions = {}): Workspace[] {
  const base = resolve(dir);
  const manifests = scanManifests(base).sort((a, b) => a.split(sep).length - b.split(sep).length || a.localeCompare(b));
  const cache = new ManifestCache();
  const claimed = new Set<string>();
  const out: Workspace[] = [];
  for (const manifestPath of manifests) {
    if (claimed.has(manifestPath)) continue;
    const rootPath = findRootManifest(manifestPath, cache);
    if (claimed.has(rootPath)) {
      claimed.add(manifestPath);
      continue;
    }
    const ws = loadFromRoot(rootPath, cache, { ...options, scanStrays: false }, manifestPath);
    out.push(ws);
    claimed.add(rootPath);
    for (const member of ws.members) claimed.add(member.manifestPath);
    if (!ws.members.some((m) => m.manifestPath === manifestPath)) claimed.add(manifestPath);
  }
  return out;
}

/** All Cargo.toml files under `dir`, skipping build output and VCS folders, not following symlinks. */
export function scanManifests(dir: string, listings?: DirListings): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const entries = listDir(current, listings);
    if (!entries) continue;
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) stack.push(join(current, entry.name));
      } else if (entry.name === 'Cargo.toml' && entry.isFile()) {
        out.push(join(current, entry.name));
      }
    }
  }
  return out;
}

function readProfiles(manifest: Manifest): Profile[] {
  const profiles = manifest.doc.profile;
  if (!isTable(profiles)) return [];
  return Object.entries(profiles)
    .filter((entry): entry is [string, TomlTable] => isTable(entry[1]))
    .map(([name, settings]) => ({ name, settings, location: locate(manifest, ['profile', name]) }));
}

function readPatches(manifest: Manifest): PatchEntry[] {
  const patch = manifest.doc.patch;
  if (!isTable(patch)) return [];
  const out: PatchEntry[] = [];
  for (const [registry, table] of Object.entries(patch)) {
    if (!isTable(table)) continue;
    for (const [key, value] of Object.entries(table)) {
      out.push({ registry, key, dependency: readDeclaredDependency(key, value, manifest.dir, locate(manifest, ['patch', registry, key])) });
    }
  }
  return out;
}

function loadFromRoot(rootPath: string, cache: ManifestCache, options: LoadOptions, requestedManifest: string): Workspace {
  const diagnostics: Diagnostic[] = [];
  const rootRead = cache.read(rootPath);
  if (!isManifest(rootRead)) {
    const requested = requestedManifest !== rootPath ? cache.read(requestedManifest) : rootRead;
    if (!isManifest(requested)) {
      throw new ToolError('unreadable-root', `cannot read the workspace root ${rootPath}: ${rootRead.message}`, {
        hint: rootRead.location ? `see ${rootRead.location.file}:${rootRead.location.line}:${rootRead.location.column}` : undefined,
      });
    }
    diagnostics.push(rootRead);
    return loadFromRoot(requestedManifest, cache, options, requestedManifest);
  }
  const root = rootRead;
  const config = readCargoConfig(root.dir, diagnostics);
  const wsConfig = workspaceConfigOf(root);
  const rootPackageTable = isTable(root.doc.package) ? root.doc.package : undefined;
  const workspacePackage = wsConfig && isTable(wsConfig.table.package) ? wsConfig.table.package : {};
  const wsDepsTable = wsConfig && isTable(wsConfig.table.dependencies) ? wsConfig.table.dependencies : undefined;
  const context: InheritanceContext = {
    rootManifest: root,
    workspacePackage,
    workspaceDependencies: wsDepsTable ? { manifest: root, table: wsDepsTable } : undefined,
  };

  if (!wsConfig && !rootPackageTable) {
    diagnostics.push({ code: 'manifest/no-package-or-workspace', severity: 'error', message: 'this Cargo.toml has neither `[package]` nor `[workspace]`', location: { file: root.path, line: 1, column: 1 } });
  }

  // Members: the root package, the expanded `members` globs, then path dependencies inside the root.
  const memberPaths: string[] = [];
  const memberSet = new Set<string>();
  const packages = new Map<string, Package>();
  const requested = new Map<string, { pattern: string; index: number }>();

  const addMember = (manifestPath: string, isPathDep: boolean, origin?: Diagnostic['location']): void => {
    if (memberSet.has(manifestPath)) return;
    if (isPathDep && !pathStartsWith(dirname(manifestPath), root.dir)) return;
    if (wsConfig && isExcluded(wsConfig, manifestPath)) return;
    const read = cache.read(manifestPath);
    if (!isManifest(read)) {
      if (!isPathDep) diagnostics.push(read.code === 'manifest/file-unreadable' && origin ? { ...read, code: 'workspace/member-missing', message: `workspace member ${relative(root.dir, dirname(manifestPath)) || '.'} has no readable Cargo.toml`, location: origin } : read);
      else diagnostics.push(read);
      return;
    }
    if (isPathDep && manifestPath !== root.path && isTable(read.doc.workspace)) return;
    memberSet.add(manifestPath);
    memberPaths.push(manifestPath);
    const pkg = buildPackage(read, wsConfig ? context : undefined, diagnostics);
    if (!pkg) return;
    packages.set(manifestPath, pkg);
    // Without a `[workspace]` table a package is alone: its path dependencies are not members.
    if (!wsConfig) return;
    for (const dep of pkg.dependencies) {
      if (dep.source.type === 'path') addMember(join(dep.source.path, 'Cargo.toml'), true);
    }
  };

  if (rootPackageTable) addMember(root.path, false);
  if (wsConfig?.members) {
    wsConfig.members.forEach((pattern, index) => {
      const origin = locateValue(root, ['workspace', 'members', index]);
      const target = resolve(root.dir, pattern);
      if (!pathStartsWith(target, root.dir) && !hasGlobMeta(pattern)) {
        diagnostics.push({
          code: 'workspace/member-outside-root',
          severity: 'warning',
          message: `member \`${pattern}\` is outside the workspace root; Cargo accepts it only if that package points back with \`package.workspace\``,
          location: origin,
        });
      }
      let dirs: string[];
      if (hasGlobMeta(pattern)) {
        const result = globDirectories(root.dir, pattern);
        for (const loop of result.loops) {
          diagnostics.push({ code: 'workspace/symlink-loop', severity: 'warning', message: `symlink loop at ${relative(root.dir, loop)} while expanding \`${pattern}\`; not followed`, location: origin });
        }
        dirs = result.matches;
        if (dirs.length === 0) {
          diagnostics.push({
            code: 'workspace/member-glob-empty',
            severity: 'error',
            message: `member pattern \`${pattern}\` matches no directory; Cargo fails with "failed to load manifest for workspace member"`,
            location: origin,
            hint: 'remove the entry or create the package',
          });
          return;
        }
      } else dirs = [target];
      for (const dir of dirs) {
        const manifestPath = join(dir, 'Cargo.toml');
        // Cargo checks `exclude` before it reads a member: an excluded glob match needs no Cargo.toml.
        if (isExcluded(wsConfig, manifestPath)) continue;
        requested.set(manifestPath, { pattern, index });
        if (!isFile(manifestPath)) {
          diagnostics.push({
            code: 'workspace/member-missing',
            severity: 'error',
            message: `workspace member \`${relative(root.dir, dir) || '.'}\`${pattern !== relative(root.dir, dir) ? ` (from \`${pattern}\`)` : ''} has no Cargo.toml`,
            location: origin,
            hint: 'create the package, fix the path, or add it to `workspace.exclude`',
          });
          continue;
        }
        addMember(manifestPath, false, origin);
      }
    });
  }

  // Path dependencies of the root package found before `members` was read are already members.
  const members = memberPaths.map((p) => packages.get(p)).filter((p): p is Package => p !== undefined);

  // default-members
  let defaultMembers: string[];
  const defaults = wsConfig ? getDashed(wsConfig.table, 'default-members') : undefined;
  if (defaults && Array.isArray(defaults.value)) {
    defaultMembers = [];
    defaults.value.forEach((pattern, index) => {
      if (typeof pattern !== 'string') return;
      const dirs = hasGlobMeta(pattern) ? globDirectories(root.dir, pattern).matches : [resolve(root.dir, pattern)];
      for (const dir of dirs) {
        const manifestPath = join(dir, 'Cargo.toml');
        if (memberSet.has(manifestPath)) defaultMembers.push(manifestPath);
        else {
          diagnostics.push({
            code: 'workspace/default-member-not-member',
            severity: 'error',
            message: `default member \`${pattern}\` is not a member of the workspace`,
            location: locateValue(root, ['workspace', defaults.key, index]),
          });
        }
      }
    });
  } else if (requestedManifest !== root.path && memberSet.has(requestedManifest)) {
    // Run from inside a member, Cargo works on that member only.
    defaultMembers = [requestedManifest];
  } else if (rootPackageTable && packages.has(root.path)) defaultMembers = [root.path];
  else defaultMembers = members.map((m) => m.manifestPath);

  // Resolver: explicit in [workspace] or [package], else implied by the root package's edition.
  const explicitResolver = wsConfig && typeof wsConfig.table.resolver === 'string' ? wsConfig.table.resolver : typeof rootPackageTable?.resolver === 'string' ? rootPackageTable.resolver : undefined;
  const rootEdition = packages.get(root.path)?.edition;
  const impliedResolver = rootEdition === '2024' ? '3' : rootEdition === '2021' ? '2' : '1';

  const workspaceDependencies = wsDepsTable ? readWorkspaceDependencies(root, wsDepsTable) : new Map();
  const lockfilePath = join(root.dir, 'Cargo.lock');
  const lockfile = lockfileFromFile(lockfilePath);
  if (lockfile) diagnostics.push(...lockfile.diagnostics);

  const replace = isTable(root.doc.replace) ? Object.keys(root.doc.replace).map((key) => ({ key, location: locate(root, ['replace', key]) })) : [];

  const workspace: Workspace = {
    root: root.dir,
    rootManifestPath: root.path,
    virtual: !rootPackageTable,
    explicitWorkspace: wsConfig !== undefined,
    resolver: explicitResolver ?? impliedResolver,
    resolverExplicit: explicitResolver !== undefined,
    members,
    defaultMembers,
    workspacePackage,
    workspaceDependencies,
    metadata: wsConfig && isTable(wsConfig.table.metadata) ? wsConfig.table.metadata : null,
    profiles: readProfiles(root),
    patches: readPatches(root),
    replace,
    lockfile,
    lockfilePath,
    strayManifests: [],
    diagnostics,
  };
  annotateRegistrySources(workspace, config);
  if (lockfile) resolveDependencies(workspace, lockfile);
  if (requestedManifest !== root.path && !memberSet.has(requestedManifest) && wsConfig) {
    diagnostics.push({
      code: 'workspace/not-a-member',
      severity: 'error',
      message: `${relative(root.dir, requestedManifest)} is inside the workspace at ${root.path} but is not a member; Cargo refuses to build it ("current package believes it's in a workspace when it's not")`,
      location: { file: requestedManifest, line: 1, column: 1 },
      hint: 'add it to `workspace.members` or `workspace.exclude`, or give it an empty `[workspace]` table',
    });
  }
  if (options.scanStrays && wsConfig) workspace.strayManifests = findStrayManifests(workspace, wsConfig, new Set(requested.keys()), options.listings);
  return workspace;
}

function annotateRegistrySources(workspace: Workspace, config: CargoConfig): void {
  const apply = (source: { type: string; registry?: string; registryIndex?: string }, location: Diagnostic['location']): void => {
    if (!source.registry || source.registryIndex) return;
    const index = config.registries.get(source.registry);
    if (index) {
      if (source.type === 'registry') source.registryIndex = index;
    }
    else {
      workspace.diagnostics.push({
        code: 'config/unknown-registry',
        severity: 'error',
        message: `registry \`${source.registry}\` is not defined in any .cargo/config.toml that applies here`,
        location,
        hint: `add [registries.${source.registry}] index = "…" to .cargo/config.toml`,
      });
    }
  };
  for (const member of workspace.members) for (const dep of member.dependencies) apply(dep.source, dep.location);
}

/** Manifests under the root that Cargo would refuse to build: neither members nor excluded nor their own workspace. */
/** `requested`: manifests `members` names, loaded or not (one that fails to load has its own error). */
function findStrayManifests(workspace: Workspace, config: WorkspaceConfig, requested: ReadonlySet<string>, listings: DirListings | undefined): string[] {
  const members = new Set([...workspace.members.map((m) => m.manifestPath), ...requested]);
  const stray: string[] = [];
  const nestedRoots: string[] = [];
  for (const path of scanManifests(workspace.root, listings).sort()) {
    if (members.has(path) || path === workspace.rootManifestPath) continue;
    if (isExcluded(config, path)) continue;
    if (nestedRoots.some((r) => pathStartsWith(path, r))) continue;
    // A text check is enough to classify a candidate, and far cheaper than parsing hundreds of
    // test-fixture manifests (Cargo's own repository has 600+).
    const read = readTextFile(path, MAX_MANIFEST_BYTES, 'manifest/file');
    if (!read.ok) continue;
    if (/^\s*\[workspace\]/m.test(read.text)) {
      nestedRoots.push(dirname(path));
      continue;
    }
    if (!/^\s*\[(package|project)\]/m.test(read.text)) continue;
    if (/^\s*workspace\s*=\s*["']/m.test(read.text)) continue;
    stray.push(path);
    workspace.diagnostics.push({
      code: 'workspace/stray-manifest',
      severity: 'note',
      message: `${relative(workspace.root, path)} is a package inside the workspace but neither a member nor excluded; Cargo refuses to build it from there (if it is a test fixture, ignore this)`,
      location: { file: path, line: 1, column: 1 },
      hint: 'add it to `workspace.members` or `workspace.exclude`, or give it an empty `[workspace]` table',
    });
  }
  return stray;
}

/** Resolves a user-given path the way the CLI reports it. */
export function displayPath(path: string, base: string = process.cwd()): string {
  const rel = relative(base, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

export function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
