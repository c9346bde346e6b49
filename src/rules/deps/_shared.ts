/** Helpers shared by the dependency-graph rules (deps/, async/, sqlx/, migrations/). */
import type { Lockfile } from '../../project/lockfile.js';
import type { Dependency, Package, Workspace } from '../../project/model.js';
import { compatBucket, matchesReq, parseVersionReq } from '../../project/version-req.js';

export type RustVersion = [number, number, number];

/** `1.80` or `1.80.1` (what `rust-version` and the KB's `since` hold); null for anything else. */
export function parseRustVersion(text: string): RustVersion | null {
  const match = /^\s*(\d+)\.(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function compareRustVersions(a: RustVersion, b: RustVersion): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The MSRV to hold a member to: its own `rust-version` (inheritance already applied), else the one
 * written in `[workspace.package]`, which the member may not inherit but which still states the
 * workspace's intent.
 */
export function msrvOf(workspace: Workspace, member: Package): { version: string; from: 'package' | 'workspace' } | null {
  if (member.rustVersion && parseRustVersion(member.rustVersion)) return { version: member.rustVersion, from: 'package' };
  const shared = workspace.workspacePackage['rust-version'];
  if (typeof shared === 'string' && parseRustVersion(shared)) return { version: shared, from: 'workspace' };
  return null;
}

/** `compatBucket` that answers null instead of throwing on a version Cargo would not accept. */
export function bucketOf(version: string): string | null {
  try {
    return compatBucket(version);
  } catch {
    return null;
  }
}

/** The bucket of a short version as the KB writes migration steps (`0.21`, `1.0`, `2`). */
export function bucketOfShort(text: string): string | null {
  const parts = text.trim().split('.');
  if (parts.length > 3 || !parts.every((p) => /^\d+$/.test(p))) return null;
  while (parts.length < 3) parts.push('0');
  return bucketOf(parts.join('.'));
}

/** Orders compatibility buckets: `0.0.3` < `0.8` < `0.21` < `1` < `2`. */
export function compareBuckets(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Orders full versions by major, minor, patch (pre-releases and build metadata ignored). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).slice(0, 3).map((x) => Number.parseInt(x, 10) || 0);
  return (pa[0] ?? 0) - (pb[0] ?? 0) || (pa[1] ?? 0) - (pb[1] ?? 0) || (pa[2] ?? 0) - (pb[2] ?? 0);
}

/**
 * The version a dependency uses: the one Cargo.lock resolved; without a lockfile, `latest` when the
 * requirement accepts it (Cargo would pick the newest), else the requirement's lower bound.
 */
export function effectiveVersion(dep: Dependency, latest?: string): string | null {
  if (dep.resolved) return dep.resolved.version;
  const parsed = parseVersionReq(dep.req);
  if (!parsed.ok) return null;
  if (latest && matchesReq(parsed.req, latest)) return latest;
  for (const cmp of parsed.req.comparators) {
    if (cmp.op === '<' || cmp.op === '<=') continue;
    return `${cmp.major}.${cmp.minor ?? 0}.${cmp.patch ?? 0}`;
  }
  return latest ?? null;
}

/** Index of a member's own `[[package]]` in Cargo.lock, or -1. */
export function lockIndexOfMember(lock: Lockfile, member: Package): number {
  return lock.packages.findIndex((p) => p.source === null && p.name === member.name && p.version === member.version);
}

/** Index of the `[[package]]` Cargo.lock resolved a member's dependency to, or -1. */
export function lockIndexOfDependency(lock: Lockfile, dep: Dependency): number {
  const resolved = dep.resolved;
  if (!resolved) return -1;
  return lock.packages.findIndex((p) => p.name === dep.name && p.version === resolved.version && p.source === resolved.source);
}

/** "a, b and c"; long lists end with "and N more". */
export function listText(items: readonly string[], max = 4): string {
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
