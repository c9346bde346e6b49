/**
 * Cargo's dependency version requirements (`version = "..."` in Cargo.toml).
 *
 * Cargo parses these with the Rust `semver` crate (`VersionReq::parse`) and matches them with its
 * `matches`; this module ports both by hand because node-semver differs in ways that change answers:
 * a bare `1.2.3` is a caret requirement, comparators are separated by commas (spaces are only
 * padding), there is no `||` and no hyphen range, a leading `v` is an error, and partial versions
 * compare only the components they name (`<1.0` excludes `1.0.0-beta`). Error messages are the
 * crate's own, so they read like the ones Cargo prints.
 */

export interface Comparator {
  /** `*` is a wildcard in a minor or patch position (`1.*`, `1.2.x`); a lone `*` has no comparators. */
  op: '=' | '>' | '>=' | '<' | '<=' | '~' | '^' | '*';
  major: number;
  minor?: number;
  patch?: number;
  /** Pre-release identifiers; only ever set when `patch` is. Build metadata is dropped, as Cargo does. */
  pre: string[];
}

/** `comparators` must all hold; an empty list is `*`. */
export interface VersionReq {
  raw: string;
  comparators: Comparator[];
}

export type ParseResult =
  | { ok: true; req: VersionReq }
  /** `column` is 1-based, in UTF-16 code units of `raw`; `hint` suggests a fix for common slips. */
  | { ok: false; error: string; column?: number; hint?: string };

type Position = 'major' | 'minor' | 'patch' | 'pre' | 'build';

const POSITION_NAME: Record<Position, string> = {
  major: 'major version number',
  minor: 'minor version number',
  patch: 'patch version number',
  pre: 'pre-release identifier',
  build: 'build metadata',
};

/** The semver crate refuses more than this many comparators in one requirement. */
const MAX_COMPARATORS = 32;
const U64_MAX = 18446744073709551615n;

class ReqSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

