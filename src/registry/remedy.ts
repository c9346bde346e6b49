import semver from 'semver';
import type { LockGraph, LockPackage, Lockfile } from '../project/lockfile.js';
import type { Dependency, Package, Workspace } from '../project/model.js';
import { matchesReq, maxSatisfying, parseVersionReq, type VersionReq } from '../project/version-req.js';
import type { IndexFile, IndexVersion } from './sparse-index.js';

/** How a member reaches a locked package: `chain[0]` is the member, `chain[1]` its direct dependency. */
export interface Exposure {
  member: Package;
  chain: number[];
  /** The member's manifest entry for `chain[1]`, when it could be matched. */
  dependency: Dependency | undefined;
}

/** Lock indices of the workspace members (path packages named and versioned like a member). */
export function memberRoots(workspace: Workspace, lock: Lockfile): Map<number, Package> {
  const roots = new Map<number, Package>();
  lock.packages.forEach((pkg, i) => {
    if (pkg.source !== null) return;
    const member = workspace.members.find((m) => m.name === pkg.name && m.version === pkg.version);
    if (member) roots.set(i, member);
  });
  return roots;
}

/**
 * For each member and each of its direct dependencies that leads to `target`, the shortest chain
 * through that dependency (so every dependency to upgrade is named, not only the nearest one),
 * shortest chains first. Empty when no member reaches it (a stale lockfile entry).
 */
export function exposuresOf(workspace: Workspace, lock: Lockfile, graph: LockGraph, target: number, limit = 8): Exposure[] {
  const out: Exposure[] = [];
  for (const [root, member] of memberRoots(workspace, lock)) {
    const directs = new Set(lock.packages[root]!.dependencies.map((e) => e.index).filter((i) => i >= 0 && i !== root));
    for (const direct of [...directs].sort((a, b) => a - b)) {
      const tail = direct === target ? [target] : graph.pathsFrom([direct], target, 1)[0];
      if (!tail || tail.includes(root)) continue;
      const pkg = lock.packages[direct]!;
      const dependency =
        member.dependencies.find((d) => d.name === pkg.name && d.resolved?.version === pkg.version) ?? member.dependencies.find((d) => d.name === pkg.name && d.source.type !== 'path');
      out.push({ member, chain: [root, ...tail], dependency });
    }
  }
  out.sort((a, b) => a.chain.length - b.chain.length || a.chain[0]! - b.chain[0]! || a.chain[1]! - b.chain[1]!);
  return out.slice(0, limit);
}

export type Remedy =
  /** The requirement that pulls the package in already allows a fixed version. */
  | { kind: 'update'; command: string }
  /** Newer versions along the chain, within the member's requirement, reach a fixed version. */
  | { kind: 'update-chain'; command: string; direct: string }
  /** The member's requirement on `direct` must be raised to `version`. */
  | { kind: 'manifest'; direct: string; version: string; member: string; file: string }
  /** No release of `direct` reaches a fixed version yet. */
  | { kind: 'blocked'; direct: string; newest: string }
  /** No fixed version of the package exists. */
  | { kind: 'no-fix' }
  | { kind: 'unknown'; reason: string };

export interface RemedyInput {
  lock: Lockfile;
  exposure: Exposure;
  /** Whether a version of the target is still affected. */
  affected: (version: string) => boolean;
  /** Index files by package name (for the chain's packages); missing ones make the answer `unknown`. */
  indexOf: (name: string) => IndexFile | undefined;
  /** Versions named by the advisory's `patched` requirements, used when the target's index is missing. */
  patchedHints: string[];
}

function usable(file: IndexFile): IndexVersion[] {
  return file.versions.filter((v) => !v.yanked);
}

function req(raw: string): VersionReq | null {
  const parsed = parseVersionReq(raw);
  return parsed.ok ? parsed.req : null;
}

/** `cargo update -p name` or, when several versions are locked, `-p name@version`. */
export function updateCommand(lock: Lockfile, pkg: LockPackage, extra = ''): string {
  const ambiguous = lock.packages.filter((p) => p.name === pkg.name).length > 1;
  return `cargo update -p ${pkg.name}${ambiguous ? `@${pkg.version}` : ''}${extra}`;
}

/** The requirements `parent@version` (from its index entry) places on `child`, dev-dependencies aside. */
function requirementsOn(version: IndexVersion, child: string): string[] {
  return version.deps.filter((d) => d.kind !== 'dev' && (d.package ?? d.name) === child).map((d) => d.req);
}

