import { bigManifest } from '../support/big-manifest.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'smol-toml';
import { locateKeys, type KeyIndex, type Position, type TomlPath } from '../../src/project/toml-locate.js';

const pos = (line: number, column: number): Position => ({ line, column });

/** Independent of the implementation: counts lines with split, and a BOM takes no column. */
function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const bom = line === 1 && text.startsWith('\uFEFF') ? 1 : 0;
  return { line, column: offset - lineStart - bom + 1 };
}

function key(text: string, path: TomlPath): Position | undefined {
  return locateKeys(text).key(path);
}

describe('locateKeys: keys and values', () => {
  it('finds a top-level key and its value', () => {
    const index = locateKeys('name = "demo"\n  edition   =   "2021"\n');
    assert.deepEqual(index.key(['name']), pos(1, 1));
    assert.deepEqual(index.value(['name']), pos(1, 8));
    assert.deepEqual(index.key(['edition']), pos(2, 3));
    assert.deepEqual(index.value(['edition']), pos(2, 17));
  });

  it('finds keys under a header, and the header key itself', () => {
    const text = '[package]\nname = "a"\n\n[dependencies]\nserde = "1"\n';
    const index = locateKeys(text);
    assert.deepEqual(index.key(['dependencies']), pos(4, 2));
    assert.deepEqual(index.key(['dependencies', 'serde']), pos(5, 1));
    assert.deepEqual(index.value(['dependencies', 'serde']), pos(5, 9));
    assert.equal(index.value(['dependencies']), undefined);
    assert.equal(index.key(['serde']), undefined);
  });

  it('treats a quoted cfg() as one segment, including quotes, dots and = inside', () => {
    const text = "[target.'cfg(target_os = \"linux\")'.dependencies]\nlibc = \"0.2\"\n" +
      '[target."cfg(all(unix, target_arch = \\"x86.64\\"))".dev-dependencies]\nnix = "0.29"\n';
    const index = locateKeys(text);
    assert.deepEqual(index.key(['target', 'cfg(target_os = "linux")', 'dependencies', 'libc']), pos(2, 1));
    assert.deepEqual(index.key(['target', 'cfg(target_os = "linux")', 'dependencies']), pos(1, 36));
    assert.deepEqual(index.key(['target', 'cfg(target_os = "linux")']), pos(1, 9));
    assert.deepEqual(index.key(['target']), pos(1, 2));
    assert.deepEqual(index.key(['target', 'cfg(all(unix, target_arch = "x86.64"))', 'dev-dependencies', 'nix']), pos(4, 1));
  });

  it('keeps "a.b" as one segment and splits bare dotted keys', () => {
    const index = locateKeys('"a.b" = 1\na.b = 2\n\'c.d\'.e = 3\n');
    assert.deepEqual(index.key(['a.b']), pos(1, 1));
    assert.deepEqual(index.key(['a', 'b']), pos(2, 3));
    assert.deepEqual(index.key(['a']), pos(2, 1));
    assert.deepEqual(index.key(['c.d', 'e']), pos(3, 7));
  });

  it('decodes escapes in quoted keys (TOML 1.1 \\e and \\x included)', () => {
    const index = locateKeys('"\\u0041\\x42\\U0001F600\\t\\"\\\\\\e" = 1\n\'\\n\' = 2\n"" = 3\n');
    assert.deepEqual(index.key(['AB😀\t"\\\u001b']), pos(1, 1));
    assert.deepEqual(index.key(['\\n']), pos(2, 1));
    assert.deepEqual(index.key(['']), pos(3, 1));
  });

  it('handles whitespace around dots in dotted keys and headers', () => {
    const text = 'dependencies . serde\t.version = "1"\n[ dev-dependencies . "tokio" ]\nversion = "1"\n';
    const index = locateKeys(text);
    assert.deepEqual(index.key(['dependencies', 'serde', 'version']), pos(1, 23));
    assert.deepEqual(index.value(['dependencies', 'serde', 'version']), pos(1, 33));
    assert.deepEqual(index.key(['dependencies', 'serde']), pos(1, 16));
    assert.deepEqual(index.key(['dev-dependencies', 'tokio']), pos(2, 22));
    assert.deepEqual(index.key(['dev-dependencies', 'tokio', 'version']), pos(3, 1));
  });

  it('resolves keys under [dependencies.serde] and an implicit super-table', () => {
    const text = '[dependencies.serde]\nversion = "1"\nfeatures = ["derive"]\n';
    const index = locateKeys(text);
    assert.deepEqual(index.key(['dependencies', 'serde']), pos(1, 15));
    assert.deepEqual(index.key(['dependencies']), pos(1, 2));
    assert.deepEqual(index.key(['dependencies', 'serde', 'features']), pos(3, 1));
    assert.deepEqual(index.value(['dependencies', 'serde', 'features', 0]), pos(3, 13));
  });

  it('lets an explicit header win over an earlier implicit mention', () => {
    const index = locateKeys('[a.b]\nx = 1\n[a]\ny = 2\n');
    assert.deepEqual(index.key(['a']), pos(3, 2));
    assert.deepEqual(index.key(['a', 'b']), pos(1, 4));
    assert.deepEqual(index.key(['a', 'y']), pos(4, 1));
  });

  it('indexes inline tables that span lines, with comments and a trailing comma', () => {
    const text = [
      '[dependencies]',
      'serde = { version = "1", features = ["derive"] }',
      'tokio = {',
      '  version = "1", # why',
      '  # a comment line',
      '  features = [',
      '    "rt", "macros",',
      '  ],',
      '  nested.deep = { x = 1 },',
      '}',
      'after = 1',
    ].join('\n');
    const index = locateKeys(text);
    assert.deepEqual(index.key(['dependencies', 'serde', 'version']), pos(2, 11));
    assert.deepEqual(index.value(['dependencies', 'serde']), pos(2, 9));
    assert.deepEqual(index.value(['dependencies', 'serde', 'features', 0]), pos(2, 38));
    assert.deepEqual(index.key(['dependencies', 'tokio', 'version']), pos(4, 3));
    assert.deepEqual(index.key(['dependencies', 'tokio', 'features']), pos(6, 3));
    assert.deepEqual(index.value(['dependencies', 'tokio', 'features', 1]), pos(7, 11));
    assert.deepEqual(index.key(['dependencies', 'tokio', 'nested', 'deep', 'x']), pos(9, 19));
    assert.deepEqual(index.key(['dependencies', 'tokio', 'nested']), pos(9, 3));
    assert.deepEqual(index.span(['dependencies', 'tokio']), { start: pos(3, 1), end: pos(10, 2) });
    assert.deepEqual(index.key(['dependencies', 'after']), pos(11, 1));
  });

  it('numbers [[bin]] entries and attaches sub-tables to the latest entry', () => {
    const text = [
      '[[bin]]', // 1
      'name = "a"',
      '[[bin]]', // 3
      'name = "b"',
      '[bin.metadata]', // 5
      'x = 1',
      '[[bin.alias]]', // 7
      'to = "c"',
      '[[bin]]', // 9
      '  name = "c"',
      '[[bin.alias]]', // 11
      'to = "d"',
    ].join('\n');
    const index = locateKeys(text);
    assert.deepEqual(index.key(['bin']), pos(1, 3));
    assert.deepEqual(index.key(['bin', 0]), pos(1, 3));
    assert.deepEqual(index.key(['bin', 1]), pos(3, 3));
    assert.deepEqual(index.key(['bin', 2]), pos(9, 3));
    assert.equal(index.key(['bin', 3]), undefined);
    assert.deepEqual(index.key(['bin', 0, 'name']), pos(2, 1));
    assert.deepEqual(index.key(['bin', 2, 'name']), pos(10, 3));
    assert.deepEqual(index.key(['bin', 1, 'metadata', 'x']), pos(6, 1));
    assert.deepEqual(index.key(['bin', 1, 'alias', 0, 'to']), pos(8, 1));
    assert.deepEqual(index.key(['bin', 2, 'alias', 0, 'to']), pos(12, 1));
    assert.equal(index.key(['bin', 'name']), undefined);
    assert.deepEqual(index.span(['bin']), { start: pos(1, 1), end: pos(12, 9) });
    assert.deepEqual(index.span(['bin', 1]), { start: pos(3, 1), end: pos(4, 11) });
  });

  it('gives the position of each array element, nested arrays included', () => {
    const text = 'members = ["a", \'b\', "c,d"]\nm = [ [1, 2], [ "x" ] , { k = "v" } ]\n';
    const index = locateKeys(text);
    assert.deepEqual(index.value(['members', 0]), pos(1, 12));
    assert.deepEqual(index.value(['members', 1]), pos(1, 17));
    assert.deepEqual(index.value(['members', 2]), pos(1, 22));
    assert.deepEqual(index.key(['members', 2]), pos(1, 22));
    assert.deepEqual(index.span(['members', 2]), { start: pos(1, 22), end: pos(1, 27) });
    assert.equal(index.value(['members', 3]), undefined);
    assert.deepEqual(index.value(['m', 0, 1]), pos(2, 11));
    assert.deepEqual(index.value(['m', 1, 0]), pos(2, 17));
    assert.deepEqual(index.key(['m', 2, 'k']), pos(2, 27));
  });

  it('indexes a multi-line array with comments and a trailing comma', () => {
    const text = 'members = [\n  "a", # first\n  # ["not", "an", "element"]\n  "b",\n]\nnext = 1\n';
    const index = locateKeys(text);
    assert.deepEqual(index.value(['members', 0]), pos(2, 3));
    assert.deepEqual(index.value(['members', 1]), pos(4, 3));
    assert.equal(index.value(['members', 2]), undefined);
    assert.deepEqual(index.span(['members']), { start: pos(1, 1), end: pos(5, 2) });
    assert.deepEqual(index.key(['next']), pos(6, 1));
  });

  it('skips multi-line strings whatever they contain', () => {
    const text = [
      'a = """',
      '[not-a-header]',
      'fake = "x" # "',
      'quotes: "" and \\""" and \\\\',
      'ends with two quotes"""""',
      "b = '''",
      "[nope] ''",
      "'''''",
      'c = "# not a comment" # real',
      "d = 'x' # '''",
      '[real]',
      'e = 1',
    ].join('\n');
    const index = locateKeys(text);
    assert.deepEqual(index.key(['b']), pos(6, 1));
    assert.deepEqual(index.key(['c']), pos(9, 1));
    assert.deepEqual(index.key(['d']), pos(10, 1));
    assert.deepEqual(index.key(['real', 'e']), pos(12, 1));
    assert.equal(index.key(['not-a-header']), undefined);
    assert.equal(index.key(['fake']), undefined);
    assert.equal(index.key(['nope']), undefined);
    assert.deepEqual(index.span(['a']), { start: pos(1, 1), end: pos(5, 26) });
    assert.deepEqual(index.span(['b']), { start: pos(6, 1), end: pos(8, 6) });
  });

  it('handles CRLF line endings and a BOM', () => {
    const text = '\uFEFFname = "x"\r\n[dependencies]\r\nserde = { version = "1" } # c\r\n';
    const index = locateKeys(text);
    assert.deepEqual(index.key(['name']), pos(1, 1));
    assert.deepEqual(index.value(['name']), pos(1, 8));
    assert.deepEqual(index.key(['dependencies', 'serde', 'version']), pos(3, 11));
    assert.deepEqual(index.span(['dependencies']), { start: pos(2, 1), end: pos(3, 30) });
  });

  it('counts columns in UTF-16 code units', () => {
    const index = locateKeys('x = { "é😀" = "😀", b = 2 }\n');
    assert.deepEqual(index.key(['x', 'é😀']), pos(1, 7));
    assert.deepEqual(index.value(['x', 'é😀']), pos(1, 15));
    assert.deepEqual(index.key(['x', 'b']), pos(1, 21));
  });

  it('spans a header table through its last non-blank line, comments included', () => {
    const text = '[package]\nname = "a"\n# trailing note\n\n\n[dependencies] # deps\n\n[features]\n';
    const index = locateKeys(text);
    assert.deepEqual(index.span(['package']), { start: pos(1, 1), end: pos(3, 16) });
    assert.deepEqual(index.span(['dependencies']), { start: pos(6, 1), end: pos(6, 22) });
    assert.deepEqual(index.span(['features']), { start: pos(8, 1), end: pos(8, 11) });
    assert.deepEqual(index.span(['package', 'name']), { start: pos(2, 1), end: pos(2, 11) });
  });

  it('grows an implicit table over all of its entries', () => {
    const text = '[package]\nmetadata.a = 1\nother = 2\nmetadata.b.c = "x"\n[x.y]\n[x.z]\nk = 1\n';
    const index = locateKeys(text);
    assert.deepEqual(index.span(['package', 'metadata']), { start: pos(2, 1), end: pos(4, 19) });
    assert.deepEqual(index.span(['package', 'metadata', 'b', 'c']), { start: pos(4, 1), end: pos(4, 19) });
    assert.deepEqual(index.span(['x']), { start: pos(5, 1), end: pos(7, 6) });
  });

  it('answers undefined for unknown paths, the root and headers without a value', () => {
    const index = locateKeys('[a]\nb = 1\n');
    assert.equal(index.key([]), undefined);
    assert.equal(index.span([]), undefined);
    assert.equal(index.key(['a', 'c']), undefined);
    assert.equal(index.key(['a', 0]), undefined);
    assert.equal(index.key(['0']), undefined);
    assert.equal(index.value(['a']), undefined);
    assert.deepEqual(locateKeys('').key(['a']), undefined);
  });

  it('does its best on malformed input', () => {
    const text = [
      'a = "unterminated',
      'b = 1',
      'c',
      '= 3',
      '[broken',
      'd = [1, 2',
      '[ok]',
      'e = 2',
    ].join('\n');
    const index = locateKeys(text);
    assert.deepEqual(index.key(['a']), pos(1, 1));
    assert.deepEqual(index.key(['b']), pos(2, 1));
    assert.deepEqual(index.key(['broken', 'd']), pos(6, 1));
    assert.equal(key('[[[[[[[[[[', ['x']), undefined);
    assert.equal(key('x = ' + '['.repeat(100_000), ['y']), undefined);
    assert.deepEqual(key('x = ' + '{a='.repeat(50_000) + '\ny = 1', ['x']), pos(1, 1));
  });
});

