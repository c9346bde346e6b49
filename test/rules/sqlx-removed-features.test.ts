import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const ID = 'sqlx/removed-features';
const dir = join(FIXTURES, 'rules/sqlx-removed-features');

test('sqlx/removed-features: on 0.9 removed features are errors at the exact array element', async () => {
  const root = join(dir, 'v09');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => `${f.data.feature} ${f.severity} ${where(f, root)}`).sort(), [
    'mssql error removedNoReplacement@app/Cargo.toml:7:75',
    'offline error removedNoReplacement@worker/Cargo.toml:7:40',
    'runtime-actix-rustls error removed@Cargo.toml:6:39',
    'runtime-async-std note asyncStd@app/Cargo.toml:10:39',
    'runtime-async-std-native-tls error removed@app/Cargo.toml:13:13',
    'runtime-tokio-rustls error removed@app/Cargo.toml:7:39',
  ]);
  const byFeature = new Map(findings.map((f) => [f.data.feature, f]));
  assert.equal(byFeature.get('runtime-tokio-rustls')!.data.replacement, '`runtime-tokio` + `tls-rustls-ring` (or `tls-rustls-aws-lc-rs`)');
  assert.equal(byFeature.get('runtime-tokio-rustls')!.data.removedIn, '0.9');
  assert.equal(byFeature.get('runtime-async-std-native-tls')!.data.replacement, '`runtime-smol` + `tls-native-tls`');
  assert.equal(byFeature.get('mssql')!.data.removedIn, '0.7');
  assert.equal(byFeature.get('runtime-actix-rustls')!.data.version, '0.9.0');
});

test('sqlx/removed-features: on 0.8 the combined features warn about 0.9, removed 0.7 features still fail', async () => {
  const root = join(dir, 'v08');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => `${f.data.feature} ${f.severity} ${where(f, root)}`).sort(), [
    'decimal error removed@app/Cargo.toml:11:5',
    'runtime-async-std-rustls warning removedIn09@renamed/Cargo.toml:7:55',
    'runtime-tokio-native-tls warning removedIn09@app/Cargo.toml:10:5',
  ]);
  const renamed = findings.find((f) => f.member === 'renamed')!;
  assert.equal(renamed.data.version, '0.8.6');
  assert.equal(renamed.data.replacement, '`runtime-async-std` + `tls-rustls-ring` (or `tls-rustls-aws-lc-rs`)');
});

test('sqlx/removed-features is quiet on sqlx 0.6, where those features exist, and on the split features', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'old'), ID), []);
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
});
