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

describe('locateKeys: performance', () => {
  it('indexes a 10,000-line Cargo.toml in well under 50 ms', () => {
    const lines = ['[package]', 'name = "big"', 'version = "0.1.0"', '', '[dependencies]'];
    for (let i = 0; lines.length < 10_000; i++) {
      if (i % 5 === 0) lines.push(`dep-${i} = { version = "1.${i}", features = ["a", "b"], default-features = false }`);
      else if (i % 5 === 1) lines.push(`[target.'cfg(target_os = "os${i}")'.dependencies]`, `dep-${i}.version = "0.${i}"`);
      else if (i % 5 === 2) lines.push('[[bin]]', `name = "bin-${i}" # comment`, `path = 'src/bin/${i}.rs'`);
      else if (i % 5 === 3) lines.push(`[dependencies.dep-${i}]`, 'version = "1"', 'features = [', '  "x",', '  "y",', ']');
      else lines.push(`desc-${i} = """`, 'text with "quotes" and [brackets]', '"""');
    }
    const text = lines.join('\n');
    locateKeys(text);
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const index = locateKeys(text);
      index.key(['bin', 100, 'name']);
      best = Math.min(best, performance.now() - started);
    }
    assert.ok(best < 50, `took ${best.toFixed(1)} ms`);
    assert.deepEqual(locateKeys(text).key(['dependencies', 'dep-0']), pos(6, 1));
  });
});