const CARGO_TOML = `# A workspace root that is also a package.
[package]
name = "demo"
version = "0.1.0"
edition = "2021"
authors = [
  "Ann <ann@example.com>",
  "Bob",
]
description = """
A demo crate. It has "quotes" and [brackets] = inside.
"""

[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]

[workspace]
members = ["crates/*", "tools/xtask"]
exclude = ['crates/legacy']
resolver = "2"

[workspace.dependencies]
anyhow = "1.0"
serde = { version = "1.0.200", default-features = false, features = [
  "derive",
  "std",
] }

[dependencies]
anyhow.workspace = true
serde = { workspace = true, features = ["rc"] }
tokio = {
  version = "1.38",
  features = ["rt-multi-thread", "macros"],
}
reqwest = { version = "0.12", optional = true }

[dependencies.clap]
version = "4"
features = ["derive"]

[target.'cfg(unix)'.dependencies]
nix = "0.29"

[target."cfg(windows)".dependencies.windows-sys]
version = "0.59"

[dev-dependencies]
proptest = "1"

[features]
default = ["http"]
http = ["dep:reqwest"]

[[bin]]
name = "demo"
path = "src/main.rs"

[[bin]]
name = "demo-admin"
required-features = ["http"]

[profile.release]
lto = "thin"
codegen-units = 1
`;

