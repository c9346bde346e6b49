import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { isCratesIo, LockGraph, lockfileFromFile, parseLockfile, type Lockfile } from '../../src/project/lockfile.js';

// Compiled to dist/test/project/, so the repository root is three levels up.
const fixtures = fileURLToPath(new URL('../../../test/fixtures/lockfiles/', import.meta.url));
const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';

function load(name: string): Lockfile {
  const lock = lockfileFromFile(join(fixtures, name));
  assert.ok(lock, `${name} exists`);
  return lock;
}

/** `name@version -> [name@version of each resolved dependency]`, for compact assertions. */
function edges(lock: Lockfile): Record<string, string[]> {
  const id = (i: number) => {
    const pkg = lock.packages[i];
    return pkg ? `${pkg.name}@${pkg.version}` : 'UNRESOLVED';
  };
  return Object.fromEntries(lock.packages.map((pkg, i) => [id(i), pkg.dependencies.map((d) => id(d.index))]));
}

function codes(lock: Lockfile): string[] {
  return lock.diagnostics.map((d) => d.code);
}

describe('parseLockfile: format versions', () => {
  it('reads v1: no version key, full dependency entries, checksums in [metadata]', () => {
    const lock = load('v1.lock');
    assert.equal(lock.version, 1);
    assert.deepEqual(codes(lock), []);
    assert.deepEqual(edges(lock), {
      'app@0.1.0': ['log@0.4.20', 'util@0.1.0'],
      'cfg-if@1.0.0': [],
      'log@0.4.20': ['cfg-if@1.0.0'],
      'util@0.1.0': ['cfg-if@1.0.0'],
    });
    assert.deepEqual(
      lock.packages.map((p) => [p.name, p.source, p.checksum?.slice(0, 4) ?? null]),
      [
        ['app', null, null],
        ['cfg-if', CRATES_IO, '1111'],
        ['log', CRATES_IO, '2222'],
        ['util', null, null],
      ],
    );
  });

  it('reads v1 git sources: `branch=master` is the default branch, `<none>` is no checksum', () => {
    const lock = load('git-v1.lock');
    assert.equal(lock.version, 1);
    assert.deepEqual(codes(lock), []);
    assert.deepEqual(edges(lock)['app@0.1.0'], ['gitdep@0.3.0', 'itoa@1.0.0']);
    assert.equal(lock.packages[1]?.checksum, null);
    assert.equal(lock.packages[2]?.checksum?.slice(0, 4), '9999');
  });

  it('reads v2: no version key, inline checksums, compact entries', () => {
    const lock = load('v2.lock');
    assert.equal(lock.version, 2);
    assert.deepEqual(codes(lock), []);
    assert.deepEqual(edges(lock), {
      'app@0.1.0': ['log@0.4.20', 'syn@1.0.109', 'syn@2.0.48', 'util@0.1.0'],
      'cfg-if@1.0.0': [],
      'log@0.4.20': ['cfg-if@1.0.0'],
      'syn@1.0.109': [],
      'syn@2.0.48': [],
      'util@0.1.0': ['cfg-if@1.0.0', 'syn@2.0.48'],
    });
    assert.equal(lock.packages[2]?.checksum?.slice(0, 4), '2222');
  });

  it('tells v2 from v1 by entries without a version even when nothing has a checksum', () => {
    assert.equal(load('git-v2.lock').version, 2);
  });

  it('applies Cargo’s trailing-newline rule to a one-package file without a version key', () => {
    const single = '[[package]]\nname = "solo"\nversion = "0.1.0"\n';
    assert.equal(parseLockfile(single, '/w/Cargo.lock').version, 2);
    assert.equal(parseLockfile(`${single}\n`, '/w/Cargo.lock').version, 1);
  });

  it('reads v3 and v4 git sources with branch, tag and rev (v4 percent-encodes the query)', () => {
    for (const [name, version, branch] of [
      ['git-v3.lock', 3, 'feat/x+y'],
      ['git-v4.lock', 4, 'feat%2Fx%2By'],
    ] as const) {
      const lock = load(name);
      assert.equal(lock.version, version, name);
      assert.deepEqual(codes(lock), [], name);
      const target = (raw: string) => {
        const app = lock.packages.find((p) => p.name === 'app' || p.name === 'util');
        const edge = lock.packages.flatMap((p) => p.dependencies).find((d) => d.raw.includes(raw));
        assert.ok(app && edge, `${name}: ${raw}`);
        return lock.packages[edge.index]?.source;
      };
      const repo = 'git+https://github.com/example/gitdep';
      const rev = '483f1c275530662ddb9b3754f592ededc8c8e35c';
      assert.equal(target('?tag=v0.3.0'), `${repo}?tag=v0.3.0#${rev}`, name);
      assert.equal(target(`?branch=${branch}`), `${repo}?branch=${branch}#${rev}`, name);
      assert.equal(target(`?rev=${rev}`), `${repo}?rev=${rev}#${rev}`, name);
      assert.deepEqual(edges(lock)['util@0.1.0'], ['gitdep@0.3.0'], name);
    }
  });

  it('locates each [[package]] header', () => {
    const lock = load('git-v4.lock');
    assert.deepEqual(
      lock.packages.map((p) => [p.location.line, p.location.column]),
      [
        [5, 1],
        [14, 1],
        [19, 1],
        [24, 1],
        [29, 1],
      ],
    );
    assert.equal(lock.packages[0]?.location.file, join(fixtures, 'git-v4.lock'));
    const indented = parseLockfile('version = 4\n\n  [[ package ]] # note\n  name = "a"\n  version = "1.0.0"\n', '/w/Cargo.lock');
    assert.deepEqual(indented.packages[0]?.location, { file: '/w/Cargo.lock', line: 3, column: 3 });
  });

  it('reads path-only workspaces written by Cargo (no source, dev-dependency cycles)', () => {
    const lock = load('path-only-v4.lock');
    assert.equal(lock.version, 4);
    assert.ok(lock.packages.every((p) => p.source === null && p.checksum === null));
    assert.deepEqual(edges(lock), {
      'api@1.0.0': ['core@0.2.0', 'macros@0.2.0', 'testkit@0.1.0'],
      'core@0.2.0': [],
      'macros@0.2.0': ['core@0.2.0'],
      'testkit@0.1.0': ['api@1.0.0'],
    });
  });

  it('reads sparse registries, crates.io and others', () => {
    const lock = load('sparse-v4.lock');
    assert.deepEqual(codes(lock), []);
    assert.deepEqual(
      lock.packages.map((p) => [p.name, isCratesIo(p.source)]),
      [
        ['app', false],
        ['anyhow', true],
        ['internal-auth', false],
      ],
    );
    assert.deepEqual(edges(lock)['internal-auth@0.4.1'], ['anyhow@1.0.86']);
  });

  it('warns about an unknown version = 5 and still reads the packages as v4', () => {
    const lock = load('version5.lock');
    assert.equal(lock.version, 4);
    assert.deepEqual(codes(lock), ['lockfile/unknown-version']);
    assert.deepEqual([lock.diagnostics[0]?.location?.line, lock.diagnostics[0]?.location?.column], [2, 1]);
    assert.deepEqual(edges(lock)['app@0.1.0'], ['log@0.4.20']);
  });

  it('treats `version = 1` or `2` as unknown (Cargo rejects them) and detects the format instead', () => {
    const lock = parseLockfile('version = 2\n[[package]]\nname = "a"\nversion = "1.0.0"\nchecksum = "ab"\n', '/w/Cargo.lock');
    assert.deepEqual(codes(lock), ['lockfile/unknown-version']);
    assert.equal(lock.version, 2);
    const huge = parseLockfile('version = 99999999999999999999\n', '/w/Cargo.lock');
    assert.deepEqual([huge.version, codes(huge)], [4, ['lockfile/unknown-version']]);
    const text = parseLockfile('version = "3"\n', '/w/Cargo.lock');
    assert.deepEqual(codes(text), ['lockfile/unknown-version']);
  });
});

