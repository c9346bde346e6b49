import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/logging-print-in-lib');
const ID = 'logging/print-in-lib';

test('logging/print-in-lib reports print macros and dbg! in library code of a crate that uses tracing, one finding per file', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['dbg@src/lib.rs:11:13', 'print@src/lib.rs:9:5', 'print@src/other.rs:2:5']);
  const lib = findings.find((f) => f.messageId === 'print' && f.location?.file.endsWith('lib.rs'))!;
  assert.deepEqual({ macro: lib.data.macro, logger: lib.data.logger, count: lib.data.count }, { macro: 'println!', logger: 'tracing', count: 3 });
  assert.deepEqual(lib.related?.map((r) => `${r.location.line} ${r.message}`), ['10 `eprintln!`', '12 `println!`']);
  assert.ok(findings.every((f) => f.severity === 'note' && f.crate === 'tracing'));
});

test('logging/print-in-lib is quiet without tracing or log, in applications, and where clippy\'s print lints are allowed', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'no-logger'), ID), []);
  assert.deepEqual(await sourceFindings(join(dir, 'application'), ID), []);
  assert.deepEqual(await sourceFindings(join(dir, 'allowed'), ID), []);
});

test('logging/print-in-lib skips functions whose job is printing, interactive prompts and mock modules', async () => {
  const root = join(dir, 'on-purpose');
  assert.deepEqual(places(await sourceFindings(root, ID), root), ['print@src/lib.rs:18:5']);
});

test('logging/print-in-lib needs a logger that a default build has, and a library Rust code can call', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'opt-in'), ID), []);
  const root = join(dir, 'default-on');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['print@src/lib.rs:2:5']);
  assert.equal(findings[0]!.data.logger, 'tracing');
  assert.deepEqual(await sourceFindings(join(dir, 'node-addon'), ID), []);
});