describe('locateKeys: a realistic Cargo.toml', () => {
  const index = locateKeys(CARGO_TOML);

  it('points at the dependency keys in every form', () => {
    assert.deepEqual(index.key(['dependencies', 'anyhow', 'workspace']), pos(31, 8));
    assert.deepEqual(index.key(['dependencies', 'anyhow']), pos(31, 1));
    assert.deepEqual(index.key(['dependencies', 'serde', 'features']), pos(32, 29));
    assert.deepEqual(index.value(['dependencies', 'serde', 'features', 0]), pos(32, 41));
    assert.deepEqual(index.key(['dependencies', 'tokio', 'features']), pos(35, 3));
    assert.deepEqual(index.key(['dependencies', 'clap']), pos(39, 15));
    assert.deepEqual(index.key(['dependencies', 'clap', 'version']), pos(40, 1));
    assert.deepEqual(index.key(['target', 'cfg(unix)', 'dependencies', 'nix']), pos(44, 1));
    assert.deepEqual(index.key(['target', 'cfg(windows)', 'dependencies', 'windows-sys']), pos(46, 37));
    assert.deepEqual(index.key(['workspace', 'dependencies', 'serde', 'features']), pos(25, 58));
    assert.deepEqual(index.value(['workspace', 'dependencies', 'serde', 'features', 1]), pos(27, 3));
    assert.deepEqual(index.span(['workspace', 'dependencies', 'serde']), { start: pos(25, 1), end: pos(28, 4) });
  });

  it('points at workspace members, [[bin]] entries and other tables', () => {
    assert.deepEqual(index.value(['workspace', 'members', 1]), pos(19, 24));
    assert.deepEqual(index.value(['workspace', 'exclude', 0]), pos(20, 12));
    assert.deepEqual(index.key(['bin', 1, 'required-features']), pos(62, 1));
    assert.deepEqual(index.value(['bin', 0, 'path']), pos(58, 8));
    assert.deepEqual(index.key(['package', 'metadata', 'docs', 'rs', 'all-features']), pos(15, 1));
    assert.deepEqual(index.key(['package', 'description']), pos(10, 1));
    assert.deepEqual(index.key(['package', 'metadata']), pos(14, 10));
    assert.deepEqual(index.key(['profile', 'release', 'codegen-units']), pos(66, 1));
    assert.deepEqual(index.span(['package']), { start: pos(2, 1), end: pos(12, 4) });
  });

  it('has a key, a value where one exists, and a span for every node smol-toml reports', () => {
    for (const { path, isTableFromHeader } of nodesOf(parse(CARGO_TOML))) {
      assert.ok(index.key(path), `key ${JSON.stringify(path)}`);
      assert.ok(index.span(path), `span ${JSON.stringify(path)}`);
      if (!isTableFromHeader) assert.ok(index.value(path) || isImplicit(path), `value ${JSON.stringify(path)}`);
    }
  });
});

