import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { runAudit } from '../../src/engine/run.js';
import { ALL_RULES } from '../../src/rules/index.js';

const dir = join(FIXTURES, 'rules/hygiene-inconsistent-requirements');
const ID = 'hygiene/inconsistent-requirements';

test('hygiene/inconsistent-requirements warns on incompatible versions and notes different minimums', async () => {
  const root = join(dir, 'bad');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${f.severity} ${where(f, root)}`).sort(), [
    'http warning incompatible@a/Cargo.toml:7:1',
    'semver note lowerBounds@a/Cargo.toml:13:1',
  ]);
  const http = findings.find((f) => f.crate === 'http')!;
  // The example member's http 0.1 is left out: examples are standalone projects.
  assert.deepEqual(http.data, { crate: 'http', requirements: '`^0.2` (a) · `^1` (b)', newest: '^1' });
  assert.equal(http.member, 'a');
  assert.deepEqual(http.related?.map((r) => `${where({ ...http, messageId: 'at', location: r.location }, root)} ${r.message}`), ['at@b/Cargo.toml:7:1 b requires `^1`']);
  const semver = findings.find((f) => f.crate === 'semver')!;
  assert.deepEqual(semver.data, { crate: 'semver', requirements: '`^1` (a) · `^1.0.20` (a)', newest: '^1.0.20' });
});

test('hygiene/inconsistent-requirements leaves different minimums to hygiene/workspace-dependency when it asks to declare the crate once', async () => {
  const root = join(dir, 'bad');
  const result = await runAudit(loadWorkspaceSync(root), { kb: loadDefaultKb(), rules: ALL_RULES, only: [ID, 'hygiene/workspace-dependency'] });
  const about = (crate: string) => result.findings.filter((f) => f.crate === crate).map((f) => `${f.ruleId} ${f.messageId}`);
  // Declared directly by a and b (tracing, regex-syntax): part of the one `adopt` note, which shows the requirements.
  assert.deepEqual(about('tracing'), []);
  assert.deepEqual(about('regex-syntax'), []);
  const adopt = result.findings.find((f) => f.messageId === 'adopt')!;
  assert.ok(adopt.related!.some((r) => r.message === 'tracing: a and b at different requirements: `^0.1.37` · `^0.1.40`'), adopt.related!.map((r) => r.message).join('\n'));
  // In [workspace.dependencies] and declared directly by b (log).
  assert.deepEqual(about('log'), ['hygiene/workspace-dependency inherit']);
  const log = result.findings.find((f) => f.crate === 'log')!;
  assert.equal(log.message, 'log is in [workspace.dependencies] but declared directly in b at different requirements: `^0.4.20` · `^0.4.14`');
});

test('hygiene/inconsistent-requirements: `1`, `1.0` and `^1.0.0` are one requirement; a renamed second version is deliberate', async () => {
  const findings = await findingsOf(join(dir, 'bad'), ID);
  assert.equal(findings.find((f) => f.crate === 'serde'), undefined);
  assert.equal(findings.find((f) => f.crate === 'rand'), undefined);
  // Also when the renamed entry only asks for another minimum (wasmtime's `anyhow-for-testing`).
  assert.equal(findings.find((f) => f.crate === 'itoa'), undefined);
});

test('hygiene/inconsistent-requirements with lowerBounds = false reports only incompatible versions', async () => {
  const workspace = loadWorkspaceSync(join(dir, 'bad'));
  const location = { file: workspace.rootManifestPath, line: 1, column: 1 };
  const config = { source: null, rules: new Map([[ID, { options: { lowerBounds: false }, location }]]), ignores: [], problems: [] };
  const result = await runAudit(workspace, { kb: loadDefaultKb(), rules: ALL_RULES, only: [ID], config });
  assert.deepEqual(result.findings.filter((f) => f.ruleId === ID).map((f) => `${f.crate} ${f.messageId}`), ['http incompatible']);
  assert.ok(result.findings.every((f) => f.crate !== 'semver'));
});

test('hygiene/inconsistent-requirements is quiet when all requirements are equivalent', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
});
