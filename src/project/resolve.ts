import type { Lockfile, LockPackage } from './lockfile.js';
import type { Dependency, Workspace } from './model.js';
import { matchesReq, parseVersionReq } from './version-req.js';

function sourceMatches(dep: Dependency, pkg: LockPackage): boolean {
  switch (dep.source.type) {
    case 'path':
      return pkg.source === null;
    case 'git':
      return pkg.source !== null && pkg.source.startsWith('git+');
    case 'registry':
      return pkg.source !== null && !pkg.source.startsWith('git+');
  }
}

function reqMatches(dep: Dependency, version: string): boolean {
  const parsed = parseVersionReq(dep.req);
  return !parsed.ok || matchesReq(parsed.req, version);
}

/**
 * Attaches to every member dependency the version Cargo.lock resolved for it. The member's own
 * lock entry lists its dependency edges, which tell which of several versions of a crate this
 * member got; without that entry (stale lockfile), the newest locked version that satisfies the
 * requirement is taken.
 */
export function resolveDependencies(workspace: Workspace, lock: Lockfile): void {
  const byName = new Map<string, LockPackage[]>();
  for (const pkg of lock.packages) {
    const list = byName.get(pkg.name);
    if (list) list.push(pkg);
    else byName.set(pkg.name, [pkg]);
  }
  for (const member of workspace.members) {
    const own = byName.get(member.name)?.find((p) => p.source === null && p.version === member.version);
    const edges = own ? own.dependencies.map((e) => lock.packages[e.index]).filter((p): p is LockPackage => p !== undefined) : undefined;
    for (const dep of member.dependencies) {
      const pool = (edges ?? byName.get(dep.name) ?? []).filter((p) => p.name === dep.name && sourceMatches(dep, p));
      const candidates = pool.filter((p) => reqMatches(dep, p.version));
      const chosen = (candidates.length > 0 ? candidates : edges ? pool : []).sort((a, b) => compareVersions(b.version, a.version))[0];
      if (chosen) dep.resolved = { version: chosen.version, source: chosen.source };
    }
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10));
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}