/** Dotted keys and super-tables in the fixture: tables with no value of their own. */
function isImplicit(path: TomlPath): boolean {
  return ['["dependencies","anyhow"]', '["package","metadata"]', '["package","metadata","docs"]', '["target"]', '["target","cfg(unix)"]', '["target","cfg(windows)"]', '["target","cfg(windows)","dependencies"]', '["workspace","dependencies"]'].includes(JSON.stringify(path));
}

function* nodesOf(value: unknown, path: (string | number)[] = []): Generator<{ path: (string | number)[]; isTableFromHeader: boolean }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      // The fixture holds no inline tables in arrays, so a table element is a [[x]] entry.
      const item: unknown = value[i];
      yield { path: [...path, i], isTableFromHeader: item !== null && typeof item === 'object' && !Array.isArray(item) && !(item instanceof Date) };
      yield* nodesOf(value[i], [...path, i]);
    }
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [name, child] of Object.entries(value)) {
      const isTable = child !== null && typeof child === 'object' && !Array.isArray(child) && !(child instanceof Date);
      const isArrayOfTables = Array.isArray(child) && child.length > 0 && child.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
      yield { path: [...path, name], isTableFromHeader: isTable || isArrayOfTables };
      yield* nodesOf(child, [...path, name]);
    }
  }
}