describe('parseLockfile: dependency entries', () => {
  it('resolves `name version` and `name version (source)` when names are ambiguous', () => {
    const lock = load('ambiguous-v4.lock');
    assert.deepEqual(codes(lock), []);
    const app = lock.packages[0];
    assert.ok(app);
    const resolved = app.dependencies.map((d) => {
      const pkg = lock.packages[d.index];
      return [d.raw.split(' ').slice(0, 2).join(' '), pkg?.version, pkg?.source];
    });
    assert.deepEqual(resolved, [
      ['log 0.4.20', '0.4.20', null],
      ['log 0.4.20', '0.4.20', CRATES_IO],
      ['rand 0.8.5', '0.8.5', CRATES_IO],
      ['rand 0.8.5', '0.8.5', 'sparse+https://registry.example.com/index/'],
      ['syn 1.0.109', '1.0.109', CRATES_IO],
      ['syn 2.0.48', '2.0.48', CRATES_IO],
    ]);
  });

  it('marks unresolvable and malformed entries with index -1 and points at their line', () => {
    const lock = load('unresolved-v3.lock');
    assert.deepEqual(
      lock.packages[0]?.dependencies.map((d) => d.index),
      [-1, -1, -1, -1, -1, 1],
    );
    assert.deepEqual(
      lock.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column]),
      [
        ['lockfile/unresolved-dependency', 7, 2],
        ['lockfile/unresolved-dependency', 8, 2],
        ['lockfile/unresolved-dependency', 9, 2],
        ['lockfile/unresolved-dependency', 10, 2],
        ['lockfile/invalid-dependency', 11, 2],
      ],
    );
  });

  it('resolves `replace` entries', () => {
    const lock = parseLockfile(
      [
        'version = 3',
        '[[package]]',
        'name = "log"',
        'version = "0.4.20"',
        `source = "${CRATES_IO}"`,
        'replace = "log 0.4.20 (git+https://github.com/me/log#0123)"',
        '[[package]]',
        'name = "log"',
        'version = "0.4.20"',
        'source = "git+https://github.com/me/log#0123"',
        '',
      ].join('\n'),
      '/w/Cargo.lock',
    );
    assert.deepEqual(codes(lock), []);
    assert.equal(lock.packages[0]?.replace?.index, 1);
  });
});

