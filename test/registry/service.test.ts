import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registries } from '../../src/registry/registries.js';
import { RegistryService, settingsFromEnv } from '../../src/registry/service.js';
import { ToolError } from '../../src/util/errors.js';
import { LocalCrates } from '../../src/registry/licenses.js';
import { makeTarGz } from './support/tar-writer.js';
import { TestRegistry } from './support/server.js';
import { cleanTemps, tempDir, testSettings } from './support/env.js';

const server = new TestRegistry();
before(async () => {
  await server.start();
  server.setIndexFile('se/rd/serde', [{ name: 'serde', vers: '1.0.0', deps: [], cksum: 'x', features: {}, yanked: false }]);
  server.setIndexFile('3/l/log', [{ name: 'log', vers: '0.4.0', deps: [], cksum: 'x', features: {}, yanked: false }]);
});
after(async () => {
  await server.stop();
  cleanTemps();
});

const GIT = 'registry+https://github.com/rust-lang/crates.io-index';
const SPARSE = 'sparse+https://index.crates.io/';

test('lockfile sources map to crates.io, named sparse registries, or unsupported git registries', () => {
  const registries = new Registries(
    { registries: new Map([['corp', 'sparse+https://corp.example/index'], ['legacy', 'https://git.example/index.git']]) },
    'https://index.crates.io/',
  );
  assert.deepEqual(registries.of(GIT), { kind: 'sparse', name: 'crates-io', url: 'https://index.crates.io/' });
  assert.deepEqual(registries.of(SPARSE), { kind: 'sparse', name: 'crates-io', url: 'https://index.crates.io/' });
  assert.deepEqual(registries.of('sparse+https://corp.example/index/'), { kind: 'sparse', name: 'corp', url: 'https://corp.example/index/' });
  assert.deepEqual(registries.of('sparse+https://other.example/'), { kind: 'sparse', name: 'https://other.example/', url: 'https://other.example/' });
  const legacy = registries.of('registry+https://git.example/index.git');
  assert.equal(legacy?.kind, 'unsupported');
  assert.equal(legacy?.name, 'legacy');
  assert.equal(registries.of(null), null);
  assert.equal(registries.of('git+https://github.com/a/b#abc'), null);
});

test('index and advisory URLs must be http(s): a bad one is a usage error, a bad lockfile source is named', () => {
  assert.equal(settingsFromEnv({ CARGO_STACK_CRATES_IO_INDEX: 'sparse+https://mirror.example/index/' }).cratesIoIndex, 'https://mirror.example/index/');
  assert.throws(() => settingsFromEnv({ CARGO_STACK_CRATES_IO_INDEX: 'index.example.com' }), (e) => e instanceof ToolError && e.code === 'bad-url' && /CARGO_STACK_CRATES_IO_INDEX is not a URL/.test(e.message));
  assert.throws(() => settingsFromEnv({ CARGO_STACK_ADVISORY_DB_URL: 'ftp://mirror.example/db.tar.gz' }), (e) => e instanceof ToolError && /must be an http\(s\) URL, not ftp:/.test(e.message));
  const registries = new Registries({ registries: new Map([['local', 'sparse+file:///srv/index/']]) }, 'https://index.crates.io/');
  assert.deepEqual(registries.of('sparse+file:///srv/index/'), { kind: 'unsupported', name: 'local', reason: 'not an http(s) URL' });
  assert.equal(registries.of('sparse+not a url')?.kind, 'unsupported');
});

function service(options: { offline?: boolean; licenses?: boolean; progress?: (m: string) => void } = {}, overrides = {}) {
  const settings = testSettings({ cratesIoIndex: server.indexUrl, ...overrides });
  const registries = new Registries({ registries: new Map([['legacy', 'https://git.example/index.git']]) }, settings.cratesIoIndex);
  return new RegistryService(registries, { offline: options.offline ?? false, refresh: false, licenses: options.licenses ?? false, ...(options.progress ? { progress: options.progress } : {}) }, settings);
}

