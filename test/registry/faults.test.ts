import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { decodeDb, loadAdvisories } from '../../src/registry/advisory-db.js';
import { DiskCache } from '../../src/registry/cache.js';
import { DEFAULT_HTTP, HttpClient } from '../../src/registry/http.js';
import { Registries } from '../../src/registry/registries.js';
import { RegistryService, SNAPSHOT_PATH } from '../../src/registry/service.js';
import { SparseIndex } from '../../src/registry/sparse-index.js';
import { makeTarGz } from './support/tar-writer.js';
import { auditWithRegistry, findingsFor, SNAPSHOT_NOW, tempDir, testSettings, fixtureRegistry } from './support/env.js';

// What a user behind a captive portal, with a damaged cache or a cut-off download, gets: data
// that cannot be read is never taken for "no versions" or "no advisories", and never crashes.

const HTML = '<!DOCTYPE html><html><body>Please log in to the hotel Wi-Fi</body></html>';
const GIT = 'registry+https://github.com/rust-lang/crates.io-index';
const server = fixtureRegistry();

function service(settings = testSettings({ cratesIoIndex: server.indexUrl }), options: { offline?: boolean; licenses?: boolean } = {}): RegistryService {
  return new RegistryService(new Registries({ registries: new Map() }, settings.cratesIoIndex), { offline: options.offline ?? false, refresh: false, licenses: options.licenses ?? false }, settings);
}

test('an HTML page instead of an index file is unusable: not cached, not "no versions"; a cached copy is used instead', async () => {
  const settings = testSettings({ cratesIoIndex: server.indexUrl, indexTtlMs: 0 });
  server.fault('/index/an/yh/anyhow', { type: 'body', body: HTML });
  const first = (await service(settings).indexAll([{ name: 'anyhow', source: GIT }]))[0]!;
  assert.deepEqual(first, { status: 'unavailable', reason: 'unusable response (not an index file: no line is a readable index entry)' });
  const offline = (await service(settings, { offline: true }).indexAll([{ name: 'anyhow', source: GIT }]))[0]!;
  assert.equal(offline.status, 'unavailable', 'the HTML page was not cached');

  const good = (await service(settings).indexAll([{ name: 'anyhow', source: GIT }]))[0]!;
  assert.equal(good.status === 'ok' && good.origin, 'network');
  server.fault('/index/an/yh/anyhow', { type: 'body', body: HTML });
  const stale = (await service(settings).indexAll([{ name: 'anyhow', source: GIT }]))[0]!;
  assert.ok(stale.status === 'ok' && stale.origin === 'stale' && stale.file.versions.length > 0);
  assert.equal(stale.status === 'ok' && stale.problem, 'unusable response (not an index file: no line is a readable index entry)');
});

test('a damaged cached index file is fetched again online and named offline', async () => {
  const settings = testSettings({ cratesIoIndex: server.indexUrl });
  const s = service(settings);
  await s.indexAll([{ name: 'anyhow', source: GIT }]);
  const cache = new DiskCache(settings.cacheDir);
  const key = `${new SparseIndex(server.indexUrl, s.http, cache, { offline: true, refresh: false, ttlMs: 0, now: Date.now }).cacheKey}/an/yh/anyhow`;
  const entry = cache.read(key)!;
  assert.ok(entry, key);
  cache.write(key, { meta: entry.meta, body: Buffer.from('\u0000\u0001 garbage') });

  const offline = (await service(settings, { offline: true }).indexAll([{ name: 'anyhow', source: GIT }]))[0]!;
  assert.deepEqual(offline, { status: 'unavailable', reason: 'offline, and the cached copy is unreadable (not an index file: no line is a readable index entry)' });
  const before = server.requestsFor('/index/an/yh/anyhow').length;
  const online = (await service(settings).indexAll([{ name: 'anyhow', source: GIT }]))[0]!;
  assert.ok(online.status === 'ok' && online.origin === 'network' && online.file.versions.length > 0, 'fetched again although the entry was fresh');
  const refetch = server.requestsFor('/index/an/yh/anyhow').slice(before);
  assert.deepEqual(refetch.map((r) => [r.status, r.headers['if-none-match']]), [[200, undefined]], 'no revalidation of a damaged copy');
});

