import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const dir = join(FIXTURES, 'rules/hygiene-rust-version');
const ID = 'hygiene/rust-version';

test('hygiene/rust-version notes published libraries (and proc macros) that do not inherit the workspace rust-version', async () => {
  const root = join(dir, 'workspace');
  const findings = await findingsOf(root, ID);
  // cli has no library, internal is publish = false, unversioned cannot be published, ex is an
  // example; internal-user has a path dependency without a version and internal-user-user depends
  // on it, so Cargo would refuse to publish either.
  assert.deepEqual(findings.map((f) => `${f.member} ${where(f, root)}`).sort(), [
    'lib-a notInherited@lib-a/Cargo.toml:1:2',
    'macros notInherited@macros/Cargo.toml:1:2',
  ]);
  assert.equal(findings[0]!.data.workspaceRustVersion, '1.85');
  assert.match(findings[0]!.fix, /rust-version\.workspace = true/);
});

test('hygiene/rust-version suggests sharing the root package rust-version through [workspace.package]', async () => {
  const root = join(dir, 'root-only');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => where(f, root)), ['notShared@part/Cargo.toml:1:2']);
  assert.equal(findings[0]!.data.rootRustVersion, '1.88');
});

test('hygiene/rust-version notes a lone library without rust-version, and is quiet when it has one', async () => {
  const root = join(dir, 'lone');
  assert.deepEqual((await findingsOf(root, ID)).map((f) => where(f, root)), ['missing@Cargo.toml:1:2']);
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
});

test('hygiene/rust-version gives one note at the shared fix when three or more libraries lack it', async () => {
  const root = join(dir, 'many');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => where(f, root)), ['notInheritedMany@Cargo.toml:7:1']);
  assert.equal(findings[0]!.message, '3 published libraries do not inherit `rust-version` (one, three and two), although [workspace.package] sets 1.85');
  assert.deepEqual(findings[0]!.related?.map((r) => where({ ...findings[0]!, messageId: 'at', location: r.location }, root)), [
    'at@crates/one/Cargo.toml:1:2',
    'at@crates/three/Cargo.toml:1:2',
    'at@crates/two/Cargo.toml:1:2',
  ]);
});
