/** What the sqlx rules need to know about the sqlx a workspace uses. */
import { findCrate, type Kb } from '../../kb/load.js';
import type { Package, Workspace } from '../../project/model.js';
import { bucketOf, compareBuckets, compareVersions, effectiveVersion } from '../deps/_shared.js';

/**
 * The sqlx version of one member (its own dependency), else of the workspace: the newest sqlx in
 * Cargo.lock, else the newest any member asks for. Null when nothing uses sqlx.
 */
export function sqlxVersion(workspace: Workspace, kb: Kb, member?: Package): string | null {
  const latest = findCrate(kb, 'sqlx')?.latest;
  const own = member?.dependencies.find((d) => d.name === 'sqlx' && d.source.type !== 'path');
  if (own) {
    const version = effectiveVersion(own, latest);
    if (version) return version;
  }
  const locked = (workspace.lockfile?.packages ?? []).filter((p) => p.name === 'sqlx').map((p) => p.version);
  const wanted = workspace.members
    .flatMap((m) => m.dependencies)
    .filter((d) => d.name === 'sqlx' && d.source.type !== 'path')
    .map((d) => effectiveVersion(d, latest))
    .filter((v): v is string => v !== null);
  const candidates = locked.length > 0 ? locked : wanted;
  return candidates.sort(compareVersions)[candidates.length - 1] ?? null;
}

/** Whether `version` is in the compatibility range of `bucket` (`0.7`) or a later one. */
export function atLeast(version: string, bucket: string): boolean {
  const own = bucketOf(version);
  return own !== null && compareBuckets(own, bucket) >= 0;
}
