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
  // cli has no library, internal is publish = false, unversioned cannot be published, ex is an example.
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
