import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/async-async-trait-unneeded');
const ID = 'async/async-trait-unneeded';

test('async/async-trait-unneeded reports #[async_trait] traits that no workspace code uses as dyn', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['public@core/src/lib.rs:3:1', 'trait@app/src/main.rs:15:1', 'trait@core/src/lib.rs:19:1']);
  assert.deepEqual(findings.map((f) => f.data.name).sort(), ['Job', 'Local', 'Store']);
  assert.ok(findings.every((f) => f.severity === 'note' && f.crate === 'async-trait'));
});

test('async/async-trait-unneeded is quiet when a defining or implementing member has rust-version below 1.75', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'msrv'), ID), []);
});

test('async/async-trait-unneeded is quiet when the file uses a method\'s future as a boxed value', async () => {
  const root = join(dir, 'boxed');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(findings.map((f) => f.data.name), ['Loader']);
});
