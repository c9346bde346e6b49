import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isTable, readManifest, type Manifest, type TomlTable } from '../../project/manifest.js';
import type { Dependency, DependencySource, Package, Profile, Workspace } from '../../project/model.js';
import { parseVersionReq, type Comparator } from '../../project/version-req.js';

/** The manifest at `path`, or undefined when it cannot be read (the loader has reported that already). */
export function manifestAt(path: string): Manifest | undefined {
  const read = readManifest(path);
  return read.ok ? read.manifest : undefined;
}

/** Whether Cargo would ever publish the package: `publish = false` and `publish = []` both mean never. */
export function isPublished(member: Package): boolean {
  // Cargo 1.75+ lets `version` be omitted; such a package is 0.0.0 and is never published.
  if (member.version === '0.0.0') return false;
  return member.publish === true || (Array.isArray(member.publish) && member.publish.length > 0);
}

/** From this many members with the same problem on, one finding lists them all (at the shared fix when there is one). */
export const GROUP_MEMBERS_AT = 3;

/**
 * Members that `cargo publish` would accept as far as the manifests tell: declared published, and
 * no normal or build dependency on a path without a `version` (Cargo refuses those) or on a member
 * that cannot be published itself. Dev-dependencies do not count: Cargo strips versionless ones.
 */
export function publishableMembers(workspace: Workspace): Set<Package> {
  const byDir = new Map(workspace.members.map((m) => [m.dir, m]));
  const publishable = new Set(workspace.members.filter(isPublished));
  for (let changed = true; changed; ) {
    changed = false;
    for (const member of publishable) {
      const blocked = member.dependencies.some((dep) => {
        if (dep.kind === 'dev' || dep.source.type !== 'path') return false;
        if (dep.req === '*') return true;
        const target = byDir.get(resolve(member.dir, dep.source.path));
        return target !== undefined && !publishable.has(target);
      });
      if (blocked) {
        publishable.delete(member);
        changed = true;
      }
    }
  }
  return publishable;
}

export function hasTarget(member: Package, kind: 'lib' | 'bin'): boolean {
  return member.targets.some((t) => t.kind === kind);
}

/**
 * Words that mark a member as tooling rather than a product: its binaries are never shipped,
 * so they say nothing about how the workspace's releases should be built.
 */
const AUXILIARY_WORDS = new Set([
  'example', 'examples', 'demo', 'demos', 'test', 'tests', 'testing', 'testbins', 'bench', 'benches',
  'benchmark', 'benchmarks', 'fuzz', 'fuzzing', 'fuzzer', 'fuzzers', 'xtask', 'tools', 'ci', 'harness',
  'harnesses', 'dev',
]);

/** The words of a member's path (relative to the root) and name: `tools/bench-runner` → tools, bench, runner. */
function memberWords(workspace: Workspace, member: Package): string[] {
  return [...relative(workspace.root, member.dir).split(sep), member.name].flatMap((part) => part.toLowerCase().split(/[-_.]/));
}

/** A member whose path or name has one of the auxiliary words as a part. */
export function isAuxiliaryMember(workspace: Workspace, member: Package): boolean {
  return memberWords(workspace, member).some((word) => AUXILIARY_WORDS.has(word));
}

/** Example and demo members: written to be copied out as standalone projects, so they declare their own dependencies. */
export function isExampleMember(workspace: Workspace, member: Package): boolean {
  return memberWords(workspace, member).some((word) => /^(examples?|demos?)$/.test(word));
}

/** The workspace's own `.cargo/config.toml` (or legacy `config`), parsed; empty when absent or broken. */
export function workspaceCargoConfig(workspace: Workspace): TomlTable {
  for (const name of ['config.toml', 'config']) {
    const file = join(workspace.root, '.cargo', name);
    if (existsSync(file)) return manifestAt(file)?.doc ?? {};
  }
  return {};
}

/** `[profile]` of the workspace's `.cargo/config.toml`, which Cargo merges over the manifest's. */
export function configProfiles(workspace: Workspace): TomlTable {
  const profiles = workspaceCargoConfig(workspace).profile;
  return isTable(profiles) ? profiles : {};
}