interface ParsedVersion {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

/** Parses a requirement exactly as `semver::VersionReq::parse` does. Never throws. */
export function parseVersionReq(raw: string): ParseResult {
  try {
    return { ok: true, req: { raw, comparators: new Scanner(raw).versionReq() } };
  } catch (error) {
    if (!(error instanceof ReqSyntaxError)) throw error;
    const hint = hintFor(raw);
    return {
      ok: false,
      error: error.message,
      column: error.index + 1,
      ...(hint === undefined ? {} : { hint }),
    };
  }
}

/**
 * Whether `version` satisfies `req` under the semver crate's rules. A pre-release version matches
 * only if some comparator names the same major.minor.patch with a pre-release of its own; so `*`
 * and `^1` never match `1.5.0-beta`. Returns false for a string that is not a valid Cargo version.
 */
export function matchesReq(req: VersionReq, version: string): boolean {
  const ver = parseVersion(version);
  return ver !== null && matchesParsed(req, ver);
}

/**
 * The newest of `versions` that satisfies `req`, or null. Strings that are not Cargo versions are
 * skipped. Versions differing only in build metadata are equal here; the first one listed wins.
 */
export function maxSatisfying(versions: string[], req: VersionReq): string | null {
  let best: { text: string; ver: ParsedVersion } | null = null;
  for (const text of versions) {
    const ver = parseVersion(text);
    if (ver === null || !matchesParsed(req, ver)) continue;
    if (best === null || compareVersions(ver, best.ver) > 0) best = { text, ver };
  }
  return best === null ? null : best.text;
}

/**
 * A node-semver range (default options, no `includePrerelease`) that accepts the same versions as
 * `req`, for code that already works with the `semver` package.
 *
 * Known gap, pre-releases only: the two agree on every release version, and on every pre-release
 * when no comparator of `req` carries a pre-release tag (both then refuse all pre-releases). When
 * one does (say `>=1.2.3-alpha`), a pre-release of that major.minor.patch can still be judged
 * differently by another comparator written with a partial version or a wildcard: Cargo keeps
 * 1.2.3-beta out of `=1.2`, `~1`, `1.*`, `>=1` and `<=1.2`, and lets 1.2.0-beta into `>1.1` and
 * `^1.2`, which no node-semver range can say. Use `matchesReq`/`maxSatisfying` when that matters.
 * Ranges whose bounds pass 2^53 (`^9007199254740991`) are not valid node-semver ranges.
 */
export function toNpmRange(req: VersionReq): string {
  if (req.comparators.length === 0) return '*';
  return req.comparators.map((cmp) => npmBounds(cmp).join(' ')).join(' ');
}

/** Human text in the notation of Cargo's documentation tables, e.g. `>=0.8.0, <0.9.0`. */
export function describeReq(req: VersionReq): string {
  if (req.comparators.length === 0) return '>=0.0.0';
  return req.comparators.map((cmp) => describeBounds(cmp).join(', ')).join(', ');
}

/**
 * The canonical text of `req`, as the semver crate's `Display` writes it and `cargo metadata`
 * reports it in `req`: `1.0` → `^1.0`, `>= 1.2 , < 1.5` → `>=1.2, <1.5`, `1.x` → `1.*`, `x` → `*`.
 */
export function formatReq(req: VersionReq): string {
  if (req.comparators.length === 0) return '*';
  return req.comparators.map(formatComparator).join(', ');
}

/** `formatReq` of `raw`, or `raw` unchanged when Cargo would reject it. */
export function cargoReqDisplay(raw: string): string {
  const parsed = parseVersionReq(raw);
  return parsed.ok ? formatReq(parsed.req) : raw;
}

/**
 * The semver-compatibility bucket Cargo uses to decide whether two versions of a package may
 * coexist in one build (and to group duplicates in Cargo.lock): `1.4.2` → `1`, `0.8.3` → `0.8`,
 * `0.0.3` → `0.0.3`. Pre-release tags do not change the bucket.
 * @throws RangeError when `version` is not a valid Cargo version.
 */
export function compatBucket(version: string): string {
  const ver = parseVersion(version);
  if (ver === null) throw new RangeError(`not a valid semver version: \`${version}\``);
  if (ver.major !== 0) return String(ver.major);
  if (ver.minor !== 0) return `0.${ver.minor}`;
  return `0.0.${ver.patch}`;
}

/** Whether Cargo treats `a` and `b` as semver-compatible; false if either is not a valid version. */
export function isCompatible(a: string, b: string): boolean {
  if (parseVersion(a) === null || parseVersion(b) === null) return false;
  return compatBucket(a) === compatBucket(b);
}

// ---------------------------------------------------------------------------------------------
// Parsing (port of the semver crate's src/parse.rs)

function parseVersion(text: string): ParsedVersion | null {
  try {
    return new Scanner(text).version();
  } catch (error) {
    if (error instanceof ReqSyntaxError) return null;
    throw error;
  }
}

class Scanner {
  private i = 0;

  constructor(private readonly s: string) {}

  version(): ParsedVersion {
    if (this.s.length === 0) throw new ReqSyntaxError('empty string, expected a semver version', 0);
    const major = this.numeric('major');
    this.dot('major');
    const minor = this.numeric('minor');
    this.dot('minor');
    const patch = this.numeric('patch');
    let pos: Position = 'patch';
    let pre: string[] = [];
    if (this.peek() === '-') {
      pos = 'pre';
      pre = this.nonEmptyIdentifier('pre');
    }
    if (this.peek() === '+') {
      pos = 'build';
      this.nonEmptyIdentifier('build');
    }
    if (this.i < this.s.length) this.fail(`unexpected character ${this.quotedChar()} after ${POSITION_NAME[pos]}`);
    return { major, minor, patch, pre };
  }

