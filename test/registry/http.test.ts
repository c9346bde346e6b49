import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiskCache } from '../../src/registry/cache.js';
import { fetchCached, type FetchPolicy } from '../../src/registry/fetcher.js';
import { DEFAULT_HTTP, HttpClient, HttpFailure, retryAfterMs, type HttpSettings } from '../../src/registry/http.js';
import { defaultCacheDir } from '../../src/registry/cache.js';
import { VERSION } from '../../src/util/version.js';
import { TestRegistry } from './support/server.js';
import { cleanTemps, tempDir } from './support/env.js';

const server = new TestRegistry();
const fast: HttpSettings = { ...DEFAULT_HTTP, timeoutMs: 300, retries: 2, backoffMs: 5, maxRetryAfterMs: 1500 };
let clock = 1_000_000;
const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({ offline: false, refresh: false, ttlMs: 0, now: () => clock, ...over });

before(async () => {
  await server.start();
  server.setIndexFile('de/mo/demo', [{ name: 'demo', vers: '1.0.0', deps: [], cksum: 'x', features: {}, yanked: false }]);
  for (const name of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']) server.setIndexFile(`2/${name}`, [{ name, vers: '0.1.0', deps: [], cksum: 'x', features: {}, yanked: false }]);
});
after(async () => {
  await server.stop();
  cleanTemps();
});

test('requests name cargo-stack and its version in the User-Agent', async () => {
  const http = new HttpClient(fast);
  const res = await http.get(`${server.indexUrl}de/mo/demo`);
  assert.equal(res.status, 200);
  assert.match(String(server.log.at(-1)!.headers['user-agent']), new RegExp(`^cargo-stack/${VERSION.replace(/\./g, '\\.')}`));
});

test('concurrent requests for one URL share one request; the cap limits parallel requests', async () => {
  const http = new HttpClient({ ...fast, concurrency: 2 });
  server.latencyMs = 40;
  const before = server.log.length;
  const same = await Promise.all(Array.from({ length: 10 }, () => http.get(`${server.indexUrl}de/mo/demo`)));
  assert.equal(server.log.length - before, 1);
  assert.ok(same.every((r) => r.status === 200));
  const started = Date.now();
  await Promise.all(['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((n) => http.get(`${server.indexUrl}2/${n}`)));
  // Six requests, two at a time, 40 ms each: at least three rounds.
  assert.ok(Date.now() - started >= 110, `took ${Date.now() - started} ms`);
  server.latencyMs = 0;
});

test('a reset connection and 500s are retried with backoff, within the bound', async () => {
  const http = new HttpClient(fast);
  const path = '/index/2/a7';
  server.fault(path, { type: 'reset' }, { type: 'status', status: 500 });
  const res = await http.get(`${server.url}${path}`);
  assert.equal(res.status, 200);
  assert.equal(server.requestsFor(path).length, 3);

  server.fault(path, { type: 'status', status: 503 }, { type: 'status', status: 502 }, { type: 'status', status: 500 });
  const failed = await http.get(`${server.url}${path}`);
  assert.equal(failed.status, 500, 'after the last retry the status is returned');
  assert.equal(server.requestsFor(path).length, 6);

  server.fault(path, { type: 'reset' }, { type: 'reset' }, { type: 'reset' });
  await assert.rejects(http.get(`${server.url}${path}`), (e) => e instanceof HttpFailure && e.kind === 'network' && /ECONNRESET|socket|other side closed/i.test(e.message));
});

test('slow answers and stalled bodies time out and are retried', async () => {
  const http = new HttpClient(fast);
  const path = '/index/2/a8';
  server.fault(path, { type: 'slow', ms: 600 });
  assert.equal((await http.get(`${server.url}${path}`)).status, 200);
  assert.equal(server.requestsFor(path).length, 2);
  server.fault(path, { type: 'stall' }, { type: 'stall' }, { type: 'stall' });
  await assert.rejects(http.get(`${server.url}${path}`), (e) => e instanceof HttpFailure && e.kind === 'timeout');
});

test('429 waits for Retry-After when it is short, and gives up at once when it is long', async () => {
  const http = new HttpClient(fast);
  const path = '/index/de/mo/demo';
  const n = server.requestsFor(path).length;
  server.fault(path, { type: 'status', status: 429, retryAfter: '1' });
  const started = Date.now();
  assert.equal((await http.get(`${server.url}${path}`)).status, 200);
  assert.ok(Date.now() - started >= 950, 'waited for Retry-After');
  server.fault(path, { type: 'status', status: 429, retryAfter: '3600' });
  assert.equal((await http.get(`${server.url}${path}`)).status, 429);
  assert.equal(server.requestsFor(path).length - n, 3);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 5000);
  assert.equal(retryAfterMs('soon', 0), undefined);
});

test('the cache revalidates with ETag (304), keeps fresh entries, and serves stale data on failure', async () => {
  const http = new HttpClient(fast);
  const cache = new DiskCache(tempDir());
  const url = `${server.indexUrl}de/mo/demo`;
  const path = '/index/de/mo/demo';
  const first = await fetchCached(http, cache, 'k/demo', url, policy());
  assert.equal(first.status === 'ok' && first.origin, 'network');
  clock += 1000;
  const second = await fetchCached(http, cache, 'k/demo', url, policy());
  assert.equal(second.status === 'ok' && second.origin, 'revalidated');
  assert.equal(server.log.at(-1)!.status, 304);
  assert.ok(server.log.at(-1)!.headers['if-none-match']);
  assert.ok(second.status === 'ok' && second.fetchedAt === clock, '304 refreshes the fetch time');

  const n = server.requestsFor(path).length;
  const fresh = await fetchCached(http, cache, 'k/demo', url, policy({ ttlMs: 60_000 }));
  assert.equal(fresh.status === 'ok' && fresh.origin, 'cache');
  assert.equal(server.requestsFor(path).length, n, 'a fresh entry costs no request');
  const refreshed = await fetchCached(http, cache, 'k/demo', url, policy({ ttlMs: 60_000, refresh: true }));
  assert.equal(refreshed.status === 'ok' && refreshed.origin, 'revalidated');

  server.fault(path, { type: 'status', status: 500 }, { type: 'status', status: 500 }, { type: 'status', status: 500 });
  const stale = await fetchCached(http, cache, 'k/demo', url, policy());
  assert.ok(stale.status === 'ok' && stale.origin === 'stale' && stale.problem === 'HTTP 500');

  const offline = await fetchCached(http, cache, 'k/demo', url, policy({ offline: true }));
  assert.equal(offline.status === 'ok' && offline.origin, 'cache');
  assert.deepEqual(await fetchCached(http, cache, 'k/none', url, policy({ offline: true })), { status: 'unavailable', reason: 'offline and not in the cache' });
});

test('Last-Modified is sent back when there is no ETag', async () => {
  const http = new HttpClient(fast);
  const cache = new DiskCache(tempDir());
  cache.write('k/lm', { meta: { url: 'x', status: 200, fetchedAt: 0, lastModified: 'Wed, 21 Aug 2024 06:28:40 GMT' }, body: Buffer.from('old') });
  const result = await fetchCached(http, cache, 'k/lm', `${server.indexUrl}de/mo/demo`, policy());
  assert.equal(result.status === 'ok' && result.origin, 'revalidated');
  assert.equal(result.status === 'ok' && result.body.toString(), 'old');
});

test('404, 410 and 451 mean "does not exist" and are cached as such; other errors are not', async () => {
  const http = new HttpClient(fast);
  const cache = new DiskCache(tempDir());
  for (const status of [404, 410, 451]) {
    const path = `/index/gone-${status}`;
    server.fault(path, { type: 'status', status });
    const result = await fetchCached(http, cache, `k/${status}`, `${server.url}${path}`, policy());
    assert.equal(result.status, 'not-found', String(status));
    assert.equal((await fetchCached(http, cache, `k/${status}`, `${server.url}${path}`, policy({ offline: true }))).status, 'not-found');
  }
  server.fault('/index/forbidden', { type: 'status', status: 403 });
  const forbidden = await fetchCached(http, cache, 'k/403', `${server.url}/index/forbidden`, policy());
  assert.deepEqual(forbidden, { status: 'unavailable', reason: 'HTTP 403' });
});

test('the cache folder honors CARGO_STACK_CACHE_DIR, then XDG_CACHE_HOME', () => {
  assert.equal(defaultCacheDir({ CARGO_STACK_CACHE_DIR: '/tmp/x' }), '/tmp/x');
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/tmp/xdg' }), '/tmp/xdg/cargo-stack');
  assert.match(defaultCacheDir({}), /\.cache\/cargo-stack$/);
});

test('a torn cache file is a miss', async () => {
  const dir = tempDir();
  const cache = new DiskCache(dir);
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(`${dir}/k`, { recursive: true });
  writeFileSync(`${dir}/k/torn`, '{"url":');
  assert.equal(cache.read('k/torn'), undefined);
});
