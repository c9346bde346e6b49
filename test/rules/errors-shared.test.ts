import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { sourceAudit } from '../source/support.js';

test('rules that skip examples skip the packages under an examples/ folder of the workspace', async () => {
  const root = join(FIXTURES, 'rules/errors-shared/example-packages');
  const rules = ['async/blocking-in-async', 'errors/env-var-unwrap', 'errors/box-dyn-error-not-send'];
  const findings = (await sourceAudit(root, rules)).findings.filter((f) => rules.includes(f.ruleId) && !f.location?.file.includes('/xtask/'));
  assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.location?.file.slice(root.length + 1)}`).sort(), rules.map((r) => `${r} app/src/main.rs`).sort());
});

test('async/blocking-in-async skips xtask packages (build tooling) unless asked for tests', async () => {
  const root = join(FIXTURES, 'rules/errors-shared/example-packages');
  const findings = (await sourceAudit(root, ['async/blocking-in-async'])).findings.filter((f) => f.ruleId === 'async/blocking-in-async');
  assert.deepEqual(findings.map((f) => f.location?.file.slice(root.length + 1)), ['app/src/main.rs']);
});

test('rules about library APIs and async code skip test-support libraries (dev-dependencies only, or named for tests)', async () => {
  const root = join(FIXTURES, 'rules/errors-shared/test-support');
  const rules = ['errors/anyhow-in-lib-api', 'async/runtime-main-in-lib', 'logging/print-in-lib', 'async/blocking-in-async', 'errors/env-var-unwrap'];
  const findings = (await sourceAudit(root, rules)).findings.filter((f) => rules.includes(f.ruleId));
  assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.location?.file.slice(root.length + 1)}`), ['errors/anyhow-in-lib-api core/src/lib.rs']);
});