/**
 * Whether one of `keys` is set for the built-in profile `base`: in `[profile.<base>]`, in
 * `.cargo/config.toml`, and with `viaInherits` also in a custom profile that inherits from it
 * (a `[profile.dist]` with `inherits = "release"` is how many projects tune what they ship).
 */
export function profileSets(workspace: Workspace, base: 'release' | 'dev', keys: readonly string[], viaInherits = false): boolean {
  const byName = new Map<string, Profile>(workspace.profiles.map((p) => [p.name, p]));
  const reaches = (name: string): boolean => {
    const seen = new Set<string>();
    for (let current: string | undefined = name; current !== undefined && !seen.has(current); ) {
      if (current === base) return true;
      if (!viaInherits) return false;
      seen.add(current);
      const inherits: unknown = byName.get(current)?.settings.inherits;
      current = typeof inherits === 'string' ? inherits : undefined;
    }
    return false;
  };
  const hasKey = (settings: TomlTable): boolean => keys.some((key) => key in settings);
  if (workspace.profiles.some((p) => reaches(p.name) && hasKey(p.settings))) return true;
  const fromConfig = configProfiles(workspace)[base];
  return isTable(fromConfig) && hasKey(fromConfig);
}

/** Whether `[profile.<base>.package."*"]` (manifest or `.cargo/config.toml`) sets `key`. */
export function allPackagesOverrideSets(workspace: Workspace, base: 'release' | 'dev', key: string): boolean {
  const sets = (settings: unknown): boolean => {
    const packages = isTable(settings) ? settings.package : undefined;
    const all = isTable(packages) ? packages['*'] : undefined;
    return isTable(all) && key in all;
  };
  return sets(workspace.profiles.find((p) => p.name === base)?.settings) || sets(configProfiles(workspace)[base]);
}

/** Identity of where a dependency comes from, so that the same name from two sources is two crates. */
export function sourceKey(source: DependencySource): string | undefined {
  if (source.type === 'path') return undefined;
  if (source.type === 'git') return `git:${source.git.replace(/(\.git)?\/*$/, '').toLowerCase()}`;
  return `registry:${source.registryIndex ?? source.registry ?? 'crates-io'}`;
}

/** "a, b, c and 4 more": keeps messages short on workspaces with a hundred members. */
export function listNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** A version as compared here: major, minor, patch and pre-release identifiers. */
type Triple = readonly [number, number, number, readonly string[]];

/**
 * The versions a requirement accepts, as one interval `[lower, upper)` (upper undefined: no
 * bound). Cargo requirements are intersections of comparators, so one interval is exact except
 * for pre-release subtleties, which do not matter for comparing members' requirements.
 */
export interface ReqRange {
  lower: Triple;
  upper: Triple | undefined;
  /** `lower` as text, e.g. `1.0.0` for `1`, `1.0` and `^1.0.0` alike. */
  lowerText: string;
}

function compareTriples(a: Triple, b: Triple): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  // A pre-release sorts before its release; between two pre-releases the text order is enough here.
  if (a[3].length === 0 || b[3].length === 0) return b[3].length - a[3].length;
  return a[3].join('.').localeCompare(b[3].join('.'));
}

/** The first version past the part a comparator names: `1` → 2.0.0, `1.2` → 1.3.0, `1.2.3` → 1.2.4. */
function nextAfter(cmp: Comparator): Triple {
  if (cmp.minor === undefined) return [cmp.major + 1, 0, 0, []];
  if (cmp.patch === undefined) return [cmp.major, cmp.minor + 1, 0, []];
  return [cmp.major, cmp.minor, cmp.patch + 1, []];
}

/** Cargo's caret upper bound: the next version that changes the leftmost non-zero part named. */
function caretUpper(cmp: Comparator): Triple {
  if (cmp.major > 0 || cmp.minor === undefined) return [cmp.major + 1, 0, 0, []];
  if (cmp.minor > 0 || cmp.patch === undefined) return [0, cmp.minor + 1, 0, []];
  return [0, 0, cmp.patch + 1, []];
}