  versionReq(): Comparator[] {
    this.skipSpaces();
    if (this.isWildcard()) {
      const wildcardAt = this.i;
      this.i += 1;
      this.skipSpaces();
      if (this.i === this.s.length) return [];
      if (this.peek() === ',') this.wildcardNotAlone(wildcardAt);
      this.fail('unexpected character after wildcard in version req');
    }

    const comparators: Comparator[] = [];
    for (;;) {
      const start = this.i;
      let parsed: { cmp: Comparator; pos: Position };
      try {
        parsed = this.comparator();
      } catch (error) {
        this.i = start;
        if (this.isWildcard()) {
          this.i += 1;
          this.skipSpaces();
          if (this.i === this.s.length || this.peek() === ',') this.wildcardNotAlone(start);
        }
        throw error;
      }
      comparators.push(parsed.cmp);
      if (this.i === this.s.length) return comparators;
      if (this.peek() !== ',') {
        this.fail(`expected comma after ${POSITION_NAME[parsed.pos]}, found ${this.quotedChar()}`);
      }
      this.i += 1;
      this.skipSpaces();
      if (comparators.length === MAX_COMPARATORS) this.fail('excessive number of version comparators');
    }
  }

  private comparator(): { cmp: Comparator; pos: Position } {
    const op = this.op();
    const defaultOp = op === undefined;
    let effectiveOp: Comparator['op'] = op ?? '^';
    this.skipSpaces();

    let pos: Position = 'major';
    const major = this.numeric(pos);
    let minor: number | undefined;
    let patch: number | undefined;
    let hasWildcard = false;

    if (this.peek() === '.') {
      this.i += 1;
      pos = 'minor';
      if (this.isWildcard()) {
        this.i += 1;
        hasWildcard = true;
        if (defaultOp) effectiveOp = '*';
      } else {
        minor = this.numeric(pos);
      }
    }

    if (this.peek() === '.') {
      this.i += 1;
      pos = 'patch';
      if (this.isWildcard()) {
        this.i += 1;
        if (defaultOp) effectiveOp = '*';
      } else if (hasWildcard) {
        this.fail('unexpected character after wildcard in version req');
      } else {
        patch = this.numeric(pos);
      }
    }

    let pre: string[] = [];
    if (patch !== undefined && this.peek() === '-') {
      pos = 'pre';
      pre = this.nonEmptyIdentifier(pos);
    }
    if (patch !== undefined && this.peek() === '+') {
      pos = 'build';
      this.nonEmptyIdentifier(pos);
    }
    this.skipSpaces();

    const cmp: Comparator = { op: effectiveOp, major, pre };
    if (minor !== undefined) cmp.minor = minor;
    if (patch !== undefined) cmp.patch = patch;
    return { cmp, pos };
  }

  private op(): Comparator['op'] | undefined {
    const c = this.peek();
    const next = this.s[this.i + 1];
    if (c === '=') {
      this.i += 1;
      return '=';
    }
    if (c === '>' || c === '<') {
      const orEqual = next === '=';
      this.i += orEqual ? 2 : 1;
      return c === '>' ? (orEqual ? '>=' : '>') : orEqual ? '<=' : '<';
    }
    if (c === '~' || c === '^') {
      this.i += 1;
      return c;
    }
    return undefined;
  }

  /** An unsigned integer without leading zeros, like the crate's `numeric_identifier`. */
  private numeric(pos: Position): number {
    const start = this.i;
    while (isDigit(this.s.charCodeAt(this.i))) {
      if (this.s[start] === '0' && this.i > start) this.fail(`invalid leading zero in ${POSITION_NAME[pos]}`, start);
      this.i += 1;
    }
    if (this.i === start) {
      if (start < this.s.length) this.fail(`unexpected character ${this.quotedChar()} while parsing ${POSITION_NAME[pos]}`);
      this.fail(`unexpected end of input while parsing ${POSITION_NAME[pos]}`);
    }
    const digits = this.s.slice(start, this.i);
    const value = BigInt(digits);
    if (value > U64_MAX) this.fail(`value of ${POSITION_NAME[pos]} exceeds u64::MAX`, start);
    // Cargo accepts up to u64::MAX; past 2^53 a JS number would silently round, so refuse instead.
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
      this.fail(`value of ${POSITION_NAME[pos]} exceeds ${Number.MAX_SAFE_INTEGER}, the largest this tool supports`, start);
    }
    return Number(value);
  }

