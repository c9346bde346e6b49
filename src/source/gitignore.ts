/**
 * A `.gitignore` matcher: enough of gitignore(5) for walking sources. Patterns are compiled to one
 * regular expression each and matched against the path relative to the directory of the file that
 * holds them. Supported: comments, `\#`/`\!` escapes, trailing-space trimming, `!` negation,
 * trailing `/` (directories only), anchoring by a leading or inner `/`, `*`, `?`, `[…]` classes
 * (with `!`/`^` negation), and `**` in all its positions.
 */

interface Pattern {
  regex: RegExp;
  negated: boolean;
  dirOnly: boolean;
}

export interface IgnoreFile {
  /** Absolute directory that holds the file; patterns are relative to it. */
  base: string;
  patterns: Pattern[];
}

export function parseGitignore(base: string, text: string): IgnoreFile {
  const patterns: Pattern[] = [];
  for (let raw of text.split(/\r?\n/)) {
    if (raw === '' || raw.startsWith('#')) continue;
    // Trailing spaces are ignored unless escaped with a backslash.
    raw = raw.replace(/(?<!\\)[ \t]+$/, '');
    let negated = false;
    if (raw.startsWith('!')) {
      negated = true;
      raw = raw.slice(1);
    } else if (raw.startsWith('\\!') || raw.startsWith('\\#')) raw = raw.slice(1);
    let dirOnly = false;
    if (raw.endsWith('/')) {
      dirOnly = true;
      raw = raw.replace(/\/+$/, '');
    }
    if (raw === '') continue;
    const anchored = raw.includes('/');
    if (raw.startsWith('/')) raw = raw.slice(1);
    const body = globToRegex(raw);
    if (body === null) continue;
    patterns.push({ regex: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`), negated, dirOnly });
  }
  return { base, patterns };
}

function globToRegex(glob: string): string | null {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === glob.length) {
            out += '.*';
            i += 2;
          } else {
            out += '(?:.*/)?';
            i += 3;
          }
          continue;
        }
      }
      out += '[^/]*';
      while (glob[i] === '*') i++;
      continue;
    }
    if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let cls = glob.slice(i + 1, close);
        let neg = false;
        if (cls.startsWith('!') || cls.startsWith('^')) {
          neg = true;
          cls = cls.slice(1);
        }
        out += `[${neg ? '^' : ''}${cls.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
        i = close + 1;
        continue;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]!);
      i += 2;
      continue;
    } else out += escapeRegex(c);
    i++;
  }
  try {
    new RegExp(out);
  } catch {
    return null;
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/**
 * Whether `path` (absolute, `/`-separated) is ignored by the stack of ignore files, outermost first.
 * The deepest file that has a matching pattern decides; within a file the last match wins.
 */
export function isIgnored(stack: readonly IgnoreFile[], path: string, isDir: boolean): boolean {
  for (let f = stack.length - 1; f >= 0; f--) {
    const file = stack[f]!;
    if (!path.startsWith(file.base + '/')) continue;
    const rel = path.slice(file.base.length + 1);
    for (let p = file.patterns.length - 1; p >= 0; p--) {
      const pattern = file.patterns[p]!;
      if (pattern.dirOnly && !isDir) continue;
      if (pattern.regex.test(rel)) return !pattern.negated;
    }
  }
  return false;
}
