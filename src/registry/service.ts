import { join } from 'node:path';
import type { Preparer, PrepareOptions } from '../engine/prepare.js';
import { readCargoConfig } from '../project/cargo-config.js';
import type { Diagnostic } from '../project/location.js';
import type { Workspace } from '../project/model.js';
import { ToolError } from '../util/errors.js';
import { PACKAGE_ROOT } from '../util/paths.js';
import { loadAdvisories, type AdvisoryLoad } from './advisory-db.js';
import { defaultCacheDir, DiskCache } from './cache.js';
import type { FetchPolicy } from './fetcher.js';
import { DEFAULT_HTTP, HttpClient, type HttpSettings } from './http.js';
import { LicenseApi, LocalCrates, type LicenseInfo } from './licenses.js';
import { Registries, type RegistryRef } from './registries.js';
import { SparseIndex, type IndexResult } from './sparse-index.js';

declare module '../engine/services.js' {
  interface AuditServices {
    /** crates.io and other sparse registries, RustSec advisories and license data, cached. */
    registry: RegistryService;
  }
}

export interface RegistrySettings {
  cacheDir: string;
  /** The crates.io sparse index (`CARGO_STACK_CRATES_IO_INDEX`). */
  cratesIoIndex: string;
  /** A tarball of `rustsec/advisory-db` (`CARGO_STACK_ADVISORY_DB_URL`). */
  advisoryUrl: string;
  snapshotPath: string;
  /** Index files younger than this are used without revalidation. */
  indexTtlMs: number;
  advisoryTtlMs: number;
  /** Spacing of registry API calls for license data. */
  licenseIntervalMs: number;
  cargoHome: string | undefined;
  http: HttpSettings;
  now: () => number;
}

export const DEFAULT_ADVISORY_URL = 'https://github.com/rustsec/advisory-db/archive/refs/heads/main.tar.gz';
export const SNAPSHOT_PATH = join(PACKAGE_ROOT, 'data', 'advisory-db', 'advisories.json.gz');

/** An http(s) URL from the environment, or `fallback`; anything else is a usage error, not a network one. */
const DEFAULT_CRATES_IO_INDEX = 'https://index.crates.io/';

function urlFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: string, example: string): string {
  const raw = env[name];
  if (!raw) return fallback;
  // Cargo's config spells sparse indexes `sparse+https://…`; the prefix adds nothing here.
  const value = raw.startsWith('sparse+') ? raw.slice('sparse+'.length) : raw;
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new ToolError('bad-url', `${name} is not a URL: ${raw}`, { hint: `set it to an http(s) URL, e.g. ${example}` });
  }
  if (protocol !== 'https:' && protocol !== 'http:') throw new ToolError('bad-url', `${name} must be an http(s) URL, not ${protocol}`, { hint: `e.g. ${example}` });
  return value;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): RegistrySettings {
  return {
    cacheDir: defaultCacheDir(env),
    cratesIoIndex: urlFromEnv(env, 'CARGO_STACK_CRATES_IO_INDEX', DEFAULT_CRATES_IO_INDEX, 'https://mirror.example/index/'),
    advisoryUrl: urlFromEnv(env, 'CARGO_STACK_ADVISORY_DB_URL', DEFAULT_ADVISORY_URL, DEFAULT_ADVISORY_URL),
    snapshotPath: SNAPSHOT_PATH,
    indexTtlMs: 30 * 60_000,
    advisoryTtlMs: 60 * 60_000,
    licenseIntervalMs: 1000,
    cargoHome: env.CARGO_HOME,
    http: DEFAULT_HTTP,
    now: Date.now,
  };
}

/** A locked or declared package to look up in its registry. */
export interface PackageRef {
  name: string;
  /** Lockfile source string (`registry+…`, `sparse+…`). */
  source: string | null;
}

/** Registry and advisory data for one audit. Everything is fetched lazily, once, by the rules that need it. */
export class RegistryService {
  readonly http: HttpClient;
  readonly cache: DiskCache;
  readonly registries: Registries;
  private readonly sparse = new Map<string, SparseIndex>();
  private advisoryLoad: Promise<AdvisoryLoad> | undefined;
  private readonly local: LocalCrates;
  private readonly licenseApi: LicenseApi;
  private readonly licenseMemo = new Map<string, Promise<LicenseInfo>>();

  constructor(
    registries: Registries,
    readonly options: Pick<PrepareOptions, 'offline' | 'refresh' | 'licenses' | 'progress'>,
    readonly settings: RegistrySettings,
  ) {
    this.registries = registries;
    this.http = new HttpClient(settings.http);
    this.cache = new DiskCache(settings.cacheDir);
    this.local = new LocalCrates(settings.cargoHome);
    this.licenseApi = new LicenseApi(this.http, this.cache, settings.licenseIntervalMs);
  }

  get offline(): boolean {
    return this.options.offline;
  }

  now(): number {
    return this.settings.now();
  }

  /** Requests sent so far (retries included). */
  get requests(): number {
    return this.http.requests;
  }

