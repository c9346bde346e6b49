import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceAudit } from '../source/support.js';

const root = join(FIXTURES, 'rules/suppression-unused/bad');

test('suppressions silence source findings on their line or item; the others are reported', async () => {
  const result = await sourceAudit(root, ['async', 'suppression']);
  const of = (id: string) => result.findings.filter((f) => f.ruleId === id);
  // Only d's read survives: its suppression names a rule that does not exist.
  assert.deepEqual(places(of('async/blocking-in-async'), root), ['fs@src/lib.rs:16:13']);
  assert.deepEqual(places(of('async/runtime-main-in-lib'), root), []);
  const unused = of('suppression/unused');
  assert.deepEqual(
    unused.map((f) => `${f.messageId} ${f.data.rule ?? ''} ${f.location?.line}`).sort(),
    ['malformed  19', 'unknown-rule async/blockin-in-async 14', 'unused async/blocking-in-async 11', 'unused unused/dependency 22'],
  );
  assert.deepEqual(of('suppression/missing-reason'), []);
});

test('a suppression counts as used even when its rule is not selected in this run', async () => {
  const result = await sourceAudit(root, ['suppression/unused']);
  assert.deepEqual(result.findings.map((f) => `${f.messageId} ${f.location?.line}`).sort(), ['malformed 19', 'unknown-rule 14', 'unused 11', 'unused 22']);
});

test('a suppression of a hit in test code (which the rule does not report) is used, not unused', async () => {
  const result = await sourceAudit(join(FIXTURES, 'rules/suppression-unused/test-code'), ['suppression/unused', 'async/blocking-in-async']);
  assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.location?.line}`), []);
});
