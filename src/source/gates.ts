/**
 * Helpers for source rules' gates and checks: which dependencies a member has, which versions
 * they resolved to, and under which Rust names a package is visible in the member's code.
 */
import semver from 'semver';
import { join } from 'node:path';
import { isTable, readManifest } from '../project/manifest.js';
import type { Kb } from '../kb/load.js';
import type { LockGraph } from '../project/lockfile.js';
import type { Dependency, DependencyKind, Package, Workspace } from '../project/model.js';
import { parseVersionReq, toNpmRange } from '../project/version-req.js';

/** What a scanner's `appliesTo` gate can look at (on the main thread, before the scan). */
export interface GateContext {
  workspace: Workspace;
  lockGraph: LockGraph | undefined;
  kb: Kb;
}

/** Crates whose presence makes a member async: runtimes and the frameworks that bring one. */
export const ASYNC_RUNTIMES: readonly string[] = ['tokio', 'async-std', 'smol', 'async-executor', 'async-global-executor', 'actix-rt', 'actix-web', 'ntex', 'compio', 'monoio', 'glommio', 'tokio-uring', 'embassy-executor', 'axum', 'rocket', 'warp', 'poem', 'salvo', 'tide'];

const norm = (name: string): string => name.toLowerCase().replace(/_/g, '-');

/** The member's dependency entries on any of `names` (package names; `-`/`_` alike), optionally of some kinds only. */
export function dependenciesOn(member: Package, names: readonly string[], kinds?: readonly DependencyKind[]): Dependency[] {
  const wanted = new Set(names.map(norm));
  return member.dependencies.filter((d) => wanted.has(norm(d.name)) && (!kinds || kinds.includes(d.kind)));
}

export function dependsOn(member: Package, names: readonly string[], kinds?: readonly DependencyKind[]): boolean {
  return dependenciesOn(member, names, kinds).length > 0;
}

/** The Rust identifier a dependency is visible under in code: its key (the rename) or its name, `-` → `_`. */
export function identOf(dep: Dependency): string {
  return (dep.rename ?? dep.name).replace(/-/g, '_');
}

/** Rust identifiers (renames included) → package name, for the member's dependencies on `names`. */
export function identsOf(member: Package, names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const dep of dependenciesOn(member, names)) out.set(identOf(dep), dep.name);
  return out;
}

/**
 * The version of `name` the member builds with: what Cargo.lock resolved for its entry, else the
 * lowest version its requirement allows (the manifest's promise), else null.
 */
export function versionOf(member: Package, name: string): string | null {
  const deps = dependenciesOn(member, [name]);
  const resolved = deps.find((d) => d.resolved)?.resolved?.version;
  if (resolved) return resolved;
  for (const dep of deps) {
    // A path dependency (a framework's own examples, a vendored fork) has its version in its manifest.
    if (dep.source.type === 'path' && dep.req === '*') {
      const read = readManifest(join(dep.source.path, 'Cargo.toml'));
      const pkg = read.ok && isTable(read.manifest.doc.package) ? read.manifest.doc.package : undefined;
      if (pkg && typeof pkg.version === 'string') return pkg.version;
      continue;
    }
    const parsed = parseVersionReq(dep.req);
    if (!parsed.ok) continue;
    try {
      const min = semver.minVersion(toNpmRange(parsed.req));
      if (min) return min.version;
    } catch {
      // A range node-semver cannot express (bounds past 2^53): no version to gate on.
    }
  }
  return null;
}

/** `version >= min`, false when the version is unknown. */
export function atLeast(version: string | null, min: string): boolean {
  const v = version === null ? null : semver.coerce(version, { includePrerelease: true });
  return v !== null && semver.gte(v, min);
}