  private dot(pos: Position): void {
    if (this.peek() === '.') {
      this.i += 1;
      return;
    }
    if (this.i < this.s.length) this.fail(`unexpected character ${this.quotedChar()} after ${POSITION_NAME[pos]}`);
    this.fail(`unexpected end of input while parsing ${POSITION_NAME[pos]}`);
  }

  /** Skips the `-` or `+` at the cursor and reads dot-separated identifiers after it. */
  private nonEmptyIdentifier(pos: 'pre' | 'build'): string[] {
    this.i += 1;
    const ids = this.identifier(pos);
    if (ids.length === 0) this.fail(`empty identifier segment in ${POSITION_NAME[pos]}`);
    return ids;
  }

  private identifier(pos: 'pre' | 'build'): string[] {
    const ids: string[] = [];
    for (;;) {
      const start = this.i;
      let hasNonDigit = false;
      for (;;) {
        const code = this.s.charCodeAt(this.i);
        if (isAlpha(code) || code === 0x2d) hasNonDigit = true;
        else if (!isDigit(code)) break;
        this.i += 1;
      }
      const segment = this.s.slice(start, this.i);
      if (segment.length === 0) {
        // Nothing at all after `-`/`+` is reported by the caller; an empty segment is an error here.
        if (ids.length === 0 && this.peek() !== '.') return ids;
        this.fail(`empty identifier segment in ${POSITION_NAME[pos]}`);
      }
      if (pos === 'pre' && segment.length > 1 && !hasNonDigit && segment.startsWith('0')) {
        this.fail(`invalid leading zero in ${POSITION_NAME[pos]}`, start);
      }
      ids.push(segment);
      if (this.peek() !== '.') return ids;
      this.i += 1;
    }
  }

  private wildcardNotAlone(at: number): never {
    this.fail(`wildcard req (${this.s[at] ?? '*'}) must be the only comparator in the version req`, at);
  }

  private isWildcard(): boolean {
    const c = this.peek();
    return c === '*' || c === 'x' || c === 'X';
  }

  /** The crate trims only U+0020, never tabs or newlines. */
  private skipSpaces(): void {
    while (this.s[this.i] === ' ') this.i += 1;
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }

  private quotedChar(): string {
    return quoteChar(String.fromCodePoint(this.s.codePointAt(this.i) ?? 0));
  }