function boundsOf(cmp: Comparator): { lower?: Triple; upper?: Triple } {
  const at: Triple = [cmp.major, cmp.minor ?? 0, cmp.patch ?? 0, cmp.pre];
  switch (cmp.op) {
    case '>=':
      return { lower: at };
    case '>':
      return { lower: nextAfter(cmp) };
    case '<':
      return { upper: at };
    case '<=':
      return { upper: nextAfter(cmp) };
    case '^':
      return { lower: at, upper: caretUpper(cmp) };
    case '~':
      return { lower: at, upper: cmp.minor === undefined ? nextAfter(cmp) : [cmp.major, cmp.minor + 1, 0, []] };
    default:
      return { lower: at, upper: nextAfter(cmp) };
  }
}

/** The range of a requirement, or undefined for `*` (no constraint) and for text Cargo rejects. */
export function reqRange(req: string): ReqRange | undefined {
  const parsed = parseVersionReq(req);
  if (!parsed.ok || parsed.req.comparators.length === 0) return undefined;
  let lower: Triple = [0, 0, 0, []];
  let upper: Triple | undefined;
  for (const cmp of parsed.req.comparators) {
    const bounds = boundsOf(cmp);
    if (bounds.lower && compareTriples(bounds.lower, lower) > 0) lower = bounds.lower;
    if (bounds.upper && (upper === undefined || compareTriples(bounds.upper, upper) < 0)) upper = bounds.upper;
  }
  const release = `${lower[0]}.${lower[1]}.${lower[2]}`;
  return { lower, upper, lowerText: lower[3].length > 0 ? `${release}-${lower[3].join('.')}` : release };
}

/** Whether some version satisfies both requirements (else the build needs two copies of the crate). */
export function overlaps(a: ReqRange, b: ReqRange): boolean {
  const below = (lower: Triple, upper: Triple | undefined): boolean => upper === undefined || compareTriples(lower, upper) < 0;
  // `>=2, <1` accepts nothing, so it shares no version with anything.
  return below(a.lower, a.upper) && below(b.lower, b.upper) && below(a.lower, b.upper) && below(b.lower, a.upper);
}

/** Orders ranges by their lower bound, oldest first. */
export function compareLower(a: ReqRange, b: ReqRange): number {
  return compareTriples(a.lower, b.lower);
}

/** A member's own (not inherited) declaration of a registry or git crate. */
export interface Declaration {
  member: Package;
  dep: Dependency;
}

/**
 * Members' own declarations of registry and git crates, grouped by crate and source
 * (`name\0source`). Example members are left out: they are written to be copied out as standalone
 * projects, so their own declarations are deliberate.
 */
export function directDeclarations(workspace: Workspace): Map<string, Declaration[]> {
  const groups = new Map<string, Declaration[]>();
  for (const member of workspace.members) {
    if (isExampleMember(workspace, member)) continue;
    for (const dep of member.dependencies) {
      const source = sourceKey(dep.source);
      if (dep.inherited || source === undefined) continue;
      const key = `${dep.name}\u0000${source}`;
      const list = groups.get(key) ?? [];
      list.push({ member, dep });
      groups.set(key, list);
    }
  }
  return groups;
}

/** Whether two requirements can be met by one version; `*` and unparsable text count as compatible. */
export function compatibleReqs(a: string, b: string): boolean {
  const ra = reqRange(a);
  const rb = reqRange(b);
  return !ra || !rb || overlaps(ra, rb);
}

/**
 * The crates (`name\0source`) that hygiene/workspace-dependency asks to declare once in
 * [workspace.dependencies]: declared directly in two or more members, or declared directly
 * (at a compatible version) although the table has them. Following that advice also unifies
 * their requirements.
 */
export function sharedDeclarationKeys(workspace: Workspace): Set<string> {
  const keys = new Set<string>();
  const workspaceReqs = new Map<string, string>();
  for (const dep of workspace.workspaceDependencies.values()) {
    const source = sourceKey(dep.source);
    if (source !== undefined) workspaceReqs.set(`${dep.name}\u0000${source}`, dep.req);
  }
  if (workspace.members.length < 2) return keys;
  for (const [key, declarations] of directDeclarations(workspace)) {
    const workspaceReq = workspaceReqs.get(key);
    const shared = workspaceReq === undefined ? new Set(declarations.map((d) => d.member)).size >= 2 : declarations.some((d) => compatibleReqs(d.dep.req, workspaceReq));
    if (shared) keys.add(key);
  }
  return keys;
}
