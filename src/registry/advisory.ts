import { parse as parseToml } from 'smol-toml';
import semver from 'semver';
import { matchesReq, parseVersionReq, toNpmRange, type VersionReq } from '../project/version-req.js';

// Format: https://github.com/rustsec/advisory-db/blob/main/CONTRIBUTING.md and the `rustsec`
// crate's `advisory` module: Markdown with a ```toml front matter block, then `# Title`.

/** One RustSec advisory, as stored in the cache and the shipped snapshot (empty fields omitted). */
export interface Advisory {
  id: string;
  package: string;
  date: string;
  title: string;
  url?: string;
  aliases?: string[];
  related?: string[];
  references?: string[];
  categories?: string[];
  keywords?: string[];
  cvss?: string;
  /** `notice`, `unmaintained`, `unsound` (or a future kind); absent for a vulnerability. */
  informational?: string;
  /** Date the advisory was withdrawn; such advisories never match. */
  withdrawn?: string;
  patched: string[];
  unaffected?: string[];
  /** Affected functions (`crate::path`) with the version requirements they are affected in. */
  functions?: Record<string, string[]>;
  os?: string[];
  arch?: string[];
  /** `CC-BY-4.0` for advisories imported from GHSA (attribution through `url`). */
  license?: string;
}

export class AdvisoryParseError extends Error {}

function strings(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new AdvisoryParseError(`\`${field}\` must be an array of strings`);
  return value.length > 0 ? (value as string[]) : undefined;
}

function table(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AdvisoryParseError(`\`${field}\` must be a table`);
  return value as Record<string, unknown>;
}

function text(value: unknown, field: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value === 'string') return value;
  // smol-toml reads a bare TOML date as a Date-like object; the advisory's own text is what we keep.
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  throw new AdvisoryParseError(`\`${field}\` must be a string`);
}