/** What to do about an affected package reached through `exposure`. */
export function remedyFor(input: RemedyInput): Remedy {
  const { lock, exposure, affected, indexOf } = input;
  const chain = exposure.chain.map((i) => lock.packages[i]!);
  const target = chain[chain.length - 1]!;
  const targetIndex = indexOf(target.name);
  // Only upgrades count: an older unaffected release (say, a previous major) is no way forward.
  const newer = (v: string): boolean => semver.valid(v) !== null && semver.valid(target.version) !== null && semver.gt(v, target.version);
  const fixed = (targetIndex ? usable(targetIndex).map((v) => v.vers) : input.patchedHints).filter((v) => newer(v) && !affected(v));
  if (fixed.length === 0) return targetIndex || input.patchedHints.length === 0 ? { kind: 'no-fix' } : { kind: 'unknown', reason: 'no index data' };
  const allowsFix = (raw: string): boolean => {
    const r = req(raw);
    return r !== null && fixed.some((v) => matchesReq(r, v));
  };

  const parent = chain[chain.length - 2];
  if (!parent) return { kind: 'unknown', reason: 'not reached from a member' };
  if (chain.length === 2) {
    if (!exposure.dependency) return { kind: 'unknown', reason: 'the manifest entry was not found' };
    if (allowsFix(exposure.dependency.req)) return { kind: 'update', command: updateCommand(lock, target) };
    const newest = maxSatisfying(fixed, req('*')!) ?? fixed[fixed.length - 1]!;
    return { kind: 'manifest', direct: target.name, version: newest, member: exposure.member.name, file: exposure.member.manifestPath };
  }

  const parentIndex = indexOf(parent.name);
  const parentEntry = parentIndex?.versions.find((v) => v.vers === parent.version);
  if (!parentEntry) return { kind: 'unknown', reason: `no index data for ${parent.name} ${parent.version}` };
  if (requirementsOn(parentEntry, target.name).some(allowsFix)) return { kind: 'update', command: updateCommand(lock, target) };

  const direct = chain[1]!;
  if (!exposure.dependency) return { kind: 'unknown', reason: 'the manifest entry was not found' };
  const dep = exposure.dependency;
  const within = walk(chain, { req: dep.req, features: dep.features, defaults: dep.usesDefaultFeatures }, indexOf, affected);
  if (within.kind === 'unknown') return within;
  if (within.kind === 'fixed') return { kind: 'update-chain', command: updateCommand(lock, direct, ' --recursive'), direct: direct.name };
  const unbounded = walk(chain, { req: '*', features: dep.features, defaults: dep.usesDefaultFeatures }, indexOf, affected);
  if (unbounded.kind === 'unknown') return unbounded;
  if (unbounded.kind === 'fixed') return { kind: 'manifest', direct: direct.name, version: unbounded.directVersion, member: exposure.member.name, file: exposure.member.manifestPath };
  return { kind: 'blocked', direct: direct.name, newest: unbounded.directVersion };
}

type Walk = { kind: 'fixed'; directVersion: string } | { kind: 'still'; directVersion: string } | { kind: 'unknown'; reason: string };

/** A parent's dependency on the next crate of a chain: the requirement and the features it asks for. */
interface Edge {
  req: string;
  features: readonly string[];
  defaults: boolean;
}

/**
 * Names (as keyed in the manifest, i.e. aliases) of the optional dependencies of `version` that the
 * requested features turn on: `dep:x`, `x/feature`, and implicit features named after a dependency.
 */
export function enabledOptionalDeps(version: IndexVersion, features: readonly string[], defaults: boolean): Set<string> {
  const optional = new Set(version.deps.filter((d) => d.optional).map((d) => d.name));
  const enabled = new Set<string>();
  const seen = new Set<string>();
  const queue = [...features, ...(defaults ? ['default'] : [])];
  while (queue.length > 0) {
    const feature = queue.pop()!;
    if (seen.has(feature)) continue;
    seen.add(feature);
    if (feature.startsWith('dep:')) {
      enabled.add(feature.slice(4));
      continue;
    }
    const slash = feature.indexOf('/');
    if (slash >= 0) {
      const dep = feature.slice(0, slash);
      // `dep?/feature` only adds a feature if something else enables the dependency.
      if (!dep.endsWith('?')) {
        enabled.add(dep);
        queue.push(dep);
      }
      continue;
    }
    if (optional.has(feature)) enabled.add(feature);
    queue.push(...(version.features[feature] ?? []));
  }
  return enabled;
}

