/**
 * Versions from the crates.io sparse index, through the registry client's cache (src/registry/).
 * "Newest compatible" means: not yanked, not a pre-release, within the template's range, and
 * buildable with the workspace's rust-version when the index records the crate's own.
 */
import semver from 'semver';
import { DiskCache } from '../registry/cache.js';
import { HttpClient } from '../registry/http.js';
import { settingsFromEnv, type RegistrySettings } from '../registry/service.js';
import { SparseIndex, type IndexVersion } from '../registry/sparse-index.js';
import type { VersionSource } from './versions.js';

export interface IndexSourceOptions {
  /** Revalidate cached index files even when they look fresh. */
  refresh?: boolean;
  settings?: RegistrySettings;
}

/** Rust versions such as "1.85" or "1.85.1" as comparable semver. */
function rustSemver(version: string): string | null {
  return semver.coerce(version)?.version ?? null;
}

/** The newest release in `versions` that fits `range` and `rustVersion`. */
export function newestCompatible(versions: readonly IndexVersion[], range: string, rustVersion: string | undefined): string | undefined {
  const ours = rustVersion === undefined ? null : rustSemver(rustVersion);
  let best: string | undefined;
  for (const entry of versions) {
    if (entry.yanked || semver.prerelease(entry.vers) !== null || !semver.satisfies(entry.vers, range)) continue;
    const needs = entry.rustVersion === null ? null : rustSemver(entry.rustVersion);
    if (ours !== null && needs !== null && semver.gt(needs, ours)) continue;
    if (best === undefined || semver.gt(entry.vers, best)) best = entry.vers;
  }
  return best;
}

export function cratesIoVersionSource(options: IndexSourceOptions = {}): VersionSource {
  const settings = options.settings ?? settingsFromEnv();
  const index = new SparseIndex(settings.cratesIoIndex, new HttpClient(settings.http), new DiskCache(settings.cacheDir), {
    offline: false,
    refresh: options.refresh === true,
    ttlMs: settings.indexTtlMs,
    now: settings.now,
  });
  // One look at config.json first: when the index cannot be reached, every crate fails the same
  // way at once instead of each one waiting through its own retries.
  let config: ReturnType<SparseIndex['getConfig']> | undefined;
  return {
    origin: 'crates.io',
    label: 'the crates.io index',
    async newest(crate, range, rustVersion) {
      config ??= index.getConfig();
      if ((await config) === null) throw new Error(`cannot read ${settings.cratesIoIndex}config.json (offline or unreachable)`);
      const result = await index.get(crate);
      if (result.status === 'unavailable') throw new Error(result.reason);
      if (result.status === 'not-found') throw new Error('not found in the index');
      return newestCompatible(result.file.versions, range, rustVersion);
    },
  };
}