  registryOf(source: string | null): RegistryRef | null {
    return this.registries.of(source);
  }

  private policy(ttlMs: number): FetchPolicy {
    return { offline: this.options.offline, refresh: this.options.refresh, ttlMs, now: this.settings.now };
  }

  private sparseIndex(url: string): SparseIndex {
    let index = this.sparse.get(url);
    if (!index) {
      index = new SparseIndex(url, this.http, this.cache, this.policy(this.settings.indexTtlMs));
      this.sparse.set(url, index);
    }
    return index;
  }

  /** The index file of one package; `unavailable` (with why) for unsupported registries. */
  index(pkg: PackageRef): Promise<IndexResult> {
    const registry = this.registries.of(pkg.source);
    if (!registry) return Promise.resolve({ status: 'unavailable', reason: 'not from a registry' });
    if (registry.kind === 'unsupported') return Promise.resolve({ status: 'unavailable', reason: `registry \`${registry.name}\` is not supported: ${registry.reason}` });
    return this.sparseIndex(registry.url).get(pkg.name);
  }

  /** Index files of many packages (aligned with the input), with progress on a TTY. */
  async indexAll(pkgs: readonly PackageRef[]): Promise<IndexResult[]> {
    return this.withProgress('registry index', pkgs, (pkg) => this.index(pkg));
  }

  /** The advisory database (network, cache or shipped snapshot), loaded once. */
  advisories(): Promise<AdvisoryLoad> {
    this.advisoryLoad ??= (async () => {
      this.options.progress?.('loading RustSec advisories…');
      return loadAdvisories(
        this.http,
        this.cache,
        { url: this.settings.advisoryUrl, snapshotPath: this.settings.snapshotPath, ttlMs: this.settings.advisoryTtlMs },
        this.policy(this.settings.advisoryTtlMs),
      );
    })();
    return this.advisoryLoad;
  }

  /**
   * License data per package: the local Cargo registry cache, else our cache of earlier API
   * answers, else (only with --licenses and online) the registry API at its polite rate.
   */
  async licensesOf(pkgs: readonly { name: string; version: string; source: string | null }[]): Promise<LicenseInfo[]> {
    return this.withProgress('licenses', pkgs, (pkg) => {
      const key = `${pkg.name}\n${pkg.version}\n${pkg.source}`;
      let pending = this.licenseMemo.get(key);
      if (!pending) {
        pending = this.license(pkg.name, pkg.version, pkg.source);
        this.licenseMemo.set(key, pending);
      }
      return pending;
    });
  }

  private async license(name: string, version: string, source: string | null): Promise<LicenseInfo> {
    const local = this.local.license(name, version);
    if (local) return { status: 'ok', ...local, from: 'local' };
    const registry = this.registries.of(source);
    if (!registry || registry.kind !== 'sparse') return { status: 'unavailable', reason: 'not in the local Cargo cache' };
    const index = this.sparseIndex(registry.url);
    const cached = this.licenseApi.cached(index.cacheKey, name, version);
    if (cached) return cached;
    if (!this.options.licenses) return { status: 'unavailable', reason: 'not in the local Cargo cache (run with --licenses to ask the registry API)' };
    if (this.options.offline) return { status: 'unavailable', reason: 'not in the local Cargo cache, and offline' };
    const config = await index.getConfig();
    if (!config?.api) return { status: 'unavailable', reason: `registry \`${registry.name}\` has no API in its config.json` };
    return this.licenseApi.fetch(config.api, index.cacheKey, name, version, this.settings.now);
  }

  private async withProgress<T, R>(label: string, items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
    const progress = this.options.progress;
    let done = 0;
    let shown = 0;
    const tick = (): void => {
      done++;
      const now = Date.now();
      if (progress && (done === items.length || now - shown > 100)) {
        shown = now;
        progress(`fetching ${label}: ${done}/${items.length} crates`);
      }
    };
    return Promise.all(
      items.map(async (item) => {
        const result = await task(item);
        tick();
        return result;
      }),
    );
  }
}

export function createRegistryService(workspace: Workspace, options: PrepareOptions, settings: RegistrySettings = settingsFromEnv()): RegistryService {
  // The workspace loader already reported problems in these files.
  const ignored: Diagnostic[] = [];
  const config = readCargoConfig(workspace.root, ignored);
  // CARGO_STACK_CRATES_IO_INDEX wins; otherwise a mirror that .cargo/config.toml puts in place of
  // crates.io is what Cargo itself would ask.
  const cratesIoIndex = settings.cratesIoIndex === DEFAULT_CRATES_IO_INDEX && config.cratesIoMirror ? config.cratesIoMirror.index : settings.cratesIoIndex;
  const registries = new Registries(config, cratesIoIndex);
  return new RegistryService(registries, options, settings);
}

/** Registry and advisory data: nothing is fetched here; rules ask for what they need. */
export const prepareRegistry: Preparer = async (workspace, options) => ({
  services: { registry: createRegistryService(workspace, options) },
  capabilities: ['network'],
});
