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
    'log note lowerBounds@b/Cargo.toml:11:1',
    'regex-syntax note lowerBounds@a/Cargo.toml:11:1',
    'tracing note lowerBounds@a/Cargo.toml:8:1',
  ]);
  const http = findings.find((f) => f.crate === 'http')!;
  // The example member's http 0.1 is left out: examples are standalone projects.
  assert.deepEqual(http.data, { crate: 'http', requirements: '`^0.2` (a) · `^1` (b)', newest: '^1' });
  assert.equal(http.member, 'a');
  assert.deepEqual(http.related?.map((r) => `${where({ ...http, messageId: 'at', location: r.location }, root)} ${r.message}`), ['at@b/Cargo.toml:7:1 b requires `^1`']);
  const tracing = findings.find((f) => f.crate === 'tracing')!;
  assert.deepEqual(tracing.data, { crate: 'tracing', requirements: '`^0.1.37` (a) · `^0.1.40` (b)', newest: '^0.1.40' });
  const log = findings.find((f) => f.crate === 'log')!;
  assert.deepEqual(log.data, { crate: 'log', requirements: '`^0.4.14` (b) · `^0.4.20` ([workspace.dependencies])', newest: '^0.4.20' });
  assert.match(log.related![0]!.message, /^\[workspace.dependencies\] requires/);
});

test('hygiene/inconsistent-requirements: `1`, `1.0` and `^1.0.0` are one requirement; a renamed second version is deliberate', async () => {
  const findings = await findingsOf(join(dir, 'bad'), ID);
  assert.equal(findings.find((f) => f.crate === 'serde'), undefined);
  assert.equal(findings.find((f) => f.crate === 'rand'), undefined);
});

test('hygiene/inconsistent-requirements with lowerBounds = false reports only incompatible versions', async () => {
  const workspace = loadWorkspaceSync(join(dir, 'bad'));
  const location = { file: workspace.rootManifestPath, line: 1, column: 1 };
  const config = { source: null, rules: new Map([[ID, { options: { lowerBounds: false }, location }]]), ignores: [], problems: [] };
  const result = await runAudit(workspace, { kb: loadDefaultKb(), rules: ALL_RULES, only: [ID], config });
  assert.deepEqual(result.findings.filter((f) => f.ruleId === ID).map((f) => `${f.crate} ${f.messageId}`), ['http incompatible']);
});

test('hygiene/inconsistent-requirements is quiet when all requirements are equivalent', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
});