  private fail(message: string, index = this.i): never {
    throw new ReqSyntaxError(message, index);
  }
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAlpha(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Rust's `{:?}` rendering of a char, as the crate's messages use it (`'\0'`, `'\t'`, `'x'`). */
function quoteChar(c: string): string {
  const escapes: Record<string, string> = { '\0': '\\0', '\t': '\\t', '\n': '\\n', '\r': '\\r', "'": "\\'", '\\': '\\\\' };
  const escaped = escapes[c];
  if (escaped !== undefined) return `'${escaped}'`;
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `'\\u{${code.toString(16)}}'`;
  return `'${c}'`;
}

/** Suggestions for the mistakes people carry over from npm or from tag names. */
function hintFor(raw: string): string | undefined {
  if (raw.trim() === '') {
    return 'Cargo rejects an empty requirement; write "*" for any version, or leave `version` out';
  }
  if (/(^|[\s=<>~^,])v\d/.test(raw)) return 'drop the leading `v`: requirements are written `1.2.3`, not `v1.2.3`';
  if (raw.includes('||')) return 'Cargo has no `||`: a requirement is one comma-separated list that must all hold';
  if (/\d\s+-\s+\d/.test(raw)) return 'Cargo has no hyphen ranges: write `>=1.2.3, <=2.3.4` instead of `1.2.3 - 2.3.4`';
  if (/\d\.\d+\.\d+\.\d/.test(raw)) return 'a version has at most three numbers: major.minor.patch';
  if (/\d\s+[=<>~^\d]/.test(raw)) return 'separate comparators with commas, e.g. `>=1.2, <1.5`';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Matching (port of the semver crate's src/eval.rs)

function matchesParsed(req: VersionReq, ver: ParsedVersion): boolean {
  if (!req.comparators.every((cmp) => matchesComparator(cmp, ver))) return false;
  if (ver.pre.length === 0) return true;
  return req.comparators.some(
    (cmp) => cmp.major === ver.major && cmp.minor === ver.minor && cmp.patch === ver.patch && cmp.pre.length > 0,
  );
}

function matchesComparator(cmp: Comparator, ver: ParsedVersion): boolean {
  switch (cmp.op) {
    case '=':
    case '*':
      return matchesExact(cmp, ver);
    case '>':
      return matchesGreater(cmp, ver);
    case '>=':
      return matchesExact(cmp, ver) || matchesGreater(cmp, ver);
    case '<':
      return matchesLess(cmp, ver);
    case '<=':
      return matchesExact(cmp, ver) || matchesLess(cmp, ver);
    case '~':
      return matchesTilde(cmp, ver);
    case '^':
      return matchesCaret(cmp, ver);
  }
}

function matchesExact(cmp: Comparator, ver: ParsedVersion): boolean {
  if (ver.major !== cmp.major) return false;
  if (cmp.minor !== undefined && ver.minor !== cmp.minor) return false;
  if (cmp.patch !== undefined && ver.patch !== cmp.patch) return false;
  return comparePre(ver.pre, cmp.pre) === 0;
}

/** Compares on the components `cmp` names; a partial `cmp` never orders against what it leaves out. */
function matchesGreater(cmp: Comparator, ver: ParsedVersion): boolean {
  if (ver.major !== cmp.major) return ver.major > cmp.major;
  if (cmp.minor === undefined) return false;
  if (ver.minor !== cmp.minor) return ver.minor > cmp.minor;
  if (cmp.patch === undefined) return false;
  if (ver.patch !== cmp.patch) return ver.patch > cmp.patch;
  return comparePre(ver.pre, cmp.pre) > 0;
}

function matchesLess(cmp: Comparator, ver: ParsedVersion): boolean {
  if (ver.major !== cmp.major) return ver.major < cmp.major;
  if (cmp.minor === undefined) return false;
  if (ver.minor !== cmp.minor) return ver.minor < cmp.minor;
  if (cmp.patch === undefined) return false;
  if (ver.patch !== cmp.patch) return ver.patch < cmp.patch;
  return comparePre(ver.pre, cmp.pre) < 0;
}

function matchesTilde(cmp: Comparator, ver: ParsedVersion): boolean {
  if (ver.major !== cmp.major) return false;
  if (cmp.minor !== undefined && ver.minor !== cmp.minor) return false;
  if (cmp.patch !== undefined && ver.patch !== cmp.patch) return ver.patch > cmp.patch;
  return comparePre(ver.pre, cmp.pre) >= 0;
}

function matchesCaret(cmp: Comparator, ver: ParsedVersion): boolean {
  if (ver.major !== cmp.major) return false;
  if (cmp.minor === undefined) return true;
  if (cmp.patch === undefined) return cmp.major > 0 ? ver.minor >= cmp.minor : ver.minor === cmp.minor;
  if (cmp.major > 0) {
    if (ver.minor !== cmp.minor) return ver.minor > cmp.minor;
    if (ver.patch !== cmp.patch) return ver.patch > cmp.patch;
  } else if (cmp.minor > 0) {
    if (ver.minor !== cmp.minor) return false;
    if (ver.patch !== cmp.patch) return ver.patch > cmp.patch;
  } else if (ver.minor !== cmp.minor || ver.patch !== cmp.patch) {
    return false;
  }
  return comparePre(ver.pre, cmp.pre) >= 0;
}

/** SemVer precedence of pre-release tags; no tag (a release) sorts after every tag. */
function comparePre(a: string[], b: string[]): number {
  if (a.length === 0) return b.length === 0 ? 0 : 1;
  if (b.length === 0) return -1;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as string;
    const y = b[k];
    if (y === undefined) return 1;
    const xNumeric = /^[0-9]+$/.test(x);
    const yNumeric = /^[0-9]+$/.test(y);
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    // Numeric identifiers carry no leading zeros, so a longer one is larger; compare as strings to stay exact.
    if (xNumeric && x.length !== y.length) return x.length - y.length;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : -1;
}

function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}

// ---------------------------------------------------------------------------------------------
// Rendering

function formatComparator(cmp: Comparator): string {
  let text = `${cmp.op === '*' ? '' : cmp.op}${cmp.major}`;
  if (cmp.minor !== undefined) {
    text += `.${cmp.minor}`;
    if (cmp.patch !== undefined) text += `.${cmp.patch}${cmp.pre.length > 0 ? `-${cmp.pre.join('.')}` : ''}`;
    else if (cmp.op === '*') text += '.*';
  } else if (cmp.op === '*') {
    text += '.*';
  }
  return text;
}

function fmt(major: number, minor: number, patch: number, pre: string[] = []): string {
  return `${major}.${minor}.${patch}${pre.length > 0 ? `-${pre.join('.')}` : ''}`;
}

/**
 * The bounds a comparator stands for. `excludesPreOfBound` marks an exclusive upper bound derived
 * from a partial version or an implied limit (`^1.2.3` → below 2.0.0): Cargo keeps out every
 * pre-release of that bound too, not only the release.
 */
interface Bound {
  op: '=' | '>' | '>=' | '<' | '<=';
  version: [number, number, number];
  pre: string[];
  excludesPreOfBound?: boolean;
}

function bounds(cmp: Comparator): Bound[] {
  const { major: M, minor, patch, pre } = cmp;
  const m = minor ?? 0;
  const p = patch ?? 0;
  const at = (op: Bound['op'], version: [number, number, number], withPre: string[] = []): Bound => ({ op, version, pre: withPre });
  const below = (version: [number, number, number]): Bound => ({ op: '<', version, pre: [], excludesPreOfBound: true });
  /** The first version past what the given components pin down. */
  const next = (): [number, number, number] => (minor === undefined ? [M + 1, 0, 0] : [M, m + 1, 0]);

  switch (cmp.op) {
    case '=':
    case '*':
      return patch === undefined ? [at('>=', [M, m, 0]), below(next())] : [at('=', [M, m, p], pre)];
    case '>':
      return patch === undefined ? [at('>=', next())] : [at('>', [M, m, p], pre)];
    case '>=':
      return [at('>=', [M, m, p], pre)];
    case '<':
      return patch === undefined ? [below([M, m, 0])] : [at('<', [M, m, p], pre)];
    case '<=':
      return patch === undefined ? [below(next())] : [at('<=', [M, m, p], pre)];
    case '~':
      return [at('>=', [M, m, p], pre), below(next())];
    case '^': {
      let upper: [number, number, number];
      if (M > 0 || minor === undefined) upper = [M + 1, 0, 0];
      else if (m > 0 || patch === undefined) upper = [0, m + 1, 0];
      else upper = [0, 0, p + 1];
      return [at('>=', [M, m, p], pre), below(upper)];
    }
  }
}

function npmBounds(cmp: Comparator): string[] {
  return bounds(cmp).map((b) => {
    const text = fmt(...b.version, b.pre);
    // `-0` is the lowest pre-release, so `<X-0` keeps out X's pre-releases as Cargo does.
    return `${b.op}${text}${b.excludesPreOfBound ? '-0' : ''}`;
  });
}

function describeBounds(cmp: Comparator): string[] {
  return bounds(cmp).map((b) => `${b.op}${fmt(...b.version, b.pre)}`);
}
