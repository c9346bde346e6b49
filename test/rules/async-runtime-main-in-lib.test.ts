import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/async-runtime-main-in-lib');

test('async/runtime-main-in-lib reports runtime main macros in library modules, renamed runtimes too', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, 'async/runtime-main-in-lib');
  assert.deepEqual(places(findings, root), ['main@src/lib.rs:3:1', 'main@src/server.rs:4:1']);
  assert.deepEqual(
    findings.map((f) => `${f.data.fn} ${f.data.runtime} ${f.crate}`),
    ['run tokio tokio', 'start async-std async-std'],
  );
});

test('async/runtime-main-in-lib is quiet on binaries, tests, #[tokio::test] and non-runtime main attributes', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'good'), 'async/runtime-main-in-lib'), []);
});
