import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { sourceAudit } from '../source/support.js';

test('rules that skip examples skip the packages under an examples/ folder of the workspace', async () => {
  const root = join(FIXTURES, 'rules/errors-shared/example-packages');
  const rules = ['async/blocking-in-async', 'errors/env-var-unwrap', 'errors/box-dyn-error-not-send'];
  const findings = (await sourceAudit(root, rules)).findings.filter((f) => rules.includes(f.ruleId));
  assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.location?.file.slice(root.length + 1)}`).sort(), rules.map((r) => `${r} app/src/main.rs`).sort());
});