describe('parseLockfile: tolerance', () => {
  it('reports a TOML syntax error once, at its position, with no packages', () => {
    const lock = load('malformed.lock');
    assert.equal(lock.packages.length, 0);
    assert.equal(lock.version, 4);
    assert.deepEqual(
      lock.diagnostics.map((d) => [d.code, d.severity, d.location?.line, d.location?.column]),
      [['lockfile/parse-error', 'error', 9, 2]],
    );
  });

  it('tolerates [[patch.unused]], [metadata] without checksums and unknown tables', () => {
    const lock = load('patch-unused-v3.lock');
    assert.deepEqual(codes(lock), []);
    assert.equal(lock.version, 3);
    assert.deepEqual(
      lock.unusedPatches?.map((p) => [p.name, p.version, p.location.line]),
      [['serde', '1.0.200', 18]],
    );
  });

  it('reads the pre-2017 [root] table as the first package', () => {
    const lock = parseLockfile(
      '[root]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "util 0.1.0",\n]\n\n[[package]]\nname = "util"\nversion = "0.1.0"\n\n',
      '/w/Cargo.lock',
    );
    assert.deepEqual(codes(lock), []);
    assert.equal(lock.version, 1);
    assert.deepEqual(edges(lock), { 'app@0.1.0': ['util@0.1.0'], 'util@0.1.0': [] });
    assert.deepEqual([lock.packages[0]?.location.line, lock.packages[1]?.location.line], [1, 8]);
  });

  it('skips packages without name or version, and duplicates, and keeps the rest', () => {
    const lock = parseLockfile(
      'version = 4\n[[package]]\nname = "a"\n\n[[package]]\nname = "b"\nversion = "1.0.0"\n\n[[package]]\nname = "b"\nversion = "1.0.0"\n',
      '/w/Cargo.lock',
    );
    assert.deepEqual(
      lock.diagnostics.map((d) => [d.code, d.location?.line]),
      [
        ['lockfile/invalid-package', 2],
        ['lockfile/duplicate-package', 9],
      ],
    );
    assert.deepEqual(
      lock.packages.map((p) => [p.name, p.location.line]),
      [['b', 5]],
    );
  });

  it('warns when a v2 lockfile also carries [metadata] checksums (Cargo treats it as a bad merge)', () => {
    const lock = parseLockfile(
      `[[package]]\nname = "a"\nversion = "1.0.0"\nsource = "${CRATES_IO}"\nchecksum = "ab"\n\n[[package]]\nname = "b"\nversion = "1.0.0"\n\n[metadata]\n"checksum a 1.0.0 (${CRATES_IO})" = "cd"\n`,
      '/w/Cargo.lock',
    );
    assert.equal(lock.version, 2);
    assert.deepEqual(codes(lock), ['lockfile/mixed-checksums']);
    assert.equal(lock.diagnostics[0]?.location?.line, 11);
    assert.equal(lock.packages[0]?.checksum, 'ab');
  });

  it('reports a non-array `package`', () => {
    const lock = parseLockfile('version = 3\npackage = "x"\n', '/w/Cargo.lock');
    assert.deepEqual(
      lock.diagnostics.map((d) => [d.code, d.location?.line]),
      [['lockfile/invalid-structure', 2]],
    );
  });
});

