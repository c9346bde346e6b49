import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AdvisoryIndex, AdvisoryParseError, parseAdvisory, type Advisory } from './advisory.js';
import type { DiskCache } from './cache.js';
import { fetchCached, OFFLINE_MISS, type FetchPolicy } from './fetcher.js';
import type { HttpClient } from './http.js';
import { readTar } from './tar.js';

/** The compact advisory database: what the cache and the shipped snapshot store (gzipped JSON). */
export interface AdvisoryDbFile {
  format: 1;
  /** Where the advisories came from (repository or archive URL). */
  source: string;
  commit: string | null;
  /** Date of that commit (ISO 8601), i.e. how current the content is. */
  commitDate: string | null;
  /** Licensing of the content: CC0-1.0, with CC-BY-4.0 for advisories whose `license` says so. */
  license: string;
  advisories: Advisory[];
  /** Files that could not be read, with why. */
  problems: string[];
}

export const ADVISORY_LICENSE =
  'RustSec advisory database (github.com/rustsec/advisory-db): CC0-1.0; advisories marked license = "CC-BY-4.0" are adapted from the GitHub Advisory Database under CC-BY-4.0, attribution through their url.';

/** `crates/<crate>/RUSTSEC-….md` anywhere in a path (archives put everything under one folder). */
const ADVISORY_PATH = /(?:^|\/)crates\/[^/]+\/[A-Z]+-\d{4}-\d+\.md$/;

/** Advisory files (path and text) → the compact database. */
export function buildDb(files: Iterable<{ path: string; text: string }>, source: string, commit: string | null, commitDate: string | null): AdvisoryDbFile {
  const advisories: Advisory[] = [];
  const problems: string[] = [];
  for (const { path, text } of files) {
    if (!ADVISORY_PATH.test(path)) continue;
    try {
      advisories.push(parseAdvisory(text));
    } catch (error) {
      if (!(error instanceof AdvisoryParseError)) throw error;
      problems.push(`${path.slice(path.indexOf('crates/'))}: ${error.message}`);
    }
  }
  advisories.sort((a, b) => a.id.localeCompare(b.id));
  return { format: 1, source, commit, commitDate, license: ADVISORY_LICENSE, advisories, problems };
}

/** A `rustsec/advisory-db` tarball (GitHub archive) → the compact database. */
export function dbFromArchive(archive: Buffer, source: string): AdvisoryDbFile {
  const tar = readTar(archive);
  const files = tar.entries.filter((e) => ADVISORY_PATH.test(e.path));
  if (files.length === 0) throw new Error('no advisories (crates/<crate>/RUSTSEC-*.md) in the archive');
  // GitHub stamps every entry with the commit's time, so the newest mtime dates the content.
  const mtime = Math.max(...tar.entries.map((e) => e.mtime));
  const commit = tar.comment && /^[0-9a-f]{40}$/.test(tar.comment) ? tar.comment : null;
  return buildDb(
    files.map((e) => ({ path: e.path, text: e.data.toString('utf8') })),
    source,
    commit,
    mtime > 0 ? new Date(mtime * 1000).toISOString() : null,
  );
}

export function encodeDb(db: AdvisoryDbFile): Buffer {
  return gzipSync(JSON.stringify(db), { level: 9 });
}

export function decodeDb(gz: Buffer): AdvisoryDbFile {
  const db = JSON.parse(gunzipSync(gz).toString('utf8')) as AdvisoryDbFile;
  if (db.format !== 1 || !Array.isArray(db.advisories)) throw new Error('unknown advisory database format');
  return db;
}

export interface AdvisoryData {
  status: 'ok';
  index: AdvisoryIndex;
  db: AdvisoryDbFile;
  /** `network`: fetched or revalidated now; `cache`: the local copy; `snapshot`: shipped with cargo-stack. */
  source: 'network' | 'cache' | 'snapshot';
  /** When the data was last known current (ms): the fetch or revalidation time, or the snapshot's commit date. */
  asOf: number;
  /** Why fresher data could not be had, when that is the case. */
  problem?: string;
}

export type AdvisoryLoad = AdvisoryData | { status: 'unavailable'; reason: string };

export interface AdvisorySettings {
  url: string;
  snapshotPath: string;
  ttlMs: number;
}

const CACHE_KEY = 'advisory-db/advisories.json.gz';

/**
 * The advisory database: fetched (or revalidated) when online and stale, else the cache, else the
 * shipped snapshot; of the cache and the snapshot, the more recent one wins.
 */
export async function loadAdvisories(http: HttpClient, cache: DiskCache, settings: AdvisorySettings, policy: FetchPolicy): Promise<AdvisoryLoad> {
  // Decoded once: the check of a cached (or fresh) copy keeps what it read.
  let last: { body: Buffer; db: AdvisoryDbFile } | undefined;
  const decode = (body: Buffer): AdvisoryDbFile => {
    if (last?.body !== body) last = { body, db: decodeDb(body) };
    return last.db;
  };
  const transform = (archive: Buffer): Buffer => {
    const db = dbFromArchive(archive, settings.url);
    const body = encodeDb(db);
    last = { body, db };
    return body;
  };
  // The check makes a damaged cache copy a miss (fetched again online), never a crash.
  const fetched = await fetchCached(http, cache, CACHE_KEY, settings.url, { ...policy, ttlMs: settings.ttlMs }, { transform, check: (body) => void decode(body) });
  let cached: AdvisoryData | undefined;
  let problem: string | undefined;
  if (fetched.status === 'ok') {
    const db = decode(fetched.body);
    const source = fetched.origin === 'network' || fetched.origin === 'revalidated' ? 'network' : 'cache';
    cached = { status: 'ok', index: new AdvisoryIndex(db.advisories), db, source, asOf: fetched.fetchedAt };
    if (fetched.problem) problem = `could not refresh: ${fetched.problem}`;
  } else if (fetched.status === 'unavailable') {
    if (!policy.offline) problem = `could not fetch: ${fetched.reason}`;
    else if (fetched.reason !== OFFLINE_MISS) problem = fetched.reason;
  } else {
    problem = 'could not fetch: the advisory database URL answered 404';
  }
  if (cached && cached.source === 'network') return cached;

  const snapshot = readSnapshot(settings.snapshotPath);
  const best = snapshot.ok && (!cached || snapshot.data.asOf > cached.asOf) ? snapshot.data : cached;
  if (!best) {
    const reasons = [policy.offline ? 'offline' : problem, snapshot.ok ? undefined : snapshot.reason].filter(Boolean);
    return { status: 'unavailable', reason: reasons.join('; ') || 'no advisory data' };
  }
  return problem ? { ...best, problem } : best;
}

function readSnapshot(path: string): { ok: true; data: AdvisoryData } | { ok: false; reason: string } {
  let gz: Buffer;
  try {
    gz = readFileSync(path);
  } catch {
    return { ok: false, reason: 'no snapshot shipped with cargo-stack' };
  }
  try {
    const db = decodeDb(gz);
    const asOf = db.commitDate ? Date.parse(db.commitDate) : 0;
    return { ok: true, data: { status: 'ok', index: new AdvisoryIndex(db.advisories), db, source: 'snapshot', asOf: Number.isNaN(asOf) ? 0 : asOf } };
  } catch (error) {
    return { ok: false, reason: `the shipped snapshot is unreadable: ${(error as Error).message}` };
  }
}
