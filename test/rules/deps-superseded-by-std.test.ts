import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const dir = join(FIXTURES, 'rules/deps-superseded-by-std');

test('deps/superseded-by-std weighs each std replacement against the member rust-version', async () => {
  const root = join(dir, 'bad');
  const findings = await findingsOf(root, 'deps/superseded-by-std');
  assert.deepEqual(findings.map((f) => `${f.crate} ${f.severity} ${where(f, root)}`).sort(), [
    'lazy_static warning partly@mid/Cargo.toml:8:1',
    'lazy_static warning superseded@current/Cargo.toml:7:1',
    'num_cpus warning superseded@old/Cargo.toml:11:1',
    'once_cell note needsMsrv@old/Cargo.toml:8:1',
    'once_cell warning superseded@current/Cargo.toml:8:1',
  ]);
  const partly = findings.find((f) => f.messageId === 'partly')!;
  assert.equal(partly.data.msrv, '1.75');
  assert.equal(partly.data.since, '1.80');
  assert.match(String(partly.data.available), /OnceLock/);
  assert.match(String(partly.data.unavailable), /LazyLock/);
  const needs = findings.find((f) => f.messageId === 'needsMsrv')!;
  assert.equal(needs.data.since, '1.70');
  assert.equal(needs.data.msrv, '1.65.0');
  const inherited = findings.find((f) => f.crate === 'once_cell' && f.member === 'current')!;
  assert.deepEqual(inherited.related?.map((r) => `${r.location.file.slice(root.length + 1)}:${r.location.line}`), ['Cargo.toml:6']);
  assert.equal(inherited.data.msrv, 'unset');
  // What std still lacks comes from the KB; the MSRV-only reason of lazy_static is the rule's own business.
  assert.match(inherited.fix, /remove the once_cell dependency \(keep it for: MSRV below 1\.80, or APIs std lacks \(`once_cell::race`, `OnceCell::get_or_try_init`\)\)\.$/);
  assert.match(findings.find((f) => f.crate === 'num_cpus')!.fix, /\(keep it for: You need the physical core count, which std does not provide\)\.$/);
  assert.match(findings.find((f) => f.crate === 'lazy_static' && f.messageId === 'superseded')!.fix, /remove the lazy_static dependency\.$/);
});

test('deps/superseded-by-std falls back to the rust-version in [workspace.package]', async () => {
  const root = join(dir, 'workspace-msrv');
  const findings = await findingsOf(root, 'deps/superseded-by-std');
  assert.deepEqual(findings.map((f) => `${f.crate} ${f.severity} ${where(f, root)} ${f.data.msrv}`).sort(), [
    'is-terminal note needsMsrv@shared/Cargo.toml:8:1 1.60',
    'num_cpus warning superseded@shared/Cargo.toml:7:1 1.60',
  ]);
});

test('deps/superseded-by-std ignores other crates and path crates that share a name', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), 'deps/superseded-by-std'), []);
});

test('deps/superseded-by-std is quiet for a member whose code calls what std lacks (get_or_try_init, get_physical)', async () => {
  const root = join(dir, 'keeps');
  const findings = await findingsOf(root, 'deps/superseded-by-std');
  assert.deepEqual(findings.map((f) => `${f.member} ${f.crate} ${where(f, root)}`).sort(), [
    'plain num_cpus superseded@plain/Cargo.toml:8:1',
    'plain once_cell superseded@plain/Cargo.toml:7:1',
  ]);
});
