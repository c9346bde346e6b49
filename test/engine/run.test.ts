import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { defineRule, type Rule } from '../../src/engine/define-rule.js';
import { runAudit } from '../../src/engine/run.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { FIXTURES } from '../support/paths.js';

const fixture = join(FIXTURES, 'rules/deps-deprecated/bad');
const engineRules = ALL_RULES.filter((r) => r.meta.id.startsWith('engine/') || r.meta.id.startsWith('config/'));

const crashing = defineRule({
  meta: {
    id: 'test/crashing',
    description: 'reports once, then throws',
    defaultSeverity: 'warning',
    requires: [],
    messages: { partial: { message: 'half a finding', fix: 'none' } },
    since: '0.0.0',
  },
  check({ report }) {
    report({ messageId: 'partial' });
    throw new Error('boom at member 3');
  },
}) as Rule;

const steady = defineRule({
  meta: {
    id: 'test/steady',
    description: 'reports once',
    defaultSeverity: 'note',
    requires: [],
    messages: { ok: { message: 'a finding', fix: 'none' } },
    since: '0.0.0',
  },
  check({ report }) {
    report({ messageId: 'ok' });
  },
}) as Rule;

const needsLock = defineRule({
  meta: {
    id: 'test/needs-lock',
    description: 'needs Cargo.lock',
    defaultSeverity: 'warning',
    requires: ['lockfile'],
    messages: { ok: { message: 'never', fix: 'none' } },
    since: '0.0.0',
  },
  check({ report }) {
    report({ messageId: 'ok' });
  },
}) as Rule;

const noConfig = { source: null, rules: new Map(), ignores: [], problems: [] };

test('a rule that throws becomes an engine/rule-failed finding; its partial findings are dropped and the audit completes', async () => {
  const result = await runAudit(loadWorkspaceSync(fixture), { kb: loadDefaultKb(), rules: [...engineRules, crashing, steady], config: noConfig });
  const failed = result.findings.filter((f) => f.ruleId === 'engine/rule-failed');
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.severity, 'error');
  assert.equal(failed[0]!.message, 'rule test/crashing failed: boom at member 3');
  assert.match(failed[0]!.fix, /--skip test\/crashing/);
  assert.ok(!result.findings.some((f) => f.ruleId === 'test/crashing'), 'findings of the crashed rule are not half reported');
  assert.equal(result.findings.filter((f) => f.ruleId === 'test/steady').length, 1, 'rules after the crash still run');
  assert.equal(result.rules.find((r) => r.id === 'test/crashing')?.skipped, 'failed');
  assert.equal(result.summary.error, 1);
});

test('a rule whose data is missing is skipped with the reason and one engine/data-missing finding', async () => {
  const result = await runAudit(loadWorkspaceSync(fixture), { kb: loadDefaultKb(), rules: [...engineRules, needsLock], config: noConfig });
  assert.equal(result.rules.find((r) => r.id === 'test/needs-lock')?.skipped, 'needs lockfile');
  const missing = result.findings.filter((f) => f.ruleId === 'engine/data-missing');
  assert.deepEqual(
    missing.map((f) => [f.messageId, f.data.rules, f.location?.file, f.location?.line]),
    [['lockfile', 'test/needs-lock', join(fixture, 'Cargo.lock'), 1]],
  );
});

test('--skip engine turns the engine findings off; --only does not hide a crash', async () => {
  const skipped = await runAudit(loadWorkspaceSync(fixture), { kb: loadDefaultKb(), rules: [...engineRules, crashing, needsLock], config: noConfig, skip: ['engine'] });
  assert.deepEqual(skipped.findings, []);
  const only = await runAudit(loadWorkspaceSync(fixture), { kb: loadDefaultKb(), rules: [...engineRules, crashing, steady], config: noConfig, only: ['test/crashing'] });
  assert.deepEqual(only.findings.map((f) => f.ruleId), ['engine/rule-failed']);
});