describe('locateKeys: large input', () => {
  // Timing lives in bench/toml-locate.bench.ts; this only checks a big manifest is indexed right.
  it('indexes a 10,000-line Cargo.toml', () => {
    const text = bigManifest();
    const index = locateKeys(text);
    assert.ok(index.key(['bin', 100, 'name']));
    assert.deepEqual(index.key(['dependencies', 'dep-0']), pos(6, 1));
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests: random documents built from a model by a renderer that records where it put
// every key, value and entry; the index must answer exactly those offsets.

type Style = 'bare' | 'basic' | 'literal';
interface KeySpec {
  style: Style;
  decoration: string;
  escapeAll: boolean;
}
interface Layout {
  multiline: boolean;
  trailingComma: boolean;
  comments: boolean;
  pad: string;
}
type ValueSpec =
  | { kind: 'scalar'; text: string }
  | { kind: 'array'; items: ValueSpec[]; layout: Layout }
  | { kind: 'table'; entries: EntrySpec[]; layout: Layout };
interface PrefixSpec {
  pool: number;
  style: Style;
  escapeAll: boolean;
}
interface EntrySpec {
  prefix: PrefixSpec[];
  leaf: KeySpec;
  value: ValueSpec;
  dotPad: string;
  eqPad: string;
  comment: boolean;
}
interface SectionSpec {
  kind: 'table' | 'aot' | 'aotChild';
  superTable: number | null;
  name: KeySpec;
  aot: number;
  headerPad: string;
  headerComment: boolean;
  blankLinesBefore: number;
  commentBefore: boolean;
  entries: EntrySpec[];
}
interface DocSpec {
  bom: boolean;
  crlf: boolean;
  root: EntrySpec[];
  sections: SectionSpec[];
}

const SIGNIFICANT = ['"', "'", '#', '=', '[', ']', '{', '}', ',', '.', '\\', ' ', '\t', '\n', 'é', '😀', '\u0001', '\u007f'];
const tomlChar = fc.oneof(fc.constantFrom(...SIGNIFICANT), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
const pad = fc.constantFrom('', ' ', '  ', '\t');
const style = fc.constantFrom<Style>('bare', 'basic', 'literal');
const bareText = fc.string({ unit: fc.constantFrom('a', 'z', 'Q', '0', '9', '_', '-'), maxLength: 6 });

const keySpec: fc.Arbitrary<KeySpec> = fc.record({
  style,
  decoration: fc.oneof(bareText, fc.string({ unit: tomlChar, maxLength: 6 })),
  escapeAll: fc.boolean(),
});
const layout: fc.Arbitrary<Layout> = fc.record({ multiline: fc.boolean(), trailingComma: fc.boolean(), comments: fc.boolean(), pad });

/** Lone surrogates cannot be written in TOML at all. */
function wellFormed(s: string): string {
  let out = '';
  for (const ch of s) out += ch.length === 1 && ch >= '\uD800' && ch <= '\uDFFF' ? 'x' : ch;
  return out;
}

function hex(n: number, digits: number): string {
  return n.toString(16).toUpperCase().padStart(digits, '0');
}

function basicString(s: string, escapeAll: boolean): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (escapeAll) out += cp < 0x100 ? `\\x${hex(cp, 2)}` : cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    else if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (cp < 0x20 && ch !== '\t') out += `\\u${hex(cp, 4)}`;
    else if (cp === 0x7f) out += '\\u007F';
    else out += ch;
  }
  return out + '"';
}

function canBeLiteral(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "'" || (cp < 0x20 && ch !== '\t') || cp === 0x7f) return false;
  }
  return true;
}

function renderKey(name: string, keyStyle: Style, escapeAll: boolean): string {
  if (keyStyle === 'bare' && /^[A-Za-z0-9_-]+$/.test(name)) return name;
  if (keyStyle === 'literal' && canBeLiteral(name)) return `'${name}'`;
  return basicString(name, escapeAll);
}

function withoutRun(s: string, run: string, replacement: string): string {
  while (s.includes(run)) s = s.replace(run, replacement);
  return s;
}

const multiLineBasic = fc
  .array(fc.constantFrom('a', '"', '""', '\n', '#', '[dep]', 'x = 1', '\\"', '\\\\', '\\\n  ', '{', "'''", ' ', 'é😀'), { maxLength: 8 })
  .map((pieces) => `"""${withoutRun(pieces.join(''), '"""', '""\\"')}"""`);
const multiLineLiteral = fc
  .array(fc.constantFrom('a', "'", "''", '\n', '#', '[dep]', '"""', '\\', ' ', '😀'), { maxLength: 8 })
  .map((pieces) => `'''${withoutRun(pieces.join(''), "'''", "''x'")}'''`);

const scalar: fc.Arbitrary<ValueSpec> = fc
  .oneof(
    fc.integer().map(String),
    fc.constantFrom('0xDEAD_BEEF', '0o755', '0b1101', '+17', '1_000', '-0', '3.14', '-0.01', '5e+22', '6.626e-34', 'inf', '-inf', 'nan', '+1.5'),
    fc.constantFrom('true', 'false', '1979-05-27T07:32:00Z', '1979-05-27 07:32:00.999999-07:00', '1979-05-27T00:32:00', '1979-05-27', '07:32:00', '07:32'),
    fc.tuple(fc.string({ unit: tomlChar, maxLength: 12 }), fc.boolean()).map(([s, all]) => basicString(wellFormed(s), all)),
    fc.string({ unit: tomlChar, maxLength: 12 }).map((s) => `'${[...wellFormed(s)].filter((ch) => canBeLiteral(ch)).join('')}'`),
    multiLineBasic,
    multiLineLiteral,
  )
  .map((text) => ({ kind: 'scalar' as const, text }));

const prefixSpec: fc.Arbitrary<PrefixSpec> = fc.record({ pool: fc.integer({ min: 0, max: 2 }), style, escapeAll: fc.boolean() });

const { entry: entrySpec } = fc.letrec<{ value: ValueSpec; entry: EntrySpec }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.record({ kind: fc.constant('array' as const), items: fc.array(tie('value'), { maxLength: 4 }), layout }),
    fc.record({ kind: fc.constant('table' as const), entries: fc.array(tie('entry'), { maxLength: 3 }), layout }),
  ),
  entry: fc.record({
    prefix: fc.array(prefixSpec, { maxLength: 2 }),
    leaf: keySpec,
    value: tie('value'),
    dotPad: pad,
    eqPad: pad,
    comment: fc.boolean(),
  }),
}));