test('deps/outdated and deps/yanked say which crates an HTML answer left unchecked, instead of passing', async () => {
  const root = join(FIXTURES, 'rules/deps-outdated/bad');
  for (const path of ['/index/an/yh/anyhow', '/index/cl/ap/clap', '/index/se/rd/serde']) server.fault(path, { type: 'body', body: HTML });
  const { result } = await auditWithRegistry(root, ['deps/outdated', 'deps/yanked'], testSettings({ cratesIoIndex: server.indexUrl }));
  const outdated = findingsFor(result, 'deps/outdated');
  assert.deepEqual(outdated.map((f) => f.messageId), ['notChecked']);
  assert.equal(outdated[0]!.data.reasons, 'unusable response (not an index file: no line is a readable index entry): 3 (anyhow, clap, serde)');
  const yanked = findingsFor(result, 'deps/yanked');
  assert.deepEqual(yanked.map((f) => f.messageId), ['notChecked'], 'no "not in the index" guesses');
});

test('a locked crate its registry no longer has (404) is named by deps/yanked and deps/outdated, not skipped', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'lib.rs'), '');
  writeFileSync(join(root, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nfaster_log = "0.1"\n');
  writeFileSync(join(root, 'Cargo.lock'), `version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["faster_log"]\n\n[[package]]\nname = "faster_log"\nversion = "0.1.2"\nsource = "${GIT}"\n`);
  const { result } = await auditWithRegistry(root, ['deps/yanked', 'deps/outdated'], testSettings({ cratesIoIndex: server.indexUrl }));
  const yanked = findingsFor(result, 'deps/yanked');
  assert.deepEqual(yanked.map((f) => `${f.messageId} ${f.crate}`), ['missing faster_log']);
  assert.equal(yanked[0]!.message, 'faster_log 0.1.2 is not in the crates-io index');
  const outdated = findingsFor(result, 'deps/outdated');
  assert.deepEqual(outdated.map((f) => f.data.reasons), ['the registry has no crate of that name: 1 (faster_log)']);
});

test('a damaged cached advisory database is fetched again online; offline the snapshot is used and the damage named', async () => {
  const cacheDir = tempDir();
  const cache = new DiskCache(cacheDir);
  cache.write('advisory-db/advisories.json.gz', { meta: { url: 'x', status: 200, fetchedAt: SNAPSHOT_NOW }, body: Buffer.from('not gzip') });
  const md = '```toml\n[advisory]\nid = "RUSTSEC-2099-0001"\npackage = "x"\ndate = "2099-01-01"\n\n[versions]\npatched = [">= 1.0.0"]\n```\n\n# T\n';
  server.files.set('/db.tar.gz', makeTarGz([{ path: 'advisory-db-main/crates/x/RUSTSEC-2099-0001.md', data: md }], { comment: 'd'.repeat(40) }));
  const http = new HttpClient({ ...DEFAULT_HTTP, timeoutMs: 2000, retries: 1, backoffMs: 5 });
  const settings = { url: `${server.url}/db.tar.gz`, snapshotPath: SNAPSHOT_PATH, ttlMs: 3_600_000 };
  const offline = await loadAdvisories(http, cache, settings, { offline: true, refresh: false, ttlMs: 0, now: () => SNAPSHOT_NOW });
  assert.ok(offline.status === 'ok' && offline.source === 'snapshot');
  assert.match(offline.problem!, /^offline, and the cached copy is unreadable \(incorrect header check\)$/);
  const online = await loadAdvisories(http, cache, settings, { offline: false, refresh: false, ttlMs: 0, now: () => SNAPSHOT_NOW });
  assert.ok(online.status === 'ok' && online.source === 'network', 'fetched again although the entry was fresh');
  assert.equal(online.db.advisories.length, 1);
  assert.equal(decodeDb(cache.read('advisory-db/advisories.json.gz')!.body).commit, 'd'.repeat(40), 'the damaged copy was replaced');
});

