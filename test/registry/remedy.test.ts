import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLockfile } from '../../src/project/lockfile.js';
import type { Dependency, Package } from '../../src/project/model.js';
import { enabledOptionalDeps, remedyFor, type Exposure } from '../../src/registry/remedy.js';
import { parseIndexFile, type IndexFile } from '../../src/registry/sparse-index.js';

const SRC = 'registry+https://github.com/rust-lang/crates.io-index';
const lock = parseLockfile(
  `version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["mid"]\n\n[[package]]\nname = "mid"\nversion = "1.0.0"\nsource = "${SRC}"\ndependencies = ["bad"]\n\n[[package]]\nname = "bad"\nversion = "0.1.0"\nsource = "${SRC}"\n`,
  '/x/Cargo.lock',
);
const dependency = { name: 'mid', req: '^1', features: [], usesDefaultFeatures: true } as unknown as Dependency;
const member = { name: 'app', manifestPath: '/x/Cargo.toml' } as unknown as Package;
const exposure: Exposure = { member, chain: [0, 1, 2], dependency };

function index(name: string, versions: { v: string; deps?: object[]; features?: Record<string, string[]> }[]): IndexFile {
  return parseIndexFile(versions.map((x) => JSON.stringify({ name, vers: x.v, deps: x.deps ?? [], cksum: '', features: x.features ?? {}, yanked: false })).join('\n'), name);
}
const dep = (req: string, extra: object = {}) => ({ name: 'bad', req, features: [], optional: false, default_features: true, target: null, kind: 'normal', ...extra });
const bad = index('bad', [{ v: '0.1.0' }, { v: '0.1.1' }, { v: '0.2.0' }]);
const affected = (v: string) => v.startsWith('0.1.');

function remedy(mid: IndexFile, badIndex: IndexFile | undefined = bad) {
  const files = new Map([['mid', mid], ...(badIndex ? [['bad', badIndex] as const] : [])]);
  return remedyFor({ lock, exposure, affected, indexOf: (n) => files.get(n), patchedHints: ['0.2.0'] });
}

test('a parent requirement that allows a fixed version needs only `cargo update -p`', () => {
  assert.deepEqual(remedy(index('mid', [{ v: '1.0.0', deps: [dep('>=0.1, <0.3')] }])), { kind: 'update', command: 'cargo update -p bad' });
});

test('newer releases of the direct dependency within its requirement: `cargo update -p <direct> --recursive`', () => {
  const mid = index('mid', [{ v: '1.0.0', deps: [dep('^0.1')] }, { v: '1.5.0', deps: [dep('^0.2')] }]);
  assert.deepEqual(remedy(mid), { kind: 'update-chain', command: 'cargo update -p mid --recursive', direct: 'mid' });
});

test('a dependency that became optional and is off by default drops out of the chain', () => {
  const mid = index('mid', [{ v: '1.0.0', deps: [dep('^0.1')] }, { v: '1.5.0', deps: [dep('^0.1', { optional: true })], features: { default: ['std'], std: [], legacy: ['dep:bad'] } }]);
  assert.equal(remedy(mid).kind, 'update-chain');
});

test('only a new major of the direct dependency helps: a manifest change', () => {
  const mid = index('mid', [{ v: '1.0.0', deps: [dep('^0.1')] }, { v: '1.5.0', deps: [dep('^0.1')] }, { v: '2.0.0', deps: [dep('^0.2')] }]);
  assert.deepEqual(remedy(mid), { kind: 'manifest', direct: 'mid', version: '2.0.0', member: 'app', file: '/x/Cargo.toml' });
});

test('no release of the direct dependency helps: blocked; no fixed release at all: no-fix; no data: unknown', () => {
  const mid = index('mid', [{ v: '1.0.0', deps: [dep('^0.1')] }, { v: '2.0.0', deps: [dep('^0.1')] }]);
  assert.deepEqual(remedy(mid), { kind: 'blocked', direct: 'mid', newest: '2.0.0' });
  assert.deepEqual(remedy(mid, index('bad', [{ v: '0.1.0' }, { v: '0.1.1' }])), { kind: 'no-fix' });
  assert.equal(remedyFor({ lock, exposure, affected, indexOf: () => undefined, patchedHints: ['0.2.0'] }).kind, 'unknown');
});

test('features turn optional dependencies on: dep:, implicit features, dep/feature, but not dep?/feature', () => {
  const [v] = index('x', [
    {
      v: '1.0.0',
      deps: [dep('1', { name: 'a', optional: true }), dep('1', { name: 'b', optional: true }), dep('1', { name: 'c', optional: true }), dep('1', { name: 'd', optional: true })],
      features: { default: ['one'], one: ['dep:a', 'b'], two: ['c/std', 'd?/std'] },
    },
  ]).versions;
  assert.deepEqual([...enabledOptionalDeps(v!, [], true)].sort(), ['a', 'b']);
  assert.deepEqual([...enabledOptionalDeps(v!, ['two'], false)].sort(), ['c']);
  assert.deepEqual([...enabledOptionalDeps(v!, ['d'], false)], ['d']);
});
