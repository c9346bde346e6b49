import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/axum-async-trait-extractor');
const ID = 'axum/async-trait-extractor';

test('axum/async-trait-extractor reports #[async_trait] on extractor impls and axum::async_trait with axum 0.8', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['extractor@src/lib.rs:21:1', 'extractor@src/lib.rs:9:1', 'reexport@src/reexport.rs:11:1', 'reexport@src/reexport.rs:1:1']);
  assert.deepEqual(
    findings.filter((f) => f.messageId === 'extractor').map((f) => `${f.data.attribute} ${f.data.trait} ${f.data.type} ${f.data.axum}`),
    ['async_trait FromRequestParts User axum 0.8.4', 'axum::async_trait FromRequest Json axum 0.8.4'],
  );
  assert.deepEqual(findings.filter((f) => f.messageId === 'reexport').map((f) => f.data.path), ['axum::async_trait', 'axum::async_trait']);
  assert.ok(findings.every((f) => f.severity === 'error'));
});

test('axum/async-trait-extractor reports extractor impls with axum-core 0.5 alone', async () => {
  const root = join(dir, 'core');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['extractor@src/lib.rs:3:1']);
  assert.equal(findings[0]!.data.axum, 'axum-core 0.5.2');
});

test('axum/async-trait-extractor is quiet with axum 0.7, native impls, own traits and other frameworks', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'old'), ID), []);
  assert.deepEqual(await sourceFindings(join(dir, 'good'), ID), []);
});