test('a truncated advisory archive falls back to the snapshot and says why', async () => {
  const full = makeTarGz([{ path: 'advisory-db-main/crates/x/RUSTSEC-2099-0001.md', data: 'x'.repeat(5000) }]);
  server.files.set('/cut.tar.gz', full.subarray(0, Math.floor(full.length / 2)));
  const http = new HttpClient({ ...DEFAULT_HTTP, timeoutMs: 2000, retries: 0 });
  const load = await loadAdvisories(http, new DiskCache(tempDir()), { url: `${server.url}/cut.tar.gz`, snapshotPath: SNAPSHOT_PATH, ttlMs: 0 }, { offline: false, refresh: false, ttlMs: 0, now: () => SNAPSHOT_NOW });
  assert.ok(load.status === 'ok' && load.source === 'snapshot');
  assert.equal(load.problem, 'could not fetch: unusable response (unexpected end of file)');
});

test('a damaged license cache entry is a miss, not a failed rule', async () => {
  const settings = testSettings({ cratesIoIndex: server.indexUrl });
  const s = service(settings, { licenses: true });
  server.licenses.set('anyhow@1.0.86', 'MIT OR Apache-2.0');
  const first = (await s.licensesOf([{ name: 'anyhow', version: '1.0.86', source: GIT }]))[0]!;
  assert.equal(first.status === 'ok' && first.from, 'api');
  const dir = join(settings.cacheDir, 'licenses');
  const file = findFile(dir, '1.0.86.json');
  const raw = readFileSync(file, 'utf8');
  writeFileSync(file, raw.slice(0, raw.indexOf('\n') + 1) + '{"license": ');
  const offline = (await service(settings, { offline: true, licenses: true }).licensesOf([{ name: 'anyhow', version: '1.0.86', source: GIT }]))[0]!;
  assert.deepEqual(offline, { status: 'unavailable', reason: 'not in the local Cargo cache, and offline' });
  const again = (await service(settings, { licenses: true }).licensesOf([{ name: 'anyhow', version: '1.0.86', source: GIT }]))[0]!;
  assert.equal(again.status === 'ok' && again.from, 'api');
});

test('license API retries keep to the request spacing', async () => {
  const settings = testSettings({ cratesIoIndex: server.indexUrl, licenseIntervalMs: 200 });
  server.licenses.set('paced@1.0.0', 'MIT');
  server.licenses.set('other@1.0.0', 'MIT');
  server.fault('/api/v1/crates/paced/1.0.0', { type: 'status', status: 429 });
  const before = server.log.length;
  await service(settings, { licenses: true }).licensesOf([
    { name: 'paced', version: '1.0.0', source: GIT },
    { name: 'other', version: '1.0.0', source: GIT },
  ]);
  const api = server.log.slice(before).filter((r) => r.path.startsWith('/api/'));
  assert.equal(api.length, 3, 'one retry');
  const times = api.map((r) => r.at);
  for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 190, `requests ${i - 1} and ${i} ${times[i]! - times[i - 1]!} ms apart`);
});

test('an unwritable cache folder costs speed, not results', async () => {
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, '');
  const settings = testSettings({ cratesIoIndex: server.indexUrl, cacheDir: join(file, 'cache') });
  const result = (await service(settings).indexAll([{ name: 'anyhow', source: GIT }]))[0]!;
  assert.equal(result.status === 'ok' && result.origin, 'network', JSON.stringify(result));
});

/** The one file called `name` under `dir`. */
function findFile(dir: string, name: string): string {
  const found = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith(`/${name}`) && statSync(join(dir, p)).isFile());
  assert.equal(found.length, 1, `${name} under ${dir}`);
  return join(dir, found[0]!);
}
