import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Package, Workspace } from '../project/model.js';
import { isIgnored, parseGitignore, type IgnoreFile } from './gitignore.js';
import { listDir, type DirListings } from '../util/fs.js';

export interface WalkedFile {
  /** Absolute path as found under the member (symlinks not resolved). */
  path: string;
  member: Package;
}

/**
 * Every `.rs` file of every member: the member's directory, recursively, minus what `.gitignore`
 * files (the repository's, from its root down) exclude, minus hidden directories, minus build
 * output (`target/` at a package or workspace root, or any directory with a CACHEDIR.TAG), minus
 * directories that hold another package (their own Cargo.toml). Symlinked directories are followed
 * once (by real path), so cycles end. Target roots outside the member's directory are walked too.
 */
export function walkSources(workspace: Workspace, listings?: DirListings): WalkedFile[] {
  const ignoreCache = new Map<string, IgnoreFile | null>();
  const readIgnore = (dir: string): IgnoreFile | null => {
    let cached = ignoreCache.get(dir);
    if (cached === undefined) {
      cached = null;
      try {
        cached = parseGitignore(dir, readFileSync(join(dir, '.gitignore'), 'utf8'));
      } catch {
        // No .gitignore here (the common case) or unreadable: nothing to honor.
      }
      ignoreCache.set(dir, cached);
    }
    return cached;
  };
  const top = repositoryRoot(workspace.root);
  const packageRoots = new Set([workspace.root, ...workspace.members.map((m) => m.dir)]);
  const files: WalkedFile[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  // `real` is the directory's real path, passed down so that only symlinks cost a realpath call.
  const deferred: { dir: string; name: string; member: Package; stack: IgnoreFile[] }[] = [];
  let following = false;
  const walk = (dir: string, real: string, member: Package, stack: IgnoreFile[]): void => {
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const entries = listDir(dir, listings);
    if (!entries) return;
    let ignoreFile = false;
    for (const e of entries) {
      if (e.name === 'CACHEDIR.TAG' || (e.name === 'Cargo.toml' && dir !== member.dir && !e.isDirectory())) return;
      if (e.name === '.gitignore') ignoreFile = true;
    }
    // Only read where the listing shows one: a failed read per directory costs an exception each.
    const own = ignoreFile ? readIgnore(dir) : null;
    const here = own ? [...stack, own] : stack;
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let realPath = join(real, name);
      if (entry.isSymbolicLink()) {
        // Followed after the whole tree, so that files keep their real paths when both lead to them.
        if (!following) {
          deferred.push({ dir, name, member, stack: here });
          continue;
        }
        try {
          const st = statSync(path);
          isDir = st.isDirectory();
          isFile = st.isFile();
          realPath = realpathSync.native(path);
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (name === 'target' && packageRoots.has(dir)) continue;
        if (isIgnored(here, path, true)) continue;
        walk(path, realPath, member, here);
      } else if (isFile && name.endsWith('.rs')) {
        if (isIgnored(here, path, false)) continue;
        addFile(path, realPath, member);
      }
    }
  };
  const addFile = (path: string, real: string, member: Package): void => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push({ path, member });
  };
  const realOf = (path: string): string | null => {
    try {
      return realpathSync.native(path);
    } catch {
      return null;
    }
  };

  // Deeper members first, so a member nested in another's directory keeps its own files.
  const members = [...workspace.members].sort((a, b) => b.dir.length - a.dir.length);
  for (const member of members) {
    const real = realOf(member.dir);
    if (real) walk(member.dir, real, member, ancestorIgnores(member.dir, top, readIgnore));
  }
  following = true;
  // Symlinks found on the way, each resolved now (a deferred one can defer no more).
  for (let i = 0; i < deferred.length; i++) {
    const { dir, name, member, stack } = deferred[i]!;
    const path = join(dir, name);
    let st;
    let real;
    try {
      st = statSync(path);
      real = realpathSync.native(path);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (!isIgnored(stack, path, true)) walk(path, real, member, stack);
    } else if (st.isFile() && name.endsWith('.rs') && !isIgnored(stack, path, false)) addFile(path, real, member);
  }
  for (const member of members) {
    for (const target of member.targets) {
      if (within(target.srcPath, member.dir) || !existsSync(target.srcPath)) continue;
      const dir = dirname(target.srcPath);
      const realDir = realOf(dir);
      if (realDir && !members.some((m) => within(dir, m.dir))) walk(dir, realDir, member, ancestorIgnores(dir, top, readIgnore));
      const real = realOf(target.srcPath);
      if (real) addFile(target.srcPath, real, member);
    }
  }
  return files;
}

export function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** The repository's root (where `.git` is) at or above `start`, else `start` itself. */
function repositoryRoot(start: string): string {
  for (let dir = start; ; ) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** Ignore files from `top` down to `dir`'s parent (`dir`'s own is read by the walk). */
function ancestorIgnores(dir: string, top: string, read: (dir: string) => IgnoreFile | null): IgnoreFile[] {
  if (!within(dir, top) || dir === top) return [];
  const chain: string[] = [];
  for (let d = dirname(dir); within(d, top); d = dirname(d)) {
    chain.unshift(d);
    if (d === top || dirname(d) === d) break;
  }
  return chain.map(read).filter((f): f is IgnoreFile => f !== null);
}
