import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { runAudit } from '../../src/engine/run.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { FIXTURES } from '../support/paths.js';

/** Copies the deps/deprecated "bad" fixture and adds a cargo-stack.toml. */
async function auditWith(config: string, only: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-config-'));
  try {
    cpSync(join(FIXTURES, 'rules/deps-deprecated/bad'), dir, { recursive: true });
    writeFileSync(join(dir, 'cargo-stack.toml'), config);
    return await runAudit(loadWorkspaceSync(dir), { kb: loadDefaultKb(), rules: ALL_RULES, only });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lines = (findings: { ruleId: string; location?: { line: number; column: number } }[], ruleId: string) =>
  findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.location?.line}:${f.location?.column}`);

test('unknown keys, rules and severities are config/invalid findings at their line and column', async () => {
  const result = await auditWith('colour = "red"\n\n[rules]\n"deps/deprecatd" = "off"\n"hygiene" = "loud"\n', ['deps', 'config']);
  const invalid = result.findings.filter((f) => f.ruleId === 'config/invalid');
  assert.deepEqual(invalid.map((f) => `${f.location?.line}:${f.location?.column}`).sort(), ['1:1', '4:1', '5:1']);
  assert.ok(invalid.some((f) => /did you mean `deps\/deprecated`/.test(f.message)));
});

test('a family set to off turns its rules off; a rule setting beats its family', async () => {
  const off = await auditWith('[rules]\ndeps = "off"\n', ['deps']);
  assert.equal(off.findings.filter((f) => f.ruleId === 'deps/deprecated').length, 0);
  const raised = await auditWith('[rules]\ndeps = "off"\n"deps/deprecated" = "error"\n', ['deps']);
  const findings = raised.findings.filter((f) => f.ruleId === 'deps/deprecated');
  assert.equal(findings.length, 3);
  assert.ok(findings.every((f) => f.severity === 'error'));
});

test('ignores need a reason, silence what they match, and are reported when they match nothing', async () => {
  const result = await auditWith(
    '[[ignore]]\ncrate = "atty"\nreason = "replaced in the CLI rewrite"\n\n[[ignore]]\ncrate = "left-pad"\nreason = "gone"\n\n[[ignore]]\nrule = "deps/deprecated"\n',
    ['deps', 'config'],
  );
  assert.equal(result.suppressed, 1);
  assert.ok(!result.findings.some((f) => f.crate === 'atty'));
  assert.deepEqual(lines(result.findings, 'config/unused-ignore'), ['5:3']);
  assert.deepEqual(lines(result.findings, 'config/invalid'), ['9:3']);
});

test('rule options are written in kebab-case; unknown options and wrong types are located', async () => {
  const ok = await auditWith('[rules."deps/duplicate-versions"]\nmin-versions = 3\nignore-crates = []\n', ['config']);
  assert.deepEqual(lines(ok.findings, 'config/invalid'), []);
  const bad = await auditWith('[rules."deps/duplicate-versions"]\nmin-versionz = 3\n\n[rules."deps/outdated"]\nrespect-rust-version = "yes"\n', ['config']);
  const messages = bad.findings.filter((f) => f.ruleId === 'config/invalid').map((f) => f.message);
  assert.equal(messages.length, 2);
  assert.ok(messages.some((m) => /unknown option `min-versionz`/.test(m)), messages.join('\n'));
});

test('an ignore by path glob silences the findings located in matching files', async () => {
  const result = await auditWith('[[ignore]]\npath = "Cargo.*"\nreason = "manifest findings are tracked in #42"\n\n[[ignore]]\npath = "crates/**"\nreason = "no such folder"\n', ['deps/deprecated', 'config']);
  assert.equal(result.suppressed, 3);
  assert.deepEqual(lines(result.findings, 'deps/deprecated'), []);
  assert.deepEqual(lines(result.findings, 'config/unused-ignore'), ['5:3']);
});