/** The edges from `version` (built with `requested`) to `child`, leaving out dev-dependencies and optional ones not turned on. */
function edgesOn(version: IndexVersion, child: string, requested: Edge): Edge[] {
  const enabled = enabledOptionalDeps(version, requested.features, requested.defaults);
  return version.deps
    .filter((d) => d.kind !== 'dev' && (d.package ?? d.name) === child && (!d.optional || enabled.has(d.name)))
    .map((d) => ({ req: d.req, features: d.features, defaults: d.defaultFeatures }));
}

/**
 * Follows the chain taking, at each step, the newest release its parent allows (what `cargo update
 * --recursive` would pick), and says whether the end is a fixed version or the chain falls away
 * (a newer release no longer depends on the next crate, or only behind a feature nobody enables).
 */
function walk(chain: LockPackage[], direct: Edge, indexOf: (name: string) => IndexFile | undefined, affected: (v: string) => boolean): Walk {
  let edges = [direct];
  let directVersion = '';
  for (let i = 1; i < chain.length; i++) {
    const pkg = chain[i]!;
    const file = indexOf(pkg.name);
    if (!file) return { kind: 'unknown', reason: `no index data for ${pkg.name}` };
    const versions = usable(file);
    const candidates = edges.flatMap((edge) => {
      const r = req(edge.req);
      const best = r ? maxSatisfying(versions.map((v) => v.vers), r) : null;
      return best ? [{ best, edge }] : [];
    });
    const newest = maxSatisfying(candidates.map((c) => c.best), req('*')!) ?? candidates[0]?.best;
    if (!newest) return { kind: 'still', directVersion: directVersion || pkg.version };
    if (i === 1) directVersion = newest;
    if (i === chain.length - 1) return affected(newest) ? { kind: 'still', directVersion } : { kind: 'fixed', directVersion };
    const entry = versions.find((v) => v.vers === newest)!;
    const via = candidates.find((c) => c.best === newest)!.edge;
    edges = edgesOn(entry, chain[i + 1]!.name, via);
    if (edges.length === 0) return { kind: 'fixed', directVersion };
  }
  return { kind: 'still', directVersion };
}

/** The lowest version each requirement names (`>= 0.2.23` → 0.2.23), as hints when the index is missing. */
export function patchedHints(patched: readonly string[]): string[] {
  return patched.flatMap((raw) => {
    const r = req(raw);
    const c = r?.comparators.find((k) => k.op === '>=' || k.op === '^' || k.op === '~' || k.op === '=');
    return c ? [`${c.major}.${c.minor ?? 0}.${c.patch ?? 0}${c.pre.length ? `-${c.pre.join('.')}` : ''}`] : [];
  });
}

/** How a finding names the versions that would be fine: "a fixed version", "a non-yanked version". */
export interface RemedyWording {
  /** "fixed", "non-yanked". */
  good: string;
}

/** One sentence (lower-case start, no period) for a finding's fix. */
export function describeRemedy(remedy: Remedy, crate: string, patched: readonly string[], wording: RemedyWording = { good: 'fixed' }): string {
  const good = wording.good;
  switch (remedy.kind) {
    case 'update':
      return `run \`${remedy.command}\`: the requirements already allow a ${good} version`;
    case 'update-chain':
      return `run \`${remedy.command}\`: newer releases within the current requirement pull in a ${good} ${crate}`;
    case 'manifest':
      return `raise the requirement on ${remedy.direct} to "${remedy.version}" in ${remedy.member}'s Cargo.toml (a manifest change), then run \`cargo update -p ${remedy.direct}\``;
    case 'blocked':
      return `no release of ${remedy.direct} (newest ${remedy.newest}) allows a ${good} ${crate} yet: ask its maintainers, or replace it`;
    case 'no-fix':
      return `no ${good} release of ${crate} exists: replace it or remove the dependency`;
    case 'unknown':
      return patched.length > 0 ? `upgrade ${crate} to a ${good} version (${patched.join(' or ')})` : `no ${good} version is known: replace ${crate}`;
  }
}
