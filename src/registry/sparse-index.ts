import { createHash } from 'node:crypto';
import type { DiskCache } from './cache.js';
import { fetchCached, type CachedResult, type FetchPolicy, type Origin } from './fetcher.js';
import type { HttpClient } from './http.js';

// Format: https://doc.rust-lang.org/cargo/reference/registry-index.html (sparse protocol, index
// files, config.json), as Cargo's `RemoteRegistry`/`HttpRegistry` and `IndexSummary` read it.

export interface IndexDependency {
  name: string;
  req: string;
  features: string[];
  optional: boolean;
  defaultFeatures: boolean;
  target: string | null;
  kind: 'normal' | 'dev' | 'build';
  /** Registry index URL of the dependency when it is not the same registry. */
  registry: string | null;
  /** The real package name when the dependency is renamed (`name` is then the alias). */
  package: string | null;
}

export interface IndexVersion {
  name: string;
  vers: string;
  deps: IndexDependency[];
  cksum: string;
  /** `features` with `features2` merged in, as Cargo does for schema version 2. */
  features: Record<string, string[]>;
  yanked: boolean;
  links: string | null;
  /** Index schema version of the entry (`v`, 1 when absent). */
  v: number;
  rustVersion: string | null;
  /** Publish time (RFC 3339) when the registry records it. */
  pubtime: string | null;
}

export interface IndexFile {
  name: string;
  /** In file order, which is publish order (not version order). */
  versions: IndexVersion[];
  /** Lines that were skipped, with why (malformed JSON, wrong shape, newer schema). */
  skipped: string[];
}

/** The highest index schema version this reader understands; Cargo skips newer entries. */
const MAX_SCHEMA = 2;

/** `serde` → `se/rd/serde`, `syn` → `3/s/syn`, lower-cased as the protocol requires. */
export function indexPath(name: string): string {
  const n = name.toLowerCase();
  switch (n.length) {
    case 0:
      throw new RangeError('empty crate name');
    case 1:
      return `1/${n}`;
    case 2:
      return `2/${n}`;
    case 3:
      return `3/${n[0]}/${n}`;
    default:
      return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
  }
}

/** Parses an index file: one JSON object per line. Bad lines are skipped and listed, as Cargo skips them. */
export function parseIndexFile(text: string, name: string): IndexFile {
  const file: IndexFile = { name, versions: [], skipped: [] };
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      file.skipped.push(`line ${i + 1}: not valid JSON`);
      return;
    }
    const parsed = readVersion(value);
    if (typeof parsed === 'string') {
      file.skipped.push(`line ${i + 1}: ${parsed}`);
      return;
    }
    if (parsed.name.toLowerCase() !== name.toLowerCase()) {
      file.skipped.push(`line ${i + 1}: entry for \`${parsed.name}\`, not \`${name}\``);
      return;
    }
    if (parsed.v > MAX_SCHEMA) {
      file.skipped.push(`line ${i + 1}: ${parsed.vers} uses index schema v${parsed.v}, newer than this tool reads`);
      return;
    }
    file.versions.push(parsed);
  });
  return file;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
}

function featureMap(value: unknown): Record<string, string[]> | null {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) return null;
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(value)) {
    const strings = stringArray(list);
    if (!strings) return null;
    out[key] = strings;
  }
  return out;
}

/** An index entry, or why it is not one. */
function readVersion(value: unknown): IndexVersion | string {
  if (!isRecord(value)) return 'not a JSON object';
  const { name, vers, deps, cksum, yanked } = value;
  if (typeof name !== 'string' || name === '') return 'missing `name`';
  if (typeof vers !== 'string' || vers === '') return 'missing `vers`';
  if (typeof cksum !== 'string') return `${vers}: missing \`cksum\``;
  if (!Array.isArray(deps)) return `${vers}: \`deps\` is not an array`;
  const features = featureMap(value.features);
  const features2 = featureMap(value.features2);
  if (!features || !features2) return `${vers}: malformed \`features\``;
  const dependencies: IndexDependency[] = [];
  for (const dep of deps) {
    const parsed = readDependency(dep);
    if (typeof parsed === 'string') return `${vers}: ${parsed}`;
    dependencies.push(parsed);
  }
  const v = value.v === undefined ? 1 : value.v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return `${vers}: malformed \`v\``;
  return {
    name,
    vers,
    deps: dependencies,
    cksum,
    features: { ...features, ...features2 },
    yanked: yanked === true,
    links: typeof value.links === 'string' ? value.links : null,
    v,
    rustVersion: typeof value.rust_version === 'string' ? value.rust_version : null,
    pubtime: typeof value.pubtime === 'string' ? value.pubtime : null,
  };
}

