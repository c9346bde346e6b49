import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ToolError } from './errors.js';

/**
 * Writes a file atomically: a temporary file in the same directory, then a rename, so a reader
 * never sees half a report and a failed write leaves the old file as it was.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // Does not exist yet: the usual case.
  }
  if (isDirectory) throw new ToolError('output-is-directory', `${path} is a directory`, { hint: 'give a file name, e.g. --output report.html' });
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    makeDirectories(dir);
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The temporary file was never created (its directory is not one).
    }
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ToolError('write-failed', `cannot write ${path}: ${code}`, { hint: 'check that the directory exists and is writable' });
  }
}

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdirSync(dir, { recursive: true })` never returns
 * for a missing directory below /proc, so the recursion is ours.
 */
function makeDirectories(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirectories(parent);
  mkdirSync(dir);
}

/**
 * Directory listings read once per run: the audit walks a workspace's tree twice (for stray
 * manifests, then for Rust sources), and on big repositories readdir is most of each walk.
 * `null` records a directory that could not be read.
 */
export type DirListings = Map<string, Dirent[] | null>;

/** `readdirSync(dir, { withFileTypes: true })`, through `listings` when given; null when unreadable. */
export function listDir(dir: string, listings?: DirListings): Dirent[] | null {
  let entries = listings?.get(dir);
  if (entries === undefined) {
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      entries = null;
    }
    listings?.set(dir, entries);
  }
  return entries;
}

/** Whether a bundle (scripts/bundle-cli.mjs) exists and is not older than the compiled file it replaces (a compile without bundling leaves it stale). */
export function bundleIsCurrent(bundle: URL | string, compiled: URL | string): boolean {
  const mtime = (path: URL | string): number => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  return mtime(bundle) >= mtime(compiled);
}