describe('lockfileFromFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-lockfile-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

  it('returns null for a missing file', () => {
    assert.equal(lockfileFromFile(join(dir, 'nope', 'Cargo.lock')), null);
  });

  it('reports non-UTF-8 content at the first bad byte', () => {
    const file = join(dir, 'latin1.lock');
    writeFileSync(file, Buffer.concat([Buffer.from('version = 4\n\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const lock = lockfileFromFile(file);
    assert.deepEqual(
      lock?.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column]),
      [['lockfile/not-utf8', 3, 6]],
    );
    assert.equal(lock?.version, 4);
  });

  it('refuses files over 64 MiB without reading them', () => {
    const file = join(dir, 'huge.lock');
    writeFileSync(file, '');
    truncateSync(file, 64 * 1024 * 1024 + 1);
    assert.deepEqual(codes(lockfileFromFile(file) as Lockfile), ['lockfile/too-large']);
  });

  it('reports a directory as unreadable', () => {
    assert.deepEqual(codes(lockfileFromFile(dir) as Lockfile), ['lockfile/read-error']);
  });
});

describe('isCratesIo', () => {
  it('knows both crates.io indexes and nothing else', () => {
    assert.equal(isCratesIo(CRATES_IO), true);
    assert.equal(isCratesIo('sparse+https://index.crates.io/'), true);
    assert.equal(isCratesIo('sparse+https://registry.example.com/index/'), false);
    assert.equal(isCratesIo('git+https://github.com/rust-lang/crates.io-index'), false);
    assert.equal(isCratesIo(null), false);
  });
});

describe('LockGraph', () => {
  /** a -> b -> d, a -> c -> d, d -> e, a -> e2 (another e), f isolated; with a b <-> c cycle. */
  const diamond = parseLockfile(
    [
      ['a', '1.0.0', ['b', 'c', 'e 2.0.0']],
      ['b', '1.0.0', ['c', 'd']],
      ['c', '1.0.0', ['b', 'd']],
      ['d', '1.0.0', ['e 1.0.0']],
      ['e', '1.0.0', []],
      ['e', '2.0.0', []],
      ['f', '1.0.0', []],
    ]
      .map(([name, version, deps]) => `[[package]]\nname = "${name}"\nversion = "${version}"\ndependencies = ${JSON.stringify(deps)}\n`)
      .join('\n'),
    '/w/Cargo.lock',
  );
  const graph = new LockGraph(diamond);

  it('finds packages by name', () => {
    assert.deepEqual(
      graph.byName('e').map((p) => p.version),
      ['1.0.0', '2.0.0'],
    );
    assert.deepEqual(graph.indicesOf('e'), [4, 5]);
    assert.deepEqual(graph.byName('zzz'), []);
  });

  it('lists reverse dependencies', () => {
    assert.deepEqual(graph.reverseDeps(3), [1, 2]);
    assert.deepEqual(graph.reverseDeps(0), []);
    assert.deepEqual(graph.reverseDeps(99), []);
  });

  it('returns every shortest path, shortest first', () => {
    assert.deepEqual(graph.pathsFrom([0], 4), [
      [0, 1, 3, 4],
      [0, 2, 3, 4],
    ]);
    assert.deepEqual(graph.pathsFrom([0, 1], 4), [
      [1, 3, 4],
      [0, 1, 3, 4],
      [0, 2, 3, 4],
    ]);
    assert.deepEqual(graph.pathsFrom([0], 4, 1), [[0, 1, 3, 4]]);
    assert.deepEqual(graph.pathsFrom([0], 0), [[0]]);
    assert.deepEqual(graph.pathsFrom([0], 6), []);
    assert.deepEqual(graph.pathsFrom([6, -1, 42], 4), []);
  });

  it('follows the path-only fixture through its dev-dependency cycle', () => {
    const lock = load('path-only-v4.lock');
    const g = new LockGraph(lock);
    const [api, core, macros, testkit] = ['api', 'core', 'macros', 'testkit'].map((n) => g.indicesOf(n)[0] ?? -1);
    assert.deepEqual(g.reverseDeps(core ?? -1), [api, macros]);
    assert.deepEqual(g.pathsFrom([testkit ?? -1], core ?? -1), [[testkit, api, core]]);
  });

  it('copes with a long chain', () => {
    const n = 20_000;
    const packages = Array.from({ length: n }, (_, i) => ({
      name: `p${i}`,
      version: '1.0.0',
      source: null,
      checksum: null,
      dependencies: i + 1 < n ? [{ index: i + 1, raw: `p${i + 1}` }] : [],
      location: { file: '/w/Cargo.lock', line: 1, column: 1 },
    }));
    const chain = new LockGraph({ version: 4, path: '/w/Cargo.lock', packages, diagnostics: [] });
    assert.equal(chain.pathsFrom([0], n - 1)[0]?.length, n);
  });
});

describe('parseLockfile: robustness', () => {
  const samples = ['v1.lock', 'v2.lock', 'git-v3.lock', 'git-v4.lock', 'ambiguous-v4.lock', 'patch-unused-v3.lock'].map((f) =>
    readFileSync(join(fixtures, f), 'utf8'),
  );

  /** Parses `text` and checks the invariants every result must hold; returns the package count. */
  function parseChecked(text: string): number {
    const lock = parseLockfile(text, '/w/Cargo.lock');
    assert.ok([1, 2, 3, 4].includes(lock.version));
    for (const d of lock.diagnostics) assert.ok(d.location && d.location.line >= 1 && d.location.column >= 1, d.code);
    for (const pkg of lock.packages) {
      for (const dep of pkg.dependencies) assert.ok(dep.index >= -1 && dep.index < lock.packages.length);
    }
    const graph = new LockGraph(lock);
    if (lock.packages.length > 0) graph.pathsFrom([0], lock.packages.length - 1);
    return lock.packages.length;
  }

  type ByteEdit = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number } | { kind: 'truncate'; at: number };
  const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('"', '[', ']', '[[', '\n', '=', ' ', '#', '\\', '"""', '\r', '\uFFFD', '\u0000')),
    }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );

  it('never throws when bytes are inserted, deleted or the file is truncated', () => {
    fc.assert(
      fc.property(fc.nat({ max: samples.length - 1 }), fc.array(byteEdit, { minLength: 1, maxLength: 6 }), (which, edits) => {
        let text = samples[which] ?? '';
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          if (edit.kind === 'insert') text = text.slice(0, at) + edit.text + text.slice(at);
          else if (edit.kind === 'delete') text = text.slice(0, at) + text.slice(at + edit.length);
          else text = text.slice(0, at);
        }
        parseChecked(text);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws when whole lines are moved, dropped or duplicated (mostly valid TOML)', () => {
    let withPackages = 0;
    const lineEdit = fc.record({ from: fc.nat(), to: fc.nat(), copies: fc.integer({ min: 0, max: 2 }) });
    fc.assert(
      fc.property(fc.nat({ max: samples.length - 1 }), fc.array(lineEdit, { minLength: 1, maxLength: 4 }), (which, edits) => {
        const lines = (samples[which] ?? '').split('\n');
        for (const { from, to, copies } of edits) {
          const [line = ''] = lines.splice(from % lines.length, 1);
          lines.splice(to % (lines.length + 1), 0, ...Array<string>(copies).fill(line));
        }
        if (parseChecked(lines.join('\n')) > 0) withPackages++;
      }),
      { numRuns: 500 },
    );
    // Guards the generator: enough runs must get past TOML parsing to reach the lockfile reader.
    assert.ok(withPackages > 50, `only ${withPackages} of 500 runs produced packages`);
  });
});