test('index lookups fetch config.json once, each file once, and report progress', async () => {
  const messages: string[] = [];
  const s = service({ progress: (m) => messages.push(m) });
  const before = server.log.length;
  const results = await s.indexAll([
    { name: 'serde', source: GIT },
    { name: 'Serde', source: SPARSE },
    { name: 'log', source: GIT },
    { name: 'nope', source: GIT },
    { name: 'x', source: 'registry+https://git.example/index.git' },
    { name: 'local', source: null },
  ]);
  assert.deepEqual(results.map((r) => r.status), ['ok', 'ok', 'ok', 'not-found', 'unavailable', 'unavailable']);
  assert.match((results[4] as { reason: string }).reason, /registry `legacy` is not supported/);
  assert.deepEqual(server.log.slice(before).map((r) => r.path).sort(), ['/index/3/l/log', '/index/config.json', '/index/no/pe/nope', '/index/se/rd/serde']);
  assert.equal(messages.at(-1), 'fetching registry index: 6/6 crates');
  assert.equal(s.requests, 4);
});

test('a registry whose config.json requires authentication is reported, not fetched', async () => {
  const auth = new TestRegistry();
  await auth.start();
  auth.files.set('/index/config.json', Buffer.from('{"dl":"x","auth-required":true}'));
  const s = service({}, { cratesIoIndex: auth.indexUrl });
  const [result] = await s.indexAll([{ name: 'serde', source: GIT }]);
  assert.deepEqual(result, { status: 'unavailable', reason: 'the registry requires authentication, which cargo-stack does not support' });
  assert.deepEqual(auth.log.map((r) => r.path), ['/index/config.json']);
  await auth.stop();
});

test('licenses come from the local Cargo cache (unpacked or .crate), then the API when opted in, cached for good', async () => {
  const cargoHome = tempDir();
  const src = join(cargoHome, 'registry', 'src', 'index.crates.io-1949cf8c6b5b557f', 'serde-1.0.0');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'Cargo.toml'), '[package]\nname = "serde"\nversion = "1.0.0"\nlicense = "MIT OR Apache-2.0"\n');
  const cacheDir = join(cargoHome, 'registry', 'cache', 'index.crates.io-1949cf8c6b5b557f');
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'log-0.4.0.crate'), makeTarGz([{ path: 'log-0.4.0/Cargo.toml', data: '[package]\nname = "log"\nlicense-file = "LICENSE"\n' }]));
  assert.deepEqual(new LocalCrates(cargoHome).license('log', '0.4.0'), { license: null, licenseFile: 'LICENSE' });

  server.licenses.set('ring@0.17.8', 'Apache-2.0 AND ISC');
  server.licenses.set('regex@1.0.0', 'MIT OR Apache-2.0');
  const pkgs = [
    { name: 'serde', version: '1.0.0', source: GIT },
    { name: 'ring', version: '0.17.8', source: GIT },
    { name: 'regex', version: '1.0.0', source: GIT },
    { name: 'gone', version: '9.9.9', source: GIT },
  ];
  const cache = tempDir();
  const notOpted = await service({}, { cargoHome, cacheDir: cache }).licensesOf(pkgs);
  assert.deepEqual(notOpted.map((l) => l.status), ['ok', 'unavailable', 'unavailable', 'unavailable']);
  assert.match((notOpted[1] as { reason: string }).reason, /--licenses/);

  const started = Date.now();
  const opted = await service({ licenses: true }, { cargoHome, cacheDir: cache, licenseIntervalMs: 150 }).licensesOf(pkgs);
  assert.ok(Date.now() - started >= 290, 'three API calls spaced 150 ms apart');
  assert.deepEqual(opted.map((l) => (l.status === 'ok' ? `${l.from}:${l.license}` : l.reason)), ['local:MIT OR Apache-2.0', 'api:Apache-2.0 AND ISC', 'api:MIT OR Apache-2.0', 'not found on the registry']);
  const apiCalls = server.log.filter((r) => r.path.startsWith('/api/'));
  assert.equal(apiCalls.length, 3);
  assert.match(String(apiCalls[0]!.headers['user-agent']), /^cargo-stack\//);

  const offline = await service({ offline: true }, { cargoHome, cacheDir: cache }).licensesOf(pkgs);
  assert.deepEqual(offline.map((l) => (l.status === 'ok' ? l.from : l.reason)), ['local', 'cache', 'cache', 'not found on the registry']);
  assert.equal(server.log.filter((r) => r.path.startsWith('/api/')).length, 3);
});