/** Parses one advisory file. */
export function parseAdvisory(markdown: string): Advisory {
  const match = /^\s*```toml\r?\n([\s\S]*?)\r?\n```\r?\n([\s\S]*)$/.exec(markdown);
  if (!match) throw new AdvisoryParseError('no ```toml front matter');
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(match[1] ?? '');
  } catch (error) {
    throw new AdvisoryParseError(`front matter is not valid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
  const advisory = table(doc.advisory, 'advisory');
  const versions = table(doc.versions, 'versions');
  const affected = table(doc.affected, 'affected');
  const title = /^#\s+(.+?)\s*$/m.exec(match[2] ?? '')?.[1];
  if (!title) throw new AdvisoryParseError('no `# Title` after the front matter');
  const out: Advisory = {
    id: text(advisory.id, 'advisory.id', true)!,
    package: text(advisory.package, 'advisory.package', true)!,
    date: text(advisory.date, 'advisory.date', true)!,
    title,
    patched: strings(versions.patched, 'versions.patched') ?? [],
  };
  const optional: Partial<Advisory> = {
    url: text(advisory.url, 'advisory.url', false),
    aliases: strings(advisory.aliases, 'advisory.aliases'),
    related: strings(advisory.related, 'advisory.related'),
    references: strings(advisory.references, 'advisory.references'),
    categories: strings(advisory.categories, 'advisory.categories'),
    keywords: strings(advisory.keywords, 'advisory.keywords'),
    cvss: text(advisory.cvss, 'advisory.cvss', false),
    informational: text(advisory.informational, 'advisory.informational', false)?.trim(),
    withdrawn: text(advisory.withdrawn, 'advisory.withdrawn', false),
    license: text(advisory.license, 'advisory.license', false),
    unaffected: strings(versions.unaffected, 'versions.unaffected'),
    os: strings(affected.os, 'affected.os'),
    arch: strings(affected.arch, 'affected.arch'),
  };
  const functions = table(affected.functions, 'affected.functions');
  if (Object.keys(functions).length > 0) {
    optional.functions = {};
    for (const [path, reqs] of Object.entries(functions)) optional.functions[path] = strings(reqs, `affected.functions."${path}"`) ?? [];
  }
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  if (!/^[A-Z]+-\d{4}-\d{4,}$/.test(out.id)) throw new AdvisoryParseError(`\`${out.id}\` is not an advisory id`);
  return out;
}

/** What kind of finding an advisory becomes. */
export type AdvisoryKind = 'vulnerability' | 'unmaintained' | 'unsound' | 'notice';

export function kindOf(advisory: Advisory): AdvisoryKind {
  switch (advisory.informational) {
    case undefined:
      return 'vulnerability';
    case 'unmaintained':
    case 'unsound':
      return advisory.informational;
    default:
      // `notice` and kinds added after this version: informational, so a note.
      return 'notice';
  }
}

/**
 * One bound of a range, in SemVer 2.0 precedence (build metadata ignored): rustsec turns each
 * `patched`/`unaffected` requirement into such a range before matching.
 */
interface Bound {
  version: string;
  inclusive: boolean;
}

/** The versions one `patched` or `unaffected` requirement covers; a missing bound is open. */
export interface SafeRange {
  start?: Bound;
  end?: Bound;
}

/** An advisory with its requirements parsed once. Requirements Cargo would reject are dropped. */
export interface CompiledAdvisory {
  advisory: Advisory;
  /** `patched` and `unaffected` together: a version inside any of them is not affected. */
  safe: SafeRange[];
  functions: { path: string; reqs: VersionReq[] }[];
}

function reqs(list: readonly string[] | undefined): VersionReq[] {
  return (list ?? []).flatMap((raw) => {
    const parsed = parseVersionReq(raw);
    return parsed.ok ? [parsed.req] : [];
  });
}

function versionText(major: number, minor: number, patch: number, pre: readonly string[]): string {
  return `${major}.${minor}.${patch}${pre.length > 0 ? `-${pre.join('.')}` : ''}`;
}

/**
 * A requirement as rustsec reads `patched`/`unaffected` (`osv::UnaffectedRange`, what cargo-audit
 * matches with): missing components are zeros (`> 1.1` starts after 1.1.0, `<= 1.2` ends at
 * 1.2.0), `^`/`~` (and wildcards) end just below the next breaking version (`^1.2.3` is
 * [1.2.3, 2.0.0-0)), and pre-releases are placed by precedence. Several comparators intersect.
 */
export function safeRange(req: VersionReq): SafeRange | null {
  const range: SafeRange = {};
  let placeable = true;
  const tighten = (side: 'start' | 'end', bound: Bound): void => {
    // A bound past what SemVer tooling can compare (2^53 and up) cannot be placed.
    if (semver.valid(bound.version) === null) placeable = false;
    if (!placeable) return;
    const current = range[side];
    if (!current) {
      range[side] = bound;
      return;
    }
    const order = semver.compare(bound.version, current.version);
    const tighter = side === 'start' ? order > 0 || (order === 0 && !bound.inclusive) : order < 0 || (order === 0 && !bound.inclusive);
    if (tighter) range[side] = bound;
  };
  for (const c of req.comparators) {
    const at = versionText(c.major, c.minor ?? 0, c.patch ?? 0, c.pre);
    switch (c.op) {
      case '>':
        tighten('start', { version: at, inclusive: false });
        break;
      case '>=':
        tighten('start', { version: at, inclusive: true });
        break;
      case '<':
        tighten('end', { version: at, inclusive: false });
        break;
      case '<=':
        tighten('end', { version: at, inclusive: true });
        break;
      case '=':
        tighten('start', { version: at, inclusive: true });
        tighten('end', { version: at, inclusive: true });
        break;
      case '^':
      case '~':
      case '*': {
        // From the version up to just below the next breaking one. `1.*` and `~1` cover the same
        // versions, as do `1.2.*` and `~1.2`.
        const next =
          c.op !== '^'
            ? c.minor === undefined ? [c.major + 1, 0, 0] : [c.major, c.minor + 1, 0]
            : c.major > 0 ? [c.major + 1, 0, 0] : c.minor === undefined ? [1, 0, 0] : c.minor === 0 && c.patch !== undefined ? [0, 0, c.patch + 1] : [0, c.minor + 1, 0];
        tighten('start', { version: at, inclusive: true });
        tighten('end', { version: versionText(next[0]!, next[1]!, next[2]!, ['0']), inclusive: false });
        break;
      }
    }
  }
  return placeable ? range : null;
}

function inSafeRange(range: SafeRange, version: string): boolean {
  const { start, end } = range;
  if (start) {
    const order = semver.compare(version, start.version);
    if (order < 0 || (order === 0 && !start.inclusive)) return false;
  }
  if (end) {
    const order = semver.compare(version, end.version);
    if (order > 0 || (order === 0 && !end.inclusive)) return false;
  }
  return true;
}

export function compileAdvisory(advisory: Advisory): CompiledAdvisory {
  return {
    advisory,
    safe: [...reqs(advisory.patched), ...reqs(advisory.unaffected)].flatMap((req) => safeRange(req) ?? []),
    functions: Object.entries(advisory.functions ?? {}).map(([path, list]) => ({ path, reqs: reqs(list) })),
  };
}

/**
 * Whether `version` lies in an `[affected.functions]` range. Release versions follow Cargo's
 * requirement rules exactly. A pre-release is placed by version order alone: Cargo's rule that
 * `>= 0.8.1` never matches `0.11.0-rc.6` is about what a resolver may pick.
 */
export function inRange(req: VersionReq, version: string): boolean {
  if (semver.prerelease(version) === null) return matchesReq(req, version);
  return semver.valid(version) !== null && semver.satisfies(version, toNpmRange(req), { includePrerelease: true });
}

/**
 * Whether `version` is affected, as cargo-audit decides it: not withdrawn, and inside none of the
 * `patched`/`unaffected` ranges. A version that is not SemVer cannot be placed and counts as affected.
 */
export function affects(compiled: CompiledAdvisory, version: string): boolean {
  if (compiled.advisory.withdrawn) return false;
  if (semver.valid(version) === null) return true;
  return !compiled.safe.some((range) => inSafeRange(range, version));
}

/** The affected functions for `version` (all listed functions whose requirements match it). */
export function affectedFunctions(compiled: CompiledAdvisory, version: string): string[] {
  return compiled.functions.filter((f) => f.reqs.length === 0 || f.reqs.some((r) => inRange(r, version))).map((f) => f.path);
}

/** Advisories by package name, compiled, for matching a whole lockfile. */
export class AdvisoryIndex {
  private readonly byPackage = new Map<string, CompiledAdvisory[]>();

  constructor(readonly advisories: readonly Advisory[]) {
    for (const advisory of advisories) {
      const list = this.byPackage.get(advisory.package);
      const compiled = compileAdvisory(advisory);
      if (list) list.push(compiled);
      else this.byPackage.set(advisory.package, [compiled]);
    }
  }

  /** Advisories that affect `name` at `version`, in id order. */
  matching(name: string, version: string): CompiledAdvisory[] {
    return (this.byPackage.get(name) ?? []).filter((c) => affects(c, version)).sort((a, b) => a.advisory.id.localeCompare(b.advisory.id));
  }

  forPackage(name: string): readonly CompiledAdvisory[] {
    return this.byPackage.get(name) ?? [];
  }
}
