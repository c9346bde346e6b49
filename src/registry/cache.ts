import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../util/fs.js';

/**
 * The cache root: `$CARGO_STACK_CACHE_DIR`, else `$XDG_CACHE_HOME/cargo-stack`, else
 * `%LOCALAPPDATA%\cargo-stack` on Windows, else `~/.cache/cargo-stack`.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CARGO_STACK_CACHE_DIR) return resolve(env.CARGO_STACK_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'cargo-stack');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'cargo-stack');
  return join(homedir(), '.cache', 'cargo-stack');
}

/** What is known about a cached response besides its body. */
export interface CacheMeta {
  url: string;
  /** 200 for a body, 404 for "the server said it does not exist". */
  status: 200 | 404;
  etag?: string;
  lastModified?: string;
  /** When the server last confirmed this content (a 200 or a 304), ms since the epoch. */
  fetchedAt: number;
}

export interface CacheEntry {
  meta: CacheMeta;
  body: Buffer;
}

/**
 * One file per entry: a JSON line of metadata, then the body. A single file written by rename
 * keeps metadata and body consistent when two audits share the cache.
 */
export class DiskCache {
  constructor(readonly root: string) {}

  read(key: string): CacheEntry | undefined {
    let raw: Buffer;
    try {
      raw = readFileSync(this.path(key));
    } catch {
      return undefined;
    }
    const newline = raw.indexOf(0x0a);
    if (newline < 0) return undefined;
    try {
      const meta = JSON.parse(raw.subarray(0, newline).toString('utf8')) as CacheMeta;
      if (typeof meta.fetchedAt !== 'number' || (meta.status !== 200 && meta.status !== 404)) return undefined;
      return { meta, body: raw.subarray(newline + 1) };
    } catch {
      // A torn or foreign file is a cache miss, not an error.
      return undefined;
    }
  }

  /** Stores an entry; false when the cache is not writable (the audit goes on without it). */
  write(key: string, entry: CacheEntry): boolean {
    try {
      writeFileAtomic(this.path(key), Buffer.concat([Buffer.from(JSON.stringify(entry.meta) + '\n'), entry.body]));
      return true;
    } catch {
      return false;
    }
  }

  path(key: string): string {
    return join(this.root, ...key.split('/'));
  }
}
