import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { DiskCache } from './cache.js';
import { HttpFailure, sleep, type HttpClient } from './http.js';
import { readTar } from './tar.js';

export type LicenseInfo =
  | { status: 'ok'; license: string | null; licenseFile: string | null; from: 'local' | 'api' | 'cache' }
  | { status: 'unavailable'; reason: string };

/** What a published Cargo.toml says about its license. */
export function licenseFromManifest(text: string): { license: string | null; licenseFile: string | null } | null {
  try {
    const pkg = (parseToml(text) as { package?: Record<string, unknown> }).package;
    if (!pkg) return null;
    return { license: typeof pkg.license === 'string' ? pkg.license : null, licenseFile: typeof pkg['license-file'] === 'string' ? pkg['license-file'] : null };
  } catch {
    return null;
  }
}

/**
 * Cargo's local registry cache: unpacked sources under `$CARGO_HOME/registry/src/<registry>/` and
 * downloaded `.crate` archives under `$CARGO_HOME/registry/cache/<registry>/`.
 */
export class LocalCrates {
  private srcDirs: string[] | undefined;
  private cacheDirs: string[] | undefined;

  constructor(private readonly cargoHome: string = process.env.CARGO_HOME ?? join(homedir(), '.cargo')) {}

  license(name: string, version: string): { license: string | null; licenseFile: string | null } | null {
    this.srcDirs ??= subdirs(join(this.cargoHome, 'registry', 'src'));
    for (const dir of this.srcDirs) {
      try {
        const found = licenseFromManifest(readFileSync(join(dir, `${name}-${version}`, 'Cargo.toml'), 'utf8'));
        if (found) return found;
      } catch {
        // Not unpacked in this registry folder.
      }
    }
    this.cacheDirs ??= subdirs(join(this.cargoHome, 'registry', 'cache'));
    for (const dir of this.cacheDirs) {
      let archive: Buffer;
      try {
        archive = readFileSync(join(dir, `${name}-${version}.crate`));
      } catch {
        continue;
      }
      try {
        const manifest = readTar(archive).entries.find((e) => e.path === `${name}-${version}/Cargo.toml`);
        const found = manifest && licenseFromManifest(manifest.data.toString('utf8'));
        if (found) return found;
      } catch {
        // A damaged download: Cargo would fetch it again; we look elsewhere.
      }
    }
    return null;
  }
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(dir, d.name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * The registry web API (`GET {api}/api/v1/crates/{name}/{version}`), one request per `intervalMs`
 * (crates.io's crawler policy asks for at most one per second), each answer cached for good: a
 * published version's license never changes.
 */
export class LicenseApi {
  private last = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly http: HttpClient,
    private readonly cache: DiskCache,
    private readonly intervalMs: number,
  ) {}

  cached(cacheKey: string, name: string, version: string): LicenseInfo | undefined {
    const entry = this.cache.read(this.key(cacheKey, name, version));
    if (!entry) return undefined;
    if (entry.meta.status === 404) return { status: 'unavailable', reason: 'not found on the registry' };
    let data: unknown;
    try {
      data = JSON.parse(entry.body.toString('utf8'));
    } catch {
      // A damaged cache file is a miss: asked again when allowed, never a crash.
      return undefined;
    }
    const { license, licenseFile } = (data ?? {}) as { license?: unknown; licenseFile?: unknown };
    const text = (value: unknown): value is string | null => value === null || typeof value === 'string';
    if (!text(license) || !text(licenseFile)) return undefined;
    return { status: 'ok', license, licenseFile, from: 'cache' };
  }

  async fetch(api: string, cacheKey: string, name: string, version: string, now: () => number): Promise<LicenseInfo> {
    const url = new URL(`api/v1/crates/${encodeURIComponent(name)}/${encodeURIComponent(version)}`, api.endsWith('/') ? api : `${api}/`).href;
    const key = this.key(cacheKey, name, version);
    try {
      // Every attempt, retries included, waits for its turn: the API's limit counts requests, not crates.
      const res = await this.http.get(url, { accept: 'application/json' }, { pace: () => this.turn() });
      if (res.status === 404) {
        this.cache.write(key, { meta: { url, status: 404, fetchedAt: now() }, body: Buffer.alloc(0) });
        return { status: 'unavailable', reason: 'not found on the registry' };
      }
      if (res.status !== 200) return { status: 'unavailable', reason: `HTTP ${res.status} from ${url}` };
      const body = JSON.parse(res.body.toString('utf8')) as { version?: { license?: unknown; license_file?: unknown } };
      if (typeof body.version !== 'object' || body.version === null) return { status: 'unavailable', reason: `unexpected answer from ${url}` };
      const data = {
        license: typeof body.version.license === 'string' ? body.version.license : null,
        licenseFile: typeof body.version.license_file === 'string' ? body.version.license_file : null,
      };
      this.cache.write(key, { meta: { url, status: 200, fetchedAt: now() }, body: Buffer.from(JSON.stringify(data)) });
      return { status: 'ok', ...data, from: 'api' };
    } catch (error) {
      if (error instanceof HttpFailure || error instanceof SyntaxError) return { status: 'unavailable', reason: error.message };
      throw error;
    }
  }

  private key(cacheKey: string, name: string, version: string): string {
    return `licenses/${cacheKey.replace(/^index\//, '')}/${name.toLowerCase()}/${version}.json`;
  }

  /** Spaces the starts of requests `intervalMs` apart. */
  private turn(): Promise<void> {
    const mine = this.queue.then(async () => {
      const wait = this.last + this.intervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      this.last = Date.now();
    });
    this.queue = mine;
    return mine;
  }
}
