import { readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { Diagnostic, Location } from './location.js';

// Format rules below follow Cargo's own reader, `EncodableResolve::into_resolve` in
// rust-lang/cargo `src/cargo/core/resolver/encode.rs`, and `SourceId`/`GitReference` in
// `src/cargo/core/source_id.rs`; Cargo 1.95 output was used to check v2, v3 and v4 fixtures.

/** A reference from one locked package to another, resolved to an index into `packages`. */
export interface LockDependencyEdge {
  /** Index of the target package in `Lockfile.packages`, or -1 if it could not be resolved. */
  index: number;
  /** The raw entry as written (`"name"`, `"name version"` or `"name version (source)"`). */
  raw: string;
}

export interface LockPackage {
  name: string;
  version: string;
  /** `registry+https://…`, `sparse+https://…`, `git+https://…#rev`, or null for path packages. */
  source: string | null;
  checksum: string | null;
  dependencies: LockDependencyEdge[];
  location: Location;
  /** `replace = "…"`: the package a `[replace]` override put in this one's place. */
  replace?: LockDependencyEdge;
}

/** An entry of `[[patch.unused]]`: a `[patch]` that matched nothing in the graph. */
export interface UnusedPatch {
  name: string;
  version: string;
  source: string | null;
  location: Location;
}

export interface Lockfile {
  /** Lockfile format version: 1 (no `version` key, `[metadata]` checksums), 2, 3 or 4. */
  version: 1 | 2 | 3 | 4;
  path: string;
  packages: LockPackage[];
  diagnostics: Diagnostic[];
  unusedPatches?: UnusedPatch[];
}

const MAX_LOCKFILE_BYTES = 64 * 1024 * 1024;
const CRATES_IO_GIT_INDEX = 'registry+https://github.com/rust-lang/crates.io-index';
const CRATES_IO_SPARSE_INDEX = 'sparse+https://index.crates.io/';

/** True for both spellings of crates.io: the git index and the sparse index. */
export function isCratesIo(source: string | null): boolean {
  // The `url` crate always serializes an empty path as `/`; accept the bare host too since a
  // hand-edited lockfile may omit it and it still names the same index.
  return source === CRATES_IO_GIT_INDEX || source === CRATES_IO_SPARSE_INDEX || source === 'sparse+https://index.crates.io';
}

/** Reads `path`; null when it does not exist. Unreadable content becomes a diagnostic. */
export function lockfileFromFile(path: string): Lockfile | null {
  const file = resolvePath(path);
  let bytes: Buffer;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return unreadable(file, 'lockfile/read-error', `${file} is not a regular file`);
    if (stat.size > MAX_LOCKFILE_BYTES) {
      return unreadable(file, 'lockfile/too-large', `Cargo.lock is ${stat.size} bytes, more than the ${MAX_LOCKFILE_BYTES}-byte limit`);
    }
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return unreadable(file, 'lockfile/read-error', `cannot read Cargo.lock: ${(error as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = offsetToLocation(lossy, Math.max(0, lossy.indexOf('\uFFFD')), file);
    const lock = unreadable(file, 'lockfile/not-utf8', 'Cargo.lock is not valid UTF-8', at);
    lock.version = sniffVersion(lossy);
    return lock;
  }
  return parseLockfile(text, file);
}

export function parseLockfile(text: string, path: string): Lockfile {
  const lock: Lockfile = { version: 1, path, packages: [], diagnostics: [], unusedPatches: [] };
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text, { integersAsBigInt: 'asNeeded' });
  } catch (error) {
    lock.version = sniffVersion(text);
    const message = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    lock.diagnostics.push({
      code: 'lockfile/parse-error',
      severity: 'error',
      message: `Cargo.lock is not valid TOML: ${message.replace(/^Invalid TOML document: /, '')}`,
      location: error instanceof TomlError ? { file: path, line: error.line, column: error.column } : { file: path, line: 1, column: 1 },
    });
    return lock;
  }
  new LockfileReader(text, path, doc, lock).read();
  return lock;
}

/** A dependency entry split the way Cargo's `EncodablePackageId::from_str` splits it. */
interface EntryId {
  name: string;
  version: string | null;
  source: string | null;
}

function parseEntry(raw: string): EntryId | null {
  const [name = '', version, rest] = splitN(raw, ' ', 3);
  if (rest === undefined) return { name, version: version ?? null, source: null };
  if (!rest.startsWith('(') || !rest.endsWith(')')) return null;
  return { name, version: version ?? null, source: rest.slice(1, -1) };
}

function splitN(text: string, separator: string, count: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (parts.length < count - 1) {
    const at = rest.indexOf(separator);
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + separator.length);
  }
  parts.push(rest);
  return parts;
}

/**
 * A key under which two spellings of one source compare equal, as Cargo's `SourceId` equality
 * does: the git `#rev` fragment is ignored (dependency entries never carry it), git URLs are
 * canonicalized, and the `?branch=`/`?tag=`/`?rev=` value is form-decoded so that v4's
 * percent-encoding (`feat%2Fx`) and v3's raw text (`feat/x`) give the same key. In lockfiles
 * without a `version` key Cargo wrote `branch=master` as the default branch in dependency entries.
 */
function sourceKey(source: string, masterIsDefault: boolean): string {
  if (!source.startsWith('git+')) return source;
  let url = source.slice('git+'.length);
  const hash = url.indexOf('#');
  if (hash >= 0) url = url.slice(0, hash);
  const question = url.indexOf('?');
  const query = question >= 0 ? url.slice(question + 1) : '';
  if (question >= 0) url = url.slice(0, question);
  let reference = '';
  for (const [key, value] of new URLSearchParams(query)) {
    // `ref` is the pre-1.0 spelling of `branch`; the last recognized pair wins, as in Cargo.
    if (key === 'branch' || key === 'ref') reference = `branch=${value}`;
    else if (key === 'tag' || key === 'rev') reference = `${key}=${value}`;
  }
  if (masterIsDefault && reference === 'branch=master') reference = '';
  return `git+${canonicalGitUrl(url)}?${reference}`;
}

/** Cargo's `CanonicalUrl`: no trailing slash, no `.git`, and GitHub paths are case-insensitive. */
function canonicalGitUrl(url: string): string {
  let canonical = url.replace(/\/+$/, '');
  if (/^[a-z+]+:\/\/github\.com\//i.test(canonical)) canonical = canonical.toLowerCase();
  return canonical.replace(/\.git$/, '');
}

interface Header {
  /** The dotted table name with quotes and spaces removed, e.g. `package`, `patch.unused`. */
  name: string;
  array: boolean;
  line: number;
  column: number;
  /** The last line of the table: the line before the next header, or the last line. */
  end: number;
}

/**
 * smol-toml reports no positions, so table headers are found with a line scanner. It skips the
 * bodies of multi-line strings, which is the only way a header-looking line can be data.
 */
function scanHeaders(lines: readonly string[]): Header[] {
  const headers: Header[] = [];
  let openString: '"""' | "'''" | null = null;
  lines.forEach((line, i) => {
    if (openString) {
      if (line.includes(openString)) openString = null;
      return;
    }
    // Header names in a lockfile are bare or quoted keys; `[1, 2],` inside an array is not one.
    const match = /^(\s*)(\[\[?)([\w.\-"' ]+)\]/.exec(line);
    if (match) {
      const name = (match[3] ?? '').replace(/["'\s]/g, '');
      headers.push({ name, array: match[2] === '[[', line: i + 1, column: (match[1] ?? '').length + 1, end: lines.length });
      return;
    }
    for (const delimiter of ['"""', "'''"] as const) {
      if (line.split(delimiter).length % 2 === 0) {
        openString = delimiter;
        break;
      }
    }
  });
  headers.forEach((header, i) => {
    const next = headers[i + 1];
    if (next) header.end = next.line - 1;
  });
  return headers;
}

class LockfileReader {
  private readonly lines: string[];
  private readonly headers: Header[];
  /** The header of each `[[package]]` element (with `[root]` first, as Cargo orders them). */
  private readonly packageHeaders: Array<Header | undefined> = [];
  /** The header of each kept package, whose lines are searched to locate dependency entries. */
  private readonly keptHeaders: Array<Header | undefined> = [];
  private readonly byName = new Map<string, number[]>();
  private readonly identities = new Set<string>();
  private declaredVersion: 3 | 4 | null = null;
  /** Set on the first sign of the v2 encoding; see `settleVersion`. */
  private sawV2Trait = false;

  constructor(
    private readonly text: string,
    private readonly path: string,
    private readonly doc: Record<string, unknown>,
    private readonly lock: Lockfile,
  ) {
    // The same line split smol-toml uses for its error positions, so both agree.
    this.lines = text.split(/\r?\n/);
    this.headers = scanHeaders(this.lines);
  }

  read(): void {
    this.readVersion();
    const rawPackages = this.collectRawPackages();
    const tables: Array<Record<string, unknown>> = [];
    rawPackages.forEach((raw, i) => {
      const table = this.addPackage(raw, i);
      if (table) tables.push(table);
    });
    this.lock.packages.forEach((pkg, i) => {
      const table = tables[i];
      if (table) this.linkPackage(pkg, table, i);
    });
    this.readUnusedPatches();
    this.settleVersion();
    this.readMetadataChecksums();
  }

  private readVersion(): void {
    if (!Object.hasOwn(this.doc, 'version')) return;
    const declared = this.doc.version;
    if (declared === 3 || declared === 4) {
      this.declaredVersion = declared;
      return;
    }
    // Cargo 1.95 rejects every other value, including `version = 1` and `version = 2`: those
    // formats are only ever written without the key.
    const newer = (typeof declared === 'number' || typeof declared === 'bigint') && declared > 4;
    if (newer) this.declaredVersion = 4;
    this.lock.diagnostics.push({
      code: 'lockfile/unknown-version',
      severity: 'warning',
      message: `lock file version \`${String(declared)}\` is not one Cargo understands (expected 3 or 4, or no \`version\` key for 1 and 2)`,
      location: this.topLevelKeyLocation('version'),
      hint: newer
        ? 'This lockfile comes from a newer Cargo; it was read as version 4, so some details may be wrong.'
        : 'It was read as if the `version` key were absent.',
    });
  }

  private collectRawPackages(): unknown[] {
    const raw: unknown[] = [];
    const root = this.doc.root;
    if (root !== undefined) {
      raw.push(root);
      this.packageHeaders.push(this.headersWhere((h) => h.name === 'root' && !h.array)[0]);
    }
    const packages = this.doc.package;
    if (Array.isArray(packages)) {
      const headers = this.headersWhere((h) => h.name === 'package' && h.array, packages.length);
      packages.forEach((pkg, i) => {
        raw.push(pkg);
        this.packageHeaders.push(headers[i]);
      });
    } else if (packages !== undefined) {
      this.lock.diagnostics.push({
        code: 'lockfile/invalid-structure',
        severity: 'error',
        message: '`package` must be an array of tables (`[[package]]`)',
        location: this.topLevelKeyLocation('package'),
      });
    }
    return raw;
  }

  /**
   * The headers matching `test`. When their number differs from `expected` (inline arrays,
   * headers inside strings the scanner missed) the mapping cannot be trusted, and none is given.
   */
  private headersWhere(test: (h: Header) => boolean, expected?: number): Header[] {
    const matching = this.headers.filter(test);
    return expected === undefined || matching.length === expected ? matching : [];
  }

  /** A header's position, or the start of the file when it could not be found. */
  private locationOf(header: Header | undefined): Location {
    return { file: this.path, line: header?.line ?? 1, column: header?.column ?? 1 };
  }

  private topLevelKeyLocation(key: string): Location {
    const end = this.headers[0]?.line ?? this.lines.length + 1;
    const pattern = new RegExp(`^(\\s*)["']?${key}["']?\\s*=`);
    for (let i = 0; i < end - 1; i++) {
      const match = pattern.exec(this.lines[i] ?? '');
      if (match) return { file: this.path, line: i + 1, column: (match[1] ?? '').length + 1 };
    }
    return { file: this.path, line: 1, column: 1 };
  }

  private addPackage(raw: unknown, rawIndex: number): Record<string, unknown> | null {
    const header = this.packageHeaders[rawIndex];
    const location = this.locationOf(header);
    const problem = packageProblem(raw);
    if (problem) {
      this.lock.diagnostics.push({ code: 'lockfile/invalid-package', severity: 'error', message: problem, location });
      return null;
    }
    const table = raw as Record<string, unknown>;
    const name = table.name as string;
    const version = table.version as string;
    const source = typeof table.source === 'string' ? table.source : null;
    const key = `${name} ${version} ${source === null ? '' : sourceKey(source, this.declaredVersion === null)}`;
    if (this.identities.has(key)) {
      this.lock.diagnostics.push({
        code: 'lockfile/duplicate-package',
        severity: 'error',
        message: `package \`${name} ${version}\` is specified twice in the lockfile; the second entry was ignored`,
        location,
      });
      return null;
    }
    this.identities.add(key);
    const checksum = typeof table.checksum === 'string' ? table.checksum : null;
    // Cargo never wrote `checksum` inside `[[package]]` in the v1 format.
    if (checksum !== null) this.sawV2Trait = true;
    const index = this.lock.packages.length;
    this.lock.packages.push({ name, version, source, checksum, dependencies: [], location });
    this.keptHeaders.push(header);
    const same = this.byName.get(name);
    if (same) same.push(index);
    else this.byName.set(name, [index]);
    return table;
  }

  private linkPackage(pkg: LockPackage, table: Record<string, unknown>, index: number): void {
    const entries = Array.isArray(table.dependencies) ? table.dependencies : [];
    for (const entry of entries) {
      if (typeof entry !== 'string') {
        this.lock.diagnostics.push({
          code: 'lockfile/invalid-dependency',
          severity: 'error',
          message: `a dependency of \`${pkg.name} ${pkg.version}\` is not a string`,
          location: pkg.location,
        });
        continue;
      }
      pkg.dependencies.push(this.edge(entry, pkg, index));
    }
    if (typeof table.replace === 'string') pkg.replace = this.edge(table.replace, pkg, index);
  }

  private edge(raw: string, pkg: LockPackage, from: number): LockDependencyEdge {
    const id = parseEntry(raw);
    const target = id ? this.lookup(id) : -1;
    if (target < 0) {
      this.lock.diagnostics.push({
        code: id ? 'lockfile/unresolved-dependency' : 'lockfile/invalid-dependency',
        severity: id ? 'warning' : 'error',
        message: id
          ? `\`${raw}\` (a dependency of \`${pkg.name} ${pkg.version}\`) matches no single package in the lockfile`
          : `\`${raw}\` is not a valid dependency entry (expected \`name\`, \`name version\` or \`name version (source)\`)`,
        location: this.entryLocation(raw, from),
      });
    }
    return { index: target, raw };
  }

  /** Cargo's `lookup_id`: narrow by name, then version, then source, refusing ambiguity. */
  private lookup(id: EntryId): number {
    const byName = this.byName.get(id.name);
    if (!byName) return -1;
    let candidates: number[];
    if (id.version !== null) {
      candidates = byName.filter((i) => this.lock.packages[i]?.version === id.version);
    } else {
      this.sawV2Trait = true;
      const versions = new Set(byName.map((i) => this.lock.packages[i]?.version));
      if (versions.size !== 1) return -1;
      candidates = byName;
    }
    if (id.source !== null) {
      const wanted = sourceKey(id.source, this.declaredVersion === null);
      const matches = candidates.filter((i) => {
        const source = this.lock.packages[i]?.source;
        return source != null && sourceKey(source, this.declaredVersion === null) === wanted;
      });
      return matches.length === 1 ? (matches[0] ?? -1) : -1;
    }
    // Path packages never carry a source, so an entry without one prefers the path package.
    const paths = candidates.filter((i) => this.lock.packages[i]?.source === null);
    if (paths.length > 0) return paths.length === 1 ? (paths[0] ?? -1) : -1;
    if (candidates.length !== 1) return -1;
    this.sawV2Trait = true;
    return candidates[0] ?? -1;
  }

  private entryLocation(raw: string, from: number): Location {
    const pkg = this.lock.packages[from];
    const header = this.keptHeaders[from];
    if (pkg && header) {
      for (const needle of [`"${raw}"`, raw]) {
        for (let line = header.line; line <= header.end; line++) {
          const column = (this.lines[line - 1] ?? '').indexOf(needle);
          if (column >= 0) return { file: this.path, line, column: column + 1 };
        }
      }
    }
    return pkg?.location ?? { file: this.path, line: 1, column: 1 };
  }

  private readUnusedPatches(): void {
    const patch = this.doc.patch;
    if (!isTable(patch) || !Array.isArray(patch.unused)) return;
    const unused = patch.unused;
    const headers = this.headersWhere((h) => h.name === 'patch.unused' && h.array, unused.length);
    unused.forEach((raw, i) => {
      const location = this.locationOf(headers[i]);
      const problem = packageProblem(raw);
      if (problem) {
        this.lock.diagnostics.push({ code: 'lockfile/invalid-package', severity: 'error', message: `[[patch.unused]]: ${problem}`, location });
        return;
      }
      const table = raw as Record<string, unknown>;
      this.lock.unusedPatches?.push({
        name: table.name as string,
        version: table.version as string,
        source: typeof table.source === 'string' ? table.source : null,
        location,
      });
    });
  }

  /**
   * v1 and v2 both lack a `version` key. Cargo (`into_resolve` in encode.rs) starts from v1 and
   * switches to v2 on the first sign of the compact encoding: a `checksum` inside a
   * `[[package]]`, a dependency entry without a version, or an entry without a source that
   * resolves to a non-path package. `[metadata]` checksums alone do not decide it: a v1 file
   * with only path packages has no `[metadata]` at all. One more rule covers a v2 file with nothing
   * v2-specific in it: with exactly one package, a file ending in a single newline is v2 (the v1
   * writer left a blank line at the end).
   */
  private settleVersion(): void {
    if (this.declaredVersion !== null) {
      this.lock.version = this.declaredVersion;
      return;
    }
    const quirk = this.text.endsWith('\n') && !this.text.endsWith('\n\n') && this.lock.packages.length === 1;
    this.lock.version = this.sawV2Trait || quirk ? 2 : 1;
  }

  /** v1 keeps checksums in `[metadata]` as `"checksum name version (source)" = "sha256"`. */
  private readMetadataChecksums(): void {
    const metadata = this.doc.metadata;
    if (!isTable(metadata)) return;
    const keys = Object.keys(metadata).filter((k) => k.startsWith('checksum '));
    if (keys.length === 0) return;
    const location = this.locationOf(this.headersWhere((h) => h.name === 'metadata' && !h.array)[0]);
    if (this.lock.version >= 2) {
      // Cargo reads this as a bad merge and drops every checksum; keeping the inline ones loses
      // less for an audit, and the warning says what Cargo will do.
      this.lock.diagnostics.push({
        code: 'lockfile/mixed-checksums',
        severity: 'warning',
        message: `a version ${this.lock.version} lockfile also lists checksums in [metadata]; Cargo will discard all checksums and regenerate them`,
        location,
      });
      return;
    }
    for (const key of keys) {
      const value = metadata[key];
      const id = parseEntry(key.slice('checksum '.length));
      if (!id || typeof value !== 'string') {
        this.lock.diagnostics.push({
          code: 'lockfile/invalid-metadata-checksum',
          severity: 'error',
          message: `[metadata] entry \`${key}\` is not \`"checksum name version (source)" = "sha256"\``,
          location,
        });
        continue;
      }
      const pkg = this.lock.packages[this.lookup(id)];
      if (pkg) pkg.checksum = value === '<none>' ? null : value;
    }
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a `[[package]]` element cannot be used, or null when it has what Cargo requires. */
function packageProblem(raw: unknown): string | null {
  if (!isTable(raw)) return 'a package entry is not a table';
  if (typeof raw.name !== 'string') return 'a package entry has no string `name`';
  if (typeof raw.version !== 'string') return `package \`${raw.name}\` has no string \`version\``;
  for (const key of ['source', 'checksum', 'replace'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') return `package \`${raw.name}\`: \`${key}\` must be a string`;
  }
  if (raw.dependencies !== undefined && !Array.isArray(raw.dependencies)) {
    return `package \`${raw.name}\`: \`dependencies\` must be an array of strings`;
  }
  return null;
}

/** For files that cannot be parsed: the declared version if a `version = N` line is visible. */
function sniffVersion(text: string): 1 | 3 | 4 {
  const match = /^version\s*=\s*([34])\s*(?:#.*)?$/m.exec(text);
  return match?.[1] === '3' ? 3 : match?.[1] === '4' ? 4 : 1;
}

function offsetToLocation(text: string, offset: number, file: string): Location {
  const before = text.slice(0, offset).split(/\r?\n/);
  return { file, line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

function unreadable(file: string, code: string, message: string, location?: Location): Lockfile {
  const diagnostic: Diagnostic = { code, severity: 'error', message, location: location ?? { file, line: 1, column: 1 } };
  return { version: 1, path: file, packages: [], diagnostics: [diagnostic], unusedPatches: [] };
}

/** Queries over the resolved dependency graph of a lockfile. Unresolved edges are left out. */
export class LockGraph {
  private readonly names = new Map<string, number[]>();
  private readonly forward: number[][];
  private readonly reverse: number[][];

  constructor(private readonly lock: Lockfile) {
    const count = lock.packages.length;
    const forward: Array<Set<number>> = Array.from({ length: count }, () => new Set());
    const reverse: Array<Set<number>> = Array.from({ length: count }, () => new Set());
    lock.packages.forEach((pkg, from) => {
      const same = this.names.get(pkg.name);
      if (same) same.push(from);
      else this.names.set(pkg.name, [from]);
      for (const { index: to } of pkg.dependencies) {
        if (to < 0 || to >= count) continue;
        forward[from]?.add(to);
        reverse[to]?.add(from);
      }
    });
    const sorted = (sets: Array<Set<number>>) => sets.map((s) => [...s].sort((a, b) => a - b));
    this.forward = sorted(forward);
    this.reverse = sorted(reverse);
  }

  byName(name: string): LockPackage[] {
    return this.indicesOf(name).map((i) => this.lock.packages[i] as LockPackage);
  }

  /** Indices of the packages called `name`, in lockfile order. */
  indicesOf(name: string): number[] {
    return [...(this.names.get(name) ?? [])];
  }

  /** Indices of the packages that depend directly on `index`, ascending. */
  reverseDeps(index: number): number[] {
    return [...(this.reverse[index] ?? [])];
  }

  /**
   * Shortest dependency chains `[root, …, target]`: for each root that reaches `target`, every
   * chain of that root's minimal length. The result is ordered by length, then by indices, and
   * holds at most `limit` chains (enumeration stops early, so dense graphs stay cheap).
   */
  pathsFrom(roots: number[], target: number, limit = 16): number[][] {
    const count = this.forward.length;
    if (target < 0 || target >= count || limit <= 0) return [];
    const paths: number[][] = [];
    for (const root of new Set(roots)) {
      if (root < 0 || root >= count) continue;
      const depth = this.depthsFrom(root);
      if (depth[target] === -1) continue;
      this.collectChains(target, depth, paths, paths.length + limit);
    }
    paths.sort((a, b) => a.length - b.length || compareIndices(a, b));
    return paths.slice(0, limit);
  }

  private readonly depthCache = new Map<number, Int32Array>();

  /**
   * BFS depths of every package from `root` (-1: unreachable). Rules ask for paths to many
   * targets from the same members, so each root's BFS is done once and kept.
   */
  private depthsFrom(root: number): Int32Array {
    const cached = this.depthCache.get(root);
    if (cached) return cached;
    const depth = new Int32Array(this.forward.length).fill(-1);
    depth[root] = 0;
    let frontier = [root];
    while (frontier.length > 0) {
      const next: number[] = [];
      for (const node of frontier) {
        for (const dep of this.forward[node] ?? []) {
          if (depth[dep] !== -1) continue;
          depth[dep] = (depth[node] ?? 0) + 1;
          next.push(dep);
        }
      }
      frontier = next;
    }
    this.depthCache.set(root, depth);
    return depth;
  }

  /**
   * Walks back from `target` along edges that lose one level each time, down to the root. Partial
   * chains share their tails as linked cells, and the stack is explicit, because a pathological
   * lockfile can chain thousands of packages.
   */
  private collectChains(target: number, depth: Int32Array, out: number[][], cap: number): void {
    interface Cell {
      index: number;
      next: Cell | null;
    }
    const stack: Cell[] = [{ index: target, next: null }];
    while (stack.length > 0 && out.length < cap) {
      const cell = stack.pop() as Cell;
      const level = depth[cell.index] ?? -1;
      if (level === 0) {
        const chain: number[] = [];
        for (let c: Cell | null = cell; c; c = c.next) chain.push(c.index);
        out.push(chain);
        continue;
      }
      const parents = (this.reverse[cell.index] ?? []).filter((p) => depth[p] === level - 1);
      // Pushed in reverse so the smallest parent index is explored first.
      for (let i = parents.length - 1; i >= 0; i--) stack.push({ index: parents[i] ?? 0, next: cell });
    }
  }
}

function compareIndices(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}
