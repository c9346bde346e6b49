import { HttpFailure, type HttpClient } from './http.js';
import type { CacheEntry, DiskCache } from './cache.js';

/** Where an answer came from: the network (200), a 304 revalidation, a fresh or a stale cache entry. */
export type Origin = 'network' | 'revalidated' | 'cache' | 'stale';

export type CachedResult =
  | { status: 'ok'; body: Buffer; fetchedAt: number; origin: Origin; etag?: string; problem?: string }
  | { status: 'not-found'; fetchedAt: number; origin: Origin; httpStatus?: number }
  | { status: 'unavailable'; reason: string };

export interface FetchPolicy {
  /** Never touch the network. */
  offline: boolean;
  /** Revalidate even a fresh entry. */
  refresh: boolean;
  /** Entries younger than this are used without asking the server. */
  ttlMs: number;
  now: () => number;
}

/** Turns a fresh 200 body into what is cached and returned (e.g. an archive into parsed data); throws if it is unusable. */
export type Transform = (body: Buffer) => Buffer;

/** How a caller reads what it stores: `check` throws when a body (fresh or cached) is unusable. */
export interface BodyRules {
  transform?: Transform;
  check?: (body: Buffer) => void;
}

/** Why an offline lookup found nothing. */
export const OFFLINE_MISS = 'offline and not in the cache';

/** Statuses by which a server says "this does not exist", as Cargo reads them for index files. */
const NOT_FOUND = new Set([404, 410, 451]);

/**
 * A GET through the disk cache with ETag/Last-Modified revalidation. A failure falls back to a
 * stale entry (with the problem attached) rather than losing data the user already has.
 */
export async function fetchCached(http: HttpClient, cache: DiskCache, key: string, url: string, policy: FetchPolicy, rules: BodyRules = {}): Promise<CachedResult> {
  const { transform, check } = rules;
  let entry = cache.read(key);
  let damaged: string | undefined;
  if (entry?.meta.status === 200 && check) {
    try {
      check(entry.body);
    } catch (error) {
      // A damaged or foreign cache file is a miss: fetched again, never trusted.
      damaged = `the cached copy is unreadable (${(error as Error).message})`;
      entry = undefined;
    }
  }
  if (policy.offline) {
    if (!entry) return { status: 'unavailable', reason: damaged ? `offline, and ${damaged}` : OFFLINE_MISS };
    return fromEntry(entry, 'cache');
  }
  const now = policy.now();
  if (entry && !policy.refresh && now - entry.meta.fetchedAt < policy.ttlMs) return fromEntry(entry, 'cache');

  const headers: Record<string, string> = {};
  if (entry?.meta.status === 200) {
    if (entry.meta.etag) headers['if-none-match'] = entry.meta.etag;
    if (entry.meta.lastModified) headers['if-modified-since'] = entry.meta.lastModified;
  }
  let problem: string;
  try {
    const res = await http.get(url, headers);
    const fetchedAt = policy.now();
    if (res.status === 200) {
      let body = res.body;
      try {
        if (transform) body = transform(res.body);
        check?.(body);
      } catch (error) {
        throw new Unusable(`unusable response (${(error as Error).message})`);
      }
      const etag = res.headers.get('etag') ?? undefined;
      const lastModified = res.headers.get('last-modified') ?? undefined;
      cache.write(key, { meta: { url, status: 200, fetchedAt, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) }, body });
      return { status: 'ok', body, fetchedAt, origin: 'network', ...(etag ? { etag } : {}) };
    }
    if (res.status === 304 && entry?.meta.status === 200) {
      const etag = res.headers.get('etag') ?? entry.meta.etag;
      const meta = { ...entry.meta, fetchedAt, ...(etag ? { etag } : {}) };
      cache.write(key, { meta, body: entry.body });
      return { status: 'ok', body: entry.body, fetchedAt, origin: 'revalidated', ...(etag ? { etag } : {}) };
    }
    if (NOT_FOUND.has(res.status)) {
      cache.write(key, { meta: { url, status: 404, fetchedAt }, body: Buffer.alloc(0) });
      return { status: 'not-found', fetchedAt, origin: 'network', httpStatus: res.status };
    }
    problem = res.status === 304 ? 'HTTP 304 for a request that had nothing to revalidate' : `HTTP ${res.status}${res.status === 429 ? ' (rate limited)' : ''}`;
  } catch (error) {
    if (!(error instanceof HttpFailure) && !(error instanceof Unusable)) throw error;
    problem = error.message;
  }
  if (entry) return { ...fromEntry(entry, 'stale'), ...(entry.meta.status === 200 ? { problem } : {}) } as CachedResult;
  return { status: 'unavailable', reason: problem };
}

function fromEntry(entry: CacheEntry, origin: Origin): CachedResult {
  if (entry.meta.status === 404) return { status: 'not-found', fetchedAt: entry.meta.fetchedAt, origin };
  return { status: 'ok', body: entry.body, fetchedAt: entry.meta.fetchedAt, origin, ...(entry.meta.etag ? { etag: entry.meta.etag } : {}) };
}

class Unusable extends Error {}