const sectionSpec: fc.Arbitrary<SectionSpec> = fc.record({
  kind: fc.constantFrom<SectionSpec['kind']>('table', 'aot', 'aot', 'aotChild'),
  superTable: fc.option(fc.integer({ min: 0, max: 1 })),
  name: keySpec,
  aot: fc.integer({ min: 0, max: 1 }),
  headerPad: pad,
  headerComment: fc.boolean(),
  blankLinesBefore: fc.integer({ min: 0, max: 2 }),
  commentBefore: fc.boolean(),
  entries: fc.array(entrySpec, { maxLength: 4 }),
});

const docSpec: fc.Arbitrary<DocSpec> = fc.record({
  bom: fc.boolean(),
  crlf: fc.boolean(),
  root: fc.array(entrySpec, { maxLength: 4 }),
  sections: fc.array(sectionSpec, { maxLength: 6 }),
});

interface Expected {
  path: (string | number)[];
  key: number;
  value: number | undefined;
  start: number;
  end: number;
}

/** Writes a DocSpec out and records the offset of everything it writes. */
class Renderer {
  text = '';
  readonly expected = new Map<string, Expected>();
  private readonly nl: string;
  private lastContent = 0;
  private readonly arrayCounts = new Map<string, number>();

  constructor(private readonly doc: DocSpec) {
    this.nl = doc.crlf ? '\r\n' : '\n';
    if (doc.bom) this.text = '\uFEFF';
  }

