import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceAudit } from '../source/support.js';

const root = join(FIXTURES, 'rules/suppression-missing-reason/bad');

test('suppression/missing-reason reports suppressions without a reason; they still suppress', async () => {
  const result = await sourceAudit(root, ['async/blocking-in-async', 'suppression']);
  const missing = result.findings.filter((f) => f.ruleId === 'suppression/missing-reason');
  assert.deepEqual(places(missing, root), ['missing@src/lib.rs:2:62', 'missing@src/lib.rs:5:1']);
  assert.equal(missing[0]!.data.rules, 'async/blocking-in-async');
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'async/blocking-in-async'), []);
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'suppression/unused'), []);
});
