import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { FIXTURES } from '../support/paths.js';

// Three deps/deprecated warnings (async-std, serde_yaml, atty), no errors.
const fixture = join(FIXTURES, 'rules/deps-deprecated/bad');
const base = ['audit', fixture, '--offline', '--no-sources'];

function ruleIds(stdout: string): string[] {
  return [...new Set((JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId))].sort();
}

test('audit exits 1 only for findings at or above --fail-on (default error), 0 otherwise', async () => {
  const byDefault = await runCli([...base, '--only', 'deps/deprecated']);
  assert.equal(byDefault.code, 0, byDefault.stderr);
  assert.match(byDefault.stdout, /deps\/deprecated/);
  const warning = await runCli([...base, '--only', 'deps/deprecated', '--fail-on', 'warning']);
  assert.equal(warning.code, 1);
  const note = await runCli([...base, '--only', 'deps/deprecated', '--fail-on', 'note']);
  assert.equal(note.code, 1);
  const never = await runCli([...base, '--only', 'deps/deprecated', '--fail-on', 'never']);
  assert.equal(never.code, 0);
  const bad = await runCli([...base, '--fail-on', 'loud']);
  assert.equal(bad.code, 2);
});

test('--only and --skip take rule ids and families, comma-separated or repeated', async () => {
  const only = await runCli([...base, '--format', 'json', '--only', 'deps/deprecated,hygiene', '--fail-on', 'never']);
  assert.equal(only.code, 0, only.stderr);
  assert.ok(ruleIds(only.stdout).every((id) => id === 'deps/deprecated' || id.startsWith('hygiene/') || id.startsWith('engine/') || id.startsWith('config/')), ruleIds(only.stdout).join());
  assert.ok(ruleIds(only.stdout).includes('deps/deprecated'));
  const skip = await runCli([...base, '--format', 'json', '--skip', 'deps', '--skip', 'hygiene/edition', '--fail-on', 'never']);
  assert.ok(!ruleIds(skip.stdout).some((id) => id.startsWith('deps/') || id === 'hygiene/edition'), ruleIds(skip.stdout).join());
  const unknown = await runCli([...base, '--only', 'deps/deprecatd']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown rule or family `deps\/deprecatd`/);
});

test('--output writes the report to a file, prints a one-line summary, and keeps the exit code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-audit-'));
  try {
    const out = join(dir, 'report.sarif');
    const run = await runCli([...base, '--only', 'deps/deprecated', '--format', 'sarif', '--output', out, '--fail-on', 'warning']);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /wrote sarif report to .*report\.sarif \(0 errors, 3 warnings, 0 notes\)/);
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0]!.results.length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