const cargoVersion = (() => {
  try {
    return execFileSync('cargo', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return null;
  }
})();

describe('parseLockfile reads what Cargo writes', { skip: cargoVersion === null ? 'cargo is not installed' : false }, () => {
  it('on a path-only workspace written by this Cargo', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-oracle-'));
    try {
      const crate = (name: string, version: string, deps: string[]) => {
        mkdirSync(join(dir, name, 'src'), { recursive: true });
        writeFileSync(join(dir, name, 'src', 'lib.rs'), '');
        const table = deps.map((d) => `${d} = { path = "../${d}" }`).join('\n');
        writeFileSync(join(dir, name, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\n\n[dependencies]\n${table}\n`);
      };
      writeFileSync(join(dir, 'Cargo.toml'), '[workspace]\nmembers = ["app", "mid", "leaf", "side"]\nresolver = "2"\n');
      crate('app', '0.1.0', ['mid', 'side']);
      crate('mid', '0.2.0', ['leaf']);
      crate('side', '3.0.0', ['leaf']);
      crate('leaf', '1.2.3', []);
      const env = { ...process.env, CARGO_NET_OFFLINE: 'true' };
      execFileSync('cargo', ['generate-lockfile', '--offline'], { cwd: dir, env, stdio: 'ignore' });
      // The graph written above; `cargo metadata` would say the same but needs rustc, which a
      // concurrent browser test's chromium output has been seen to disturb on CI.
      const expected = { 'app@0.1.0': ['mid@0.2.0', 'side@3.0.0'], 'mid@0.2.0': ['leaf@1.2.3'], 'side@3.0.0': ['leaf@1.2.3'], 'leaf@1.2.3': [] };
      const lock = lockfileFromFile(join(dir, 'Cargo.lock'));
      assert.ok(lock);
      assert.deepEqual(codes(lock), []);
      const ours = Object.fromEntries(Object.entries(edges(lock)).map(([k, v]) => [k, [...v].sort()]));
      assert.deepEqual(ours, expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