  render(): this {
    this.lines([], this.doc.root);
    let open: { section: Expected; grows: Expected[] } | undefined;
    this.doc.sections.forEach((section, i) => {
      this.write(this.nl.repeat(section.blankLinesBefore));
      if (section.commentBefore) this.comment('# next');
      if (open) this.close(open.section, open.grows);
      open = this.header(section, i);
      this.lines(open.section.path, section.entries);
    });
    if (open) this.close(open.section, open.grows);
    return this;
  }

  private close(section: Expected, grows: Expected[]): void {
    section.end = this.lastContent;
    for (const node of grows) node.end = Math.max(node.end, this.lastContent);
  }

  private header(section: SectionSpec, index: number): { section: Expected; grows: Expected[] } {
    const start = this.text.length;
    const prefix: (string | number)[] = [];
    const grows: Expected[] = [];
    const segments: { name: string; spec: KeySpec | null }[] = [];
    if (section.superTable !== null) segments.push({ name: `s${section.superTable}`, spec: null });
    const arrayName = `a${section.aot}`;
    const arrayPath = [...segments.map((s) => s.name), arrayName];
    const arrayCount = this.arrayCounts.get(JSON.stringify(arrayPath)) ?? 0;
    const kind = section.kind === 'aotChild' && arrayCount === 0 ? 'table' : section.kind;
    if (kind !== 'aot') {
      if (kind === 'aotChild') segments.push({ name: arrayName, spec: null });
      segments.push({ name: `h${index}_${wellFormed(section.name.decoration)}`, spec: section.name });
    } else {
      segments.push({ name: arrayName, spec: null });
    }
    this.write(kind === 'aot' ? '[[' : '[');
    let node: Expected | undefined;
    segments.forEach((segment, i) => {
      if (i > 0) this.write(section.headerPad + '.' + section.headerPad);
      else this.write(section.headerPad);
      const key = this.text.length;
      this.write(renderKey(segment.name, segment.spec?.style ?? 'bare', segment.spec?.escapeAll ?? false));
      prefix.push(segment.name);
      const last = i === segments.length - 1;
      if (!last || kind === 'aot') grows.push(this.implicit([...prefix], key, start, start));
      if (kind === 'aotChild' && segment.name === arrayName && !last) prefix.push(arrayCount - 1);
      if (last && kind === 'aot') {
        this.arrayCounts.set(JSON.stringify(prefix), arrayCount + 1);
        prefix.push(arrayCount);
      }
      if (last) node = this.fixed([...prefix], key, undefined, start, start);
    });
    this.write(section.headerPad + (kind === 'aot' ? ']]' : ']'));
    this.lastContent = this.text.length;
    if (section.headerComment) this.comment(' # header');
    else this.write(this.nl);
    return { section: node!, grows };
  }

  /** Key/value lines of a header table or the root. */
  private lines(table: (string | number)[], entries: EntrySpec[]): void {
    entries.forEach((entry, i) => {
      this.lastContent = this.entry(table, entry, i);
      if (entry.comment) this.comment(' # note');
      else this.write(this.nl);
    });
  }

  /** Writes `key = value` (leaf names are unique by index in their table); returns its end. */
  private entry(table: (string | number)[], entry: EntrySpec, index: number): number {
    const leafName = `k${index}_${wellFormed(entry.leaf.decoration)}`;
    const start = this.text.length;
    const path = [...table];
    const prefixes: Expected[] = [];
    for (const prefix of entry.prefix) {
      const key = this.text.length;
      this.write(renderKey(`p${prefix.pool}`, prefix.style, prefix.escapeAll) + entry.dotPad + '.' + entry.dotPad);
      path.push(`p${prefix.pool}`);
      prefixes.push(this.implicit([...path], key, start, start));
    }
    const key = this.text.length;
    this.write(renderKey(leafName, entry.leaf.style, entry.leaf.escapeAll) + entry.eqPad + '=' + entry.eqPad);
    path.push(leafName);
    const value = this.text.length;
    const node = this.fixed(path, key, value, start, start);
    this.value(path, entry.value);
    node.end = this.text.length;
    for (const prefix of prefixes) prefix.end = Math.max(prefix.end, node.end);
    return node.end;
  }

