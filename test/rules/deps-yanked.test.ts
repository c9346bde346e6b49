import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { TestRegistry } from '../registry/support/server.js';
import { auditWithRegistry, FIXTURE_INDEX, findingsFor, SNAPSHOT_NOW, testSettings, fixtureRegistry } from '../registry/support/env.js';

const dir = join(FIXTURES, 'rules/deps-yanked');
const ID = 'deps/yanked';
const server = fixtureRegistry();

test('deps/yanked reports yanked locked versions with the update that replaces them', async () => {
  const root = join(dir, 'bad');
  const { result } = await auditWithRegistry(root, [ID], testSettings({ cratesIoIndex: server.indexUrl }));
  const findings = findingsFor(result, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${f.data.version} ${where(f, root)}`), [
    'error-chain 0.4.1 yanked@Cargo.lock:14:1',
    'serde 1.0.201 yanked@Cargo.lock:20:1',
    'tinydep 0.2.1 yanked@Cargo.lock:26:1',
  ]);
  const [errorChain, serde, tinydep] = findings as [typeof findings[0], typeof findings[0], typeof findings[0]];
  assert.equal(errorChain.fix, 'Run `cargo update -p error-chain`: the requirements already allow a non-yanked version.');
  assert.equal(errorChain.data.registry, 'crates-io');
  assert.equal(serde.fix, 'No non-yanked release of serde exists: replace it or remove the dependency.', 'only older releases are left');
  assert.equal(tinydep.data.path, 'bad → tinyparse 1.0.0 → tinydep 0.2.1');
  assert.equal(tinydep.fix, 'Run `cargo update -p tinyparse --recursive`: newer releases within the current requirement pull in a non-yanked tinydep.');
  assert.equal(tinydep.related![0]!.message, 'bad depends on tinyparse');
});

test('deps/yanked is quiet on current versions', async () => {
  const { result } = await auditWithRegistry(join(dir, 'good'), [ID], testSettings({ cratesIoIndex: server.indexUrl }));
  assert.deepEqual(findingsFor(result, ID), []);
});

test('offline: cached index data is used and its age stated; crates not in the cache are listed', async () => {
  const root = join(dir, 'bad');
  const settings = testSettings({ cratesIoIndex: server.indexUrl });
  await auditWithRegistry(join(dir, 'good'), [ID], settings);
  const later = { ...settings, now: () => SNAPSHOT_NOW + 3 * 3600_000 };
  const { result, service } = await auditWithRegistry(root, [ID], later, { offline: true });
  assert.equal(service.requests, 0);
  const byId = Object.fromEntries(findingsFor(result, ID).map((f) => [f.messageId === 'yanked' ? `yanked ${f.crate}` : f.messageId, f]));
  assert.deepEqual(Object.keys(byId).sort(), ['dataAge', 'notChecked', 'yanked error-chain', 'yanked serde']);
  assert.equal(byId.dataAge!.data.age, '3 hours');
  assert.equal(byId.dataAge!.data.why, 'offline');
  assert.equal(byId.notChecked!.data.count, 2);
  assert.equal(byId.notChecked!.data.reasons, 'offline and not in the cache: 2 (tinydep, tinyparse)');
  assert.equal(byId.notChecked!.severity, 'note');
});

test('a failing registry: stale cache data is used and the problem stated; faults in index files do not break the audit', async () => {
  const root = join(dir, 'bad');
  const settings = testSettings({ cratesIoIndex: server.indexUrl, indexTtlMs: 0 });
  await auditWithRegistry(root, [ID], settings);
  for (const path of ['/index/er/ro/error-chain']) server.fault(path, { type: 'status', status: 503 }, { type: 'status', status: 503 }, { type: 'status', status: 503 });
  server.fault('/index/se/rd/serde', { type: 'reset' }, { type: 'reset' }, { type: 'reset' });
  server.fault('/index/ti/ny/tinydep', { type: 'body', body: '{"name":"tinydep","vers":"0.2.1"\nnot json\n' });
  const { result } = await auditWithRegistry(root, [ID], settings);
  const findings = findingsFor(result, ID);
  const age = findings.find((f) => f.messageId === 'dataAge')!;
  assert.equal(age.data.count, 3);
  assert.match(String(age.data.why), /^the registry could not be reached \(HTTP 503, network error: \w+, unusable response \(not an index file: no line is a readable index entry\)\)$/);
  assert.deepEqual(findings.filter((f) => f.messageId === 'yanked').map((f) => f.crate), ['error-chain', 'serde', 'tinydep'], 'a malformed answer falls back to the cached file');
  assert.deepEqual(findings.filter((f) => f.messageId === 'missing'), []);
});

test('registries from .cargo/config.toml: sparse ones are read, git ones are named as unsupported', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { tempDir } = await import('../registry/support/env.js');
  const corp = new TestRegistry();
  await corp.start();
  corp.setIndexFile('in/te/internal-lib', [
    { name: 'internal-lib', vers: '2.0.0', deps: [], cksum: 'x', features: {}, yanked: true },
    { name: 'internal-lib', vers: '2.0.1', deps: [], cksum: 'x', features: {}, yanked: false },
  ]);
  const root = tempDir();
  mkdirSync(join(root, '.cargo'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'lib.rs'), '');
  writeFileSync(join(root, '.cargo', 'config.toml'), `[registries.corp]\nindex = "sparse+${corp.indexUrl}"\n\n[registries.legacy]\nindex = "https://git.example/index.git"\n`);
  writeFileSync(
    join(root, 'Cargo.toml'),
    '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ninternal-lib = { version = "2", registry = "corp" }\nold-lib = { version = "1", registry = "legacy" }\n',
  );
  writeFileSync(
    join(root, 'Cargo.lock'),
    `version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["internal-lib", "old-lib"]\n\n[[package]]\nname = "internal-lib"\nversion = "2.0.0"\nsource = "sparse+${corp.indexUrl}"\n\n[[package]]\nname = "old-lib"\nversion = "1.0.0"\nsource = "registry+https://git.example/index.git"\n`,
  );
  const { result } = await auditWithRegistry(root, [ID], testSettings({ cratesIoIndex: server.indexUrl }));
  const findings = findingsFor(result, ID);
  assert.deepEqual(findings.map((f) => `${f.messageId} ${f.crate ?? ''} ${f.data.registry ?? ''}`).sort(), ['notChecked  ', 'yanked internal-lib corp']);
  const notChecked = findings.find((f) => f.messageId === 'notChecked')!;
  assert.equal(notChecked.data.reasons, 'registry `legacy` is not supported: git-protocol registry index (only sparse registries are supported): 1 (old-lib)');
  assert.equal(findings.find((f) => f.messageId === 'yanked')!.fix, 'Run `cargo update -p internal-lib`: the requirements already allow a non-yanked version.');
  await corp.stop();
});

test('a crates.io mirror set by [source.crates-io] replace-with is asked instead of crates.io', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { tempDir } = await import('../registry/support/env.js');
  const mirror = new TestRegistry().addIndexDir(FIXTURE_INDEX);
  await mirror.start();
  const root = tempDir();
  mkdirSync(join(root, '.cargo'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'lib.rs'), '');
  // Two hops, as company setups often have: crates-io -> corp -> the registry entry of corp-sparse.
  writeFileSync(
    join(root, '.cargo', 'config.toml'),
    `[source.crates-io]\nreplace-with = "corp"\n\n[source.corp]\nreplace-with = "corp-sparse"\n\n[registries.corp-sparse]\nindex = "sparse+${mirror.indexUrl}"\n`,
  );
  writeFileSync(join(root, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nerror-chain = "0.4"\n');
  writeFileSync(
    join(root, 'Cargo.lock'),
    'version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["error-chain"]\n\n[[package]]\nname = "error-chain"\nversion = "0.4.1"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
  );
  const { result } = await auditWithRegistry(root, [ID], testSettings({ cratesIoIndex: 'https://index.crates.io/' }));
  assert.deepEqual(findingsFor(result, ID).map((f) => `${f.messageId} ${f.crate ?? ''}`), ['yanked error-chain']);
  assert.ok(mirror.requestsFor('/index/er/ro/error-chain').length > 0, 'the mirror was asked');
  await mirror.stop();
});
