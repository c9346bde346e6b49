import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeDb, loadAdvisories, type AdvisoryLoad } from '../../src/registry/advisory-db.js';
import { DiskCache } from '../../src/registry/cache.js';
import { DEFAULT_HTTP, HttpClient } from '../../src/registry/http.js';
import { SNAPSHOT_PATH } from '../../src/registry/service.js';
import { makeTarGz, type TarInput } from './support/tar-writer.js';
import { SHARED_DATA, TestRegistry } from './support/server.js';
import { cleanTemps, SNAPSHOT_NOW, tempDir } from './support/env.js';

const DB = join(SHARED_DATA, 'advisory-db');
const COMMIT = 'c0ffee'.padEnd(40, '0');
const MTIME = Math.floor(Date.parse('2026-08-30T12:00:00Z') / 1000);
const server = new TestRegistry();
const http = new HttpClient({ ...DEFAULT_HTTP, timeoutMs: 2000, retries: 1, backoffMs: 5 });

function advisoryFiles(): TarInput[] {
  if (!existsSync(DB)) {
    // Without the shared checkout, a small archive is rebuilt from the shipped snapshot's facts.
    return decodeDb(readFileSync(SNAPSHOT_PATH)).advisories.slice(0, 50).map((a) => ({
      path: `advisory-db-main/crates/${a.package}/${a.id}.md`,
      data: `\`\`\`toml\n[advisory]\nid = "${a.id}"\npackage = "${a.package}"\ndate = "${a.date}"\n\n[versions]\npatched = ${JSON.stringify(a.patched)}\n\`\`\`\n\n# ${a.title.replace(/\n/g, ' ')}\n`,
    }));
  }
  const files: TarInput[] = [{ path: 'advisory-db-main/README.md', data: '# RustSec' }];
  for (const crate of readdirSync(join(DB, 'crates')).sort()) {
    for (const file of readdirSync(join(DB, 'crates', crate)).sort()) files.push({ path: `advisory-db-main/crates/${crate}/${file}`, data: readFileSync(join(DB, 'crates', crate, file)) });
  }
  return files;
}

let files: TarInput[];
before(async () => {
  await server.start();
  files = advisoryFiles();
  server.files.set('/advisory-db.tar.gz', makeTarGz(files, { comment: COMMIT, mtime: MTIME }));
  server.files.set('/broken.tar.gz', makeTarGz([...files.slice(0, 5), { path: 'advisory-db-main/crates/x/RUSTSEC-2099-0001.md', data: '```toml\n[advisory]\nid = "nope"\n```\n# t\n' }], { comment: COMMIT }));
  server.files.set('/empty.tar.gz', makeTarGz([{ path: 'advisory-db-main/README.md', data: 'x' }]));
});
after(async () => {
  await server.stop();
  cleanTemps();
});

interface Case {
  cache?: DiskCache;
  path?: string;
  offline?: boolean;
  ttlMs?: number;
  snapshotPath?: string;
  now?: number;
}

function load(c: Case = {}): Promise<AdvisoryLoad> {
  return loadAdvisories(
    http,
    c.cache ?? new DiskCache(tempDir()),
    { url: `${server.url}${c.path ?? '/advisory-db.tar.gz'}`, snapshotPath: c.snapshotPath ?? SNAPSHOT_PATH, ttlMs: c.ttlMs ?? 0 },
    { offline: c.offline ?? false, refresh: false, ttlMs: c.ttlMs ?? 0, now: () => c.now ?? SNAPSHOT_NOW },
  );
}

const ok = (l: AdvisoryLoad) => {
  assert.equal(l.status, 'ok', l.status === 'unavailable' ? l.reason : '');
  return l as Extract<AdvisoryLoad, { status: 'ok' }>;
};

test('online: the archive is fetched, parsed, dated by its entries and cached; then revalidated with 304', async () => {
  const cache = new DiskCache(tempDir());
  const first = ok(await load({ cache }));
  assert.equal(first.source, 'network');
  assert.equal(first.db.commit, COMMIT);
  assert.equal(first.db.commitDate, new Date(MTIME * 1000).toISOString());
  assert.equal(first.db.advisories.length, files.filter((f) => f.path.endsWith('.md') && f.path.includes('/crates/')).length);
  assert.equal(first.asOf, SNAPSHOT_NOW);
  assert.ok(first.index.forPackage('time').length > 0 || !existsSync(DB));

  const second = ok(await load({ cache, now: SNAPSHOT_NOW + 5000 }));
  assert.equal(second.source, 'network');
  assert.equal(server.log.at(-1)!.status, 304);
  assert.equal(second.asOf, SNAPSHOT_NOW + 5000);

  const requests = server.log.length;
  const fresh = ok(await load({ cache, ttlMs: 60_000, now: SNAPSHOT_NOW + 6000 }));
  assert.equal(fresh.source, 'cache');
  assert.equal(server.log.length, requests);

  const offline = ok(await load({ cache, offline: true }));
  assert.equal(offline.source, 'cache', 'the cache is newer than the shipped snapshot');
});

test('offline on a fresh machine: the shipped snapshot, dated by its commit', async () => {
  const requests = server.log.length;
  const snapshot = ok(await load({ offline: true }));
  assert.equal(snapshot.source, 'snapshot');
  assert.equal(snapshot.db.commit, 'bf5c0d245a92671908518d7e765914d437954ed6');
  assert.equal(snapshot.asOf, Date.parse('2026-08-21T06:28:40Z'));
  assert.equal(snapshot.problem, undefined);
  assert.equal(server.log.length, requests, 'offline never touches the network');
  assert.match(snapshot.db.license, /CC0-1\.0.*CC-BY-4\.0/);
});

test('offline with no cache and no snapshot: unavailable, saying why', async () => {
  const load1 = await load({ offline: true, snapshotPath: join(tempDir(), 'none.json.gz') });
  assert.deepEqual(load1, { status: 'unavailable', reason: 'offline; no snapshot shipped with cargo-stack' });
});

test('a failing server or an unusable archive falls back to the snapshot and says so', async () => {
  server.fault('/advisory-db.tar.gz', { type: 'status', status: 500 }, { type: 'status', status: 500 });
  const failed = ok(await load());
  assert.equal(failed.source, 'snapshot');
  assert.equal(failed.problem, 'could not fetch: HTTP 500');

  server.fault('/advisory-db.tar.gz', { type: 'body', body: 'not a tarball' });
  const garbage = ok(await load());
  assert.equal(garbage.source, 'snapshot');
  assert.match(garbage.problem!, /unusable response/);

  const empty = ok(await load({ path: '/empty.tar.gz' }));
  assert.match(empty.problem!, /no advisories/);
  const missing = ok(await load({ path: '/nothing-here.tar.gz' }));
  assert.match(missing.problem!, /404/);
});

test('a malformed advisory is listed as a problem; the others are kept', async () => {
  const broken = ok(await load({ path: '/broken.tar.gz' }));
  assert.equal(broken.source, 'network');
  assert.equal(broken.db.problems.length, 1);
  assert.match(broken.db.problems[0]!, /^crates\/x\/RUSTSEC-2099-0001\.md: /);
});
