import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Directory globbing with the semantics of the `glob` crate that Cargo uses for
 * `workspace.members`: `*`, `?`, `[abc]`, `[!abc]` inside one path component, `**` for any
 * number of directories, hidden entries matched by wildcards, symlinked directories followed
 * once (a symlink that leads back to a directory already on the current walk is a loop).
 */

export function hasGlobMeta(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

function componentRegex(component: string): RegExp {
  let out = '^';
  for (let i = 0; i < component.length; i++) {
    const ch = component[i]!;
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else if (ch === '[') {
      const end = component.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = component.slice(i + 1, end);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      out += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = end;
    } else out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(out + '$');
}

export interface GlobResult {
  matches: string[];
  /** Directories that were skipped because following them would loop. */
  loops: string[];
}

/** Expands `pattern` (relative, `/`-separated) under `base`; returns matching directories, sorted. */
export function globDirectories(base: string, pattern: string): GlobResult {
  const parts = pattern.split('/').filter((p) => p !== '' && p !== '.');
  const matches = new Set<string>();
  const loops: string[] = [];

  const isDirectory = (path: string): boolean => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  };
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir).sort();
    } catch {
      return [];
    }
  };
  const real = (path: string): string => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };

  const walk = (dir: string, index: number, ancestors: Set<string>): void => {
    if (index === parts.length) {
      if (isDirectory(dir)) matches.add(dir);
      return;
    }
    const part = parts[index]!;
    if (part === '..') {
      walk(join(dir, '..'), index + 1, ancestors);
      return;
    }
    if (part === '**') {
      walk(dir, index + 1, ancestors);
      for (const entry of list(dir)) {
        const child = join(dir, entry);
        if (!isDirectory(child)) continue;
        const key = real(child);
        if (ancestors.has(key)) {
          loops.push(child);
          continue;
        }
        walk(child, index, new Set([...ancestors, key]));
      }
      return;
    }
    if (!hasGlobMeta(part)) {
      walk(join(dir, part), index + 1, ancestors);
      return;
    }
    const regex = componentRegex(part);
    for (const entry of list(dir)) {
      if (!regex.test(entry)) continue;
      const child = join(dir, entry);
      if (index + 1 < parts.length) {
        const key = real(child);
        if (ancestors.has(key)) {
          loops.push(child);
          continue;
        }
        walk(child, index + 1, new Set([...ancestors, key]));
      } else walk(child, index + 1, ancestors);
    }
  };
  walk(base, 0, new Set([real(base)]));
  return { matches: [...matches].sort(), loops };
}

/** Whole-path glob match (`*` within a component, `**` across components), for config paths. */
export function matchPathGlob(pattern: string, path: string): boolean {
  const patternParts = pattern.split('/').filter((p) => p !== '' && p !== '.');
  const pathParts = path.split('/').filter((p) => p !== '');
  const match = (i: number, j: number): boolean => {
    if (i === patternParts.length) return j === pathParts.length;
    const part = patternParts[i]!;
    if (part === '**') {
      for (let k = j; k <= pathParts.length; k++) if (match(i + 1, k)) return true;
      return false;
    }
    if (j === pathParts.length) return false;
    return componentRegex(part).test(pathParts[j]!) && match(i + 1, j + 1);
  };
  // A pattern naming a directory also covers everything inside it.
  return match(0, 0) || (!pattern.endsWith('**') && matchPathGlob(`${pattern.replace(/\/$/, '')}/**`, path));
}
