import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexPath, parseIndexConfig, parseIndexFile } from '../../src/registry/sparse-index.js';
import { SHARED_DATA } from './support/server.js';

const INDEX = join(SHARED_DATA, 'crates-index');
const shared = existsSync(INDEX);

test('index paths follow the sparse layout, lower-cased', () => {
  assert.equal(indexPath('a'), '1/a');
  assert.equal(indexPath('cc'), '2/cc');
  assert.equal(indexPath('syn'), '3/s/syn');
  assert.equal(indexPath('Inflector'), 'in/fl/inflector');
  assert.equal(indexPath('serde'), 'se/rd/serde');
  assert.equal(indexPath('time'), 'ti/me/time');
  assert.throws(() => indexPath(''));
});

test('every shared index file parses line by line, in publish order', { skip: !shared && 'shared data not present' }, () => {
  const manifest = JSON.parse(readFileSync(join(INDEX, 'MANIFEST.json'), 'utf8')) as { files: { crate: string; path: string; versions: number; last_line_version: string }[] };
  assert.ok(manifest.files.length >= 10);
  for (const entry of manifest.files) {
    assert.equal(indexPath(entry.crate), entry.path);
    const file = parseIndexFile(readFileSync(join(INDEX, entry.path), 'utf8'), entry.crate);
    assert.deepEqual(file.skipped, [], entry.crate);
    assert.equal(file.versions.length, entry.versions, entry.crate);
    assert.equal(file.versions.at(-1)!.vers, entry.last_line_version, entry.crate);
  }
});

test('index entries carry yanked, rust_version, features2 and renamed dependencies', { skip: !shared && 'shared data not present' }, () => {
  const read = (path: string, name: string) => parseIndexFile(readFileSync(join(INDEX, path), 'utf8'), name);
  const errorChain = read('er/ro/error-chain', 'error-chain');
  assert.deepEqual(errorChain.versions.filter((v) => v.yanked).map((v) => v.vers), ['0.4.0', '0.4.1']);
  const dotenvy = read('do/te/dotenvy', 'dotenvy');
  assert.equal(dotenvy.versions.at(-1)!.rustVersion, '1.56.1');
  const embassy = read('em/ba/embassy-rp', 'embassy-rp');
  const v010 = embassy.versions.find((v) => v.vers === '0.1.0')!;
  assert.equal(v010.v, 2);
  assert.ok(Object.values(v010.features).flat().some((f) => f.startsWith('dep:')), 'features2 merged into features');
  assert.ok(v010.deps.some((d) => d.package !== null && d.package !== d.name), 'a renamed dependency keeps its package');
  const hal = read('em/be/embedded-hal', 'embedded-hal');
  assert.ok(hal.versions.some((v) => v.vers.includes('-')), 'pre-releases are kept');
  const lazy = read('la/zy/lazy_static', 'lazy_static');
  assert.equal(lazy.versions.at(-1)!.vers, '1.1.1', 'file order is publish order, not version order');
});

test('malformed lines are skipped and listed; good lines around them survive', () => {
  const good = (vers: string, extra: object = {}) => JSON.stringify({ name: 'demo', vers, deps: [], cksum: 'x', features: {}, yanked: false, ...extra });
  const text = [
    good('1.0.0'),
    '{not json',
    '[1, 2]',
    JSON.stringify({ name: 'demo', vers: '1.0.1', deps: 'nope', cksum: 'x' }),
    good('1.0.2', { name: 'other' }),
    good('2.0.0', { v: 3 }),
    good('1.1.0', { v: 2, features2: { extra: ['dep:x'] }, pubtime: '2024-05-01T10:00:00Z', rust_version: '1.70' }),
    '',
  ].join('\n');
  const file = parseIndexFile(text, 'Demo');
  assert.deepEqual(file.versions.map((v) => v.vers), ['1.0.0', '1.1.0']);
  assert.equal(file.skipped.length, 5);
  assert.match(file.skipped[0]!, /^line 2: not valid JSON/);
  assert.match(file.skipped[4]!, /schema v3/);
  const v = file.versions[1]!;
  assert.deepEqual(v.features, { extra: ['dep:x'] });
  assert.equal(v.pubtime, '2024-05-01T10:00:00Z');
  assert.equal(v.rustVersion, '1.70');
});

test('config.json is read for dl, api and auth-required', () => {
  assert.deepEqual(parseIndexConfig('{"dl":"https://static.crates.io/crates","api":"https://crates.io"}'), { dl: 'https://static.crates.io/crates', api: 'https://crates.io', authRequired: false });
  assert.equal(parseIndexConfig('{"dl":"x","auth-required":true}')!.authRequired, true);
  assert.equal(parseIndexConfig('nope'), null);
  assert.equal(parseIndexConfig('{"api":"x"}'), null);
});