function readDependency(value: unknown): IndexDependency | string {
  if (!isRecord(value)) return 'a dependency is not an object';
  const { name, req } = value;
  if (typeof name !== 'string' || typeof req !== 'string') return 'a dependency lacks `name` or `req`';
  const kind = value.kind === undefined || value.kind === null ? 'normal' : value.kind;
  if (kind !== 'normal' && kind !== 'dev' && kind !== 'build') return `dependency \`${name}\` has unknown kind`;
  return {
    name,
    req,
    features: stringArray(value.features) ?? [],
    optional: value.optional === true,
    defaultFeatures: value.default_features !== false,
    target: typeof value.target === 'string' ? value.target : null,
    kind,
    registry: typeof value.registry === 'string' ? value.registry : null,
    package: typeof value.package === 'string' ? value.package : null,
  };
}

/** `config.json` at the index root. */
export interface IndexConfig {
  dl: string;
  api: string | null;
  authRequired: boolean;
}

export function parseIndexConfig(text: string): IndexConfig | null {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value) || typeof value.dl !== 'string') return null;
    return { dl: value.dl, api: typeof value.api === 'string' ? value.api : null, authRequired: value['auth-required'] === true };
  } catch {
    return null;
  }
}

export type IndexResult =
  | { status: 'ok'; file: IndexFile; fetchedAt: number; origin: Origin; problem?: string }
  | { status: 'not-found'; fetchedAt: number; origin: Origin }
  | { status: 'unavailable'; reason: string };

/** One sparse registry: its config and its index files, through the shared cache and client. */
export class SparseIndex {
  /** Cache folder for this registry: host plus a short hash of the URL, stable across runs. */
  readonly cacheKey: string;
  private config: Promise<CachedResult> | undefined;
  private readonly files = new Map<string, Promise<IndexResult>>();

  constructor(
    /** Base URL without `sparse+`, ending in `/`. */
    readonly url: string,
    private readonly http: HttpClient,
    private readonly cache: DiskCache,
    private readonly policy: FetchPolicy,
  ) {
    const host = new URL(url).host.replace(/[^a-zA-Z0-9.-]/g, '_');
    this.cacheKey = `index/${host}-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;
  }

  /** `config.json`; null when it cannot be had (offline and never fetched, or broken). */
  async getConfig(): Promise<IndexConfig | null> {
    const check = (body: Buffer): void => {
      if (!parseIndexConfig(body.toString('utf8'))) throw new Error('not a registry config.json');
    };
    this.config ??= fetchCached(this.http, this.cache, `${this.cacheKey}/config.json`, new URL('config.json', this.url).href, this.policy, { check });
    const result = await this.config;
    return result.status === 'ok' ? parseIndexConfig(result.body.toString('utf8')) : null;
  }

  /** The index file of `name`, fetched at most once per run. */
  get(name: string): Promise<IndexResult> {
    const key = name.toLowerCase();
    let pending = this.files.get(key);
    if (!pending) {
      pending = this.load(name);
      this.files.set(key, pending);
    }
    return pending;
  }

  private async load(name: string): Promise<IndexResult> {
    const config = await this.getConfig();
    if (config?.authRequired) return { status: 'unavailable', reason: 'the registry requires authentication, which cargo-stack does not support' };
    const path = indexPath(name);
    // Parsed once: the check (of the fresh or the cached body) keeps what it read for the caller.
    let last: { body: Buffer; file: IndexFile } | undefined;
    const read = (body: Buffer): IndexFile => {
      if (last?.body !== body) last = { body, file: parseIndexFile(body.toString('utf8'), name) };
      return last.file;
    };
    // A file without a single readable entry (an HTML error page, a captive portal, a damaged cache
    // file) is not "a crate with no versions": it must not pass for data.
    const check = (body: Buffer): void => {
      if (read(body).versions.length === 0) throw new Error('not an index file: no line is a readable index entry');
    };
    const result = await fetchCached(this.http, this.cache, `${this.cacheKey}/${path}`, new URL(path, this.url).href, this.policy, { check });
    if (result.status !== 'ok') return result;
    const file = read(result.body);
    return { status: 'ok', file, fetchedAt: result.fetchedAt, origin: result.origin, ...(result.problem ? { problem: result.problem } : {}) };
  }
}
