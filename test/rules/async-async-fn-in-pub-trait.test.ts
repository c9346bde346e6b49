import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/async-async-fn-in-pub-trait');
const ID = 'async/async-fn-in-pub-trait';

test('async/async-fn-in-pub-trait reports async fns in reachable pub traits of a library', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['asyncFn@src/api.rs:3:5', 'asyncFn@src/internal.rs:2:5', 'asyncFn@src/lib.rs:48:9', 'asyncFn@src/lib.rs:9:5']);
  const client = findings.find((f) => f.data.trait === 'Client')!;
  assert.equal(client.data.fn, 'get');
  assert.equal(client.data.count, 2);
  assert.deepEqual(client.related?.map((r) => `${r.location.line} ${r.message}`), ['10 `async fn post`']);
  assert.deepEqual(findings.map((f) => f.data.trait).sort(), ['Api', 'Client', 'Exported', 'InPublicInline']);
});

test('async/async-fn-in-pub-trait is quiet when the lint is allowed in the crate root or in [lints]', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'allowed'), ID), []);
});
