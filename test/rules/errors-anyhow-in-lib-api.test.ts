import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/errors-anyhow-in-lib-api');
const ID = 'errors/anyhow-in-lib-api';

test('errors/anyhow-in-lib-api reports anyhow types in public signatures of a library, one finding per file', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['api@src/api.rs:3:19', 'api@src/lib.rs:9:30', 'api@src/reexported.rs:1:18']);
  const lib = findings.find((f) => f.location?.file.endsWith('lib.rs'))!;
  assert.deepEqual(lib.data, { fn: 'parse', type: 'anyhow::Result', member: 'bad', count: 3, more: ' (and 2 more in this file)' });
  assert.deepEqual(lib.related?.map((r) => `${r.location.line} ${r.message}`), [
    '28 `fn run` exposes `anyhow::Result`',
    '46 `fn read` exposes `anyhow::Result`',
  ]);
  assert.ok(findings.every((f) => f.severity === 'warning' && f.crate === 'anyhow'));
});

test('errors/anyhow-in-lib-api skips packages with a binary, xtask crates and cdylib-only libraries', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'application'), ID), []);
  assert.deepEqual(await sourceFindings(join(dir, 'xtask'), ID), []);
  assert.deepEqual(await sourceFindings(join(dir, 'node-addon'), ID), []);
});

test('errors/anyhow-in-lib-api reports return types only, and not anyhow::Result<T, E> with its error type written out', async () => {
  const root = join(dir, 'handed-in');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['api@src/lib.rs:18:28']);
  assert.equal(findings[0]!.data?.count, 1);
});

test('errors/anyhow-in-lib-api skips unpublished libraries unless asked', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'internal'), ID), []);
  const root = join(dir, 'internal-opt-in');
  assert.deepEqual(places(await sourceFindings(root, ID), root), ['api@src/lib.rs:1:17']);
});
