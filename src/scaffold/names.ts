/**
 * Crate names for `cargo-stack new`: the rules Cargo applies in `cargo new` plus those of crates.io,
 * so a generated workspace can be built and, where it makes sense, published under its name.
 */

/** Keywords of every edition (a crate name becomes a path segment in `use`). */
const KEYWORDS = new Set([
  'abstract', 'as', 'async', 'await', 'become', 'box', 'break', 'const', 'continue', 'crate', 'do', 'dyn', 'else', 'enum',
  'extern', 'false', 'final', 'fn', 'for', 'gen', 'if', 'impl', 'in', 'let', 'loop', 'macro', 'match', 'mod', 'move', 'mut',
  'override', 'priv', 'pub', 'ref', 'return', 'self', 'static', 'struct', 'super', 'trait', 'true', 'try', 'type', 'typeof',
  'unsafe', 'unsized', 'use', 'virtual', 'where', 'while', 'yield',
]);
/** Names of the sysroot crates: a crate of the same name shadows them. */
const SYSROOT = new Set(['std', 'core', 'alloc', 'proc_macro', 'test']);
/** Directories Cargo creates next to build artifacts; a binary of that name collides with them. */
const ARTIFACT_DIRS = new Set(['deps', 'examples', 'build', 'incremental']);
/** Device names Windows reserves in every directory. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/;
const MAX_LENGTH = 64;

/** `my-app` -> `my_app`: how the crate is named in Rust code. */
export function crateIdent(name: string): string {
  return name.replaceAll('-', '_');
}

/**
 * Why `name` cannot be the crate name, or undefined when it can. `longestSuffix` is the longest
 * suffix the scenario appends for its other crates (`-server`), which must still fit in 64 bytes.
 */
export function crateNameProblem(name: string, longestSuffix = 0): string | undefined {
  if (name === '') return 'the name is empty';
  if (/[A-Z]/.test(name)) return 'crate names are lowercase (crates.io compares them case-insensitively and Cargo warns about capitals)';
  const bad = [...name].find((ch) => !/[a-z0-9_-]/.test(ch));
  if (bad !== undefined) return `\`${bad}\` is not allowed: use lowercase ASCII letters, digits, \`-\` and \`_\``;
  if (!/^[a-z]/.test(name)) return 'a crate name must start with a letter';
  if (name.length + longestSuffix > MAX_LENGTH) {
    return `the name is too long: crates.io allows ${MAX_LENGTH} characters${longestSuffix > 0 ? `, and this template adds up to ${longestSuffix} for its other crates` : ''}`;
  }
  const ident = crateIdent(name);
  if (KEYWORDS.has(ident)) return `\`${ident}\` is a Rust keyword`;
  if (SYSROOT.has(ident)) return `\`${name}\` would shadow the built-in \`${ident}\` crate`;
  if (ARTIFACT_DIRS.has(name)) return `\`${name}\` collides with a directory Cargo creates in target/`;
  if (WINDOWS_RESERVED.test(name)) return `\`${name}\` is a reserved file name on Windows`;
  return undefined;
}

/**
 * A valid name to suggest when `raw` is not one: lowercase and dash-separated, with `-app` added
 * when the cleaned name is still taken (a keyword, a built-in crate, a reserved file name), and
 * short enough for the template's suffixes.
 */
export function suggestCrateName(raw: string, longestSuffix = 0): string {
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  if (cleaned === '') return 'my-app';
  const fits = (name: string): string => name.slice(0, MAX_LENGTH - longestSuffix).replace(/[-_]+$/, '');
  const short = fits(cleaned);
  if (crateNameProblem(short, longestSuffix) === undefined) return short;
  const suffixed = `${fits(cleaned.slice(0, MAX_LENGTH - longestSuffix - '-app'.length))}-app`;
  return crateNameProblem(suffixed, longestSuffix) === undefined ? suffixed : 'my-app';
}
