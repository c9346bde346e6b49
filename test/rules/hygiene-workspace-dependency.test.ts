import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const dir = join(FIXTURES, 'rules/hygiene-workspace-dependency');
const ID = 'hygiene/workspace-dependency';

test('hygiene/workspace-dependency reports crates declared directly in several members, one finding per crate', async () => {
  const root = join(dir, 'bad');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${where(f, root)}`).sort(), [
    'foo share@a/Cargo.toml:9:1',
    'serde inherit@a/Cargo.toml:7:1',
    'tokio share@a/Cargo.toml:8:1',
  ]);
  const tokio = findings.find((f) => f.crate === 'tokio')!;
  assert.deepEqual(tokio.data, { crate: 'tokio', count: 2, members: 'a and b', key: 'tokio', requirements: ' at different requirements: `^1` · `^1.40`' });
  // The example member's own tokio is deliberate and not listed.
  assert.deepEqual(tokio.related?.map((r) => where({ ...tokio, messageId: 'at', location: r.location }, root)), ['at@b/Cargo.toml:12:1']);
  assert.equal(tokio.severity, 'note');
  // The same git repository, spelled with and without `.git`, is one crate.
  const foo = findings.find((f) => f.crate === 'foo')!;
  assert.equal(foo.related?.length, 1);
});

test('hygiene/workspace-dependency: a crate already in [workspace.dependencies] should be inherited, unless the member needs an incompatible version', async () => {
  const root = join(dir, 'bad');
  const serde = (await findingsOf(root, ID)).find((f) => f.crate === 'serde')!;
  assert.deepEqual(serde.data, { crate: 'serde', count: 1, members: 'a', key: 'serde', requirements: ' at different requirements: `^1` · `^1.0.200`' });
  assert.equal(serde.member, 'a');
  // b asks for serde 0.9, which the workspace's "1" cannot give: it is not listed.
  assert.deepEqual(
    serde.related?.map((r) => `${r.location.file.slice(root.length + 1)}:${r.location.line} ${r.message}`),
    ['Cargo.toml:6 declared in [workspace.dependencies]'],
  );
});

test('hygiene/workspace-dependency gives one note when the workspace has not adopted [workspace.dependencies]', async () => {
  const root = join(dir, 'adopt');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => where(f, root)), ['adopt@Cargo.toml:1:2']);
  assert.deepEqual(findings[0]!.data, { count: 2, crates: 'serde and tracing' });
  assert.equal(findings[0]!.related?.length, 2);
});

test('hygiene/workspace-dependency is quiet on inherited, single-member, path and deliberately divergent dependencies', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
  assert.deepEqual(await findingsOf(join(dir, 'single'), ID), []);
});