  private value(path: (string | number)[], value: ValueSpec): void {
    if (value.kind === 'scalar') {
      this.write(value.text.replaceAll('\n', this.nl));
    } else if (value.kind === 'array') {
      this.items('[', ']', value.items, value.layout, (item, i) => {
        const start = this.text.length;
        const node = this.fixed([...path, i], start, start, start, start);
        this.value([...path, i], item);
        node.end = this.text.length;
      });
    } else {
      this.items('{', '}', value.entries, value.layout, (entry, i) => this.entry(path, entry, i));
    }
  }

  private items<T>(open: string, close: string, items: T[], layout: Layout, write: (item: T, index: number) => void): void {
    const { multiline, trailingComma, comments, pad: space } = layout;
    this.write(open + (multiline ? this.nl : space));
    items.forEach((item, i) => {
      if (multiline) this.write('  ');
      write(item, i);
      const last = i === items.length - 1;
      if (!last || trailingComma) this.write(',');
      if (multiline) this.write((comments ? ' # c' : '') + this.nl);
      else if (!last) this.write(space);
    });
    this.write((multiline ? '' : space) + close);
  }

  private comment(text: string): void {
    this.write(text);
    this.lastContent = this.text.length;
    this.write(this.nl);
  }

  private write(s: string): void {
    this.text += s;
  }

  private fixed(path: (string | number)[], key: number, value: number | undefined, start: number, end: number): Expected {
    const node = { path, key, value, start, end };
    this.expected.set(JSON.stringify(path), node);
    return node;
  }

  private implicit(path: (string | number)[], key: number, start: number, end: number): Expected {
    const id = JSON.stringify(path);
    const existing = this.expected.get(id);
    if (existing) return existing;
    return this.fixed(path, key, undefined, start, end);
  }
}

function allPaths(value: unknown, path: (string | number)[] = [], out: string[] = []): string[] {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, i) => [i, item])
    : value !== null && typeof value === 'object' && !(value instanceof Date)
      ? Object.entries(value)
      : [];
  for (const [segment, child] of children) {
    out.push(JSON.stringify([...path, segment]));
    allPaths(child, [...path, segment], out);
  }
  return out;
}

function assertMatches(text: string, index: KeyIndex, expected: Expected): void {
  const { path } = expected;
  const where = `${JSON.stringify(path)} in\n${text}`;
  assert.deepEqual(index.key(path), positionOf(text, expected.key), `key of ${where}`);
  assert.deepEqual(index.value(path), expected.value === undefined ? undefined : positionOf(text, expected.value), `value of ${where}`);
  assert.deepEqual(index.span(path), { start: positionOf(text, expected.start), end: positionOf(text, expected.end) }, `span of ${where}`);
}

describe('locateKeys: properties', () => {
  it('finds exactly where a generated document put each key, value and entry', () => {
    fc.assert(
      fc.property(docSpec, (doc) => {
        const renderer = new Renderer(doc).render();
        const { text } = renderer;
        // The generator must write valid TOML whose shape is exactly what it recorded.
        assert.deepEqual(allPaths(parse(text)).sort(), [...renderer.expected.keys()].sort(), text);
        const index = locateKeys(text);
        for (const expected of renderer.expected.values()) assertMatches(text, index, expected);
      }),
      { numRuns: 300 },
    );
  });

  const anyPath = fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.nat({ max: 3 }), fc.constantFrom('a', 'b', 'dependencies', -1, 1.5, NaN)), { maxLength: 4 });
  const checkNeverThrows = (text: string, paths: (string | number)[][]): void => {
    const index = locateKeys(text);
    for (const path of paths) {
      for (const position of [index.key(path), index.value(path), index.span(path)?.start, index.span(path)?.end]) {
        if (position) assert.ok(position.line >= 1 && position.column >= 1, JSON.stringify(position));
      }
    }
  };

  it('never throws on random strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: tomlChar, maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })), fc.array(anyPath, { maxLength: 5 }), checkNeverThrows),
      { numRuns: 500 },
    );
  });

  it('never throws on mangled generated documents', () => {
    const mangled = fc
      .tuple(docSpec, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.string({ unit: tomlChar, maxLength: 3 })), { minLength: 1, maxLength: 4 }))
      .map(([doc, edits]) => {
        let text = new Renderer(doc).render().text;
        for (const [at, remove, insert] of edits) {
          const i = text.length === 0 ? 0 : at % text.length;
          text = text.slice(0, i) + insert + text.slice(i + remove);
        }
        return text;
      });
    fc.assert(fc.property(mangled, fc.array(anyPath, { maxLength: 5 }), checkNeverThrows), { numRuns: 300 });
  });
});
