import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { runAudit } from '../../src/engine/run.js';
import { ALL_RULES } from '../../src/rules/index.js';

const dir = join(FIXTURES, 'rules/hygiene-edition');
const ID = 'hygiene/edition';

test('hygiene/edition notes members below 2024: own key, missing key, one finding for inherited editions; MSRV-bound members and their test members are skipped', async () => {
  const root = join(dir, 'bad');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => `${f.member ?? '-'} ${where(f, root)}`).sort(), [
    '- inherited@Cargo.toml:7:1',
    'c outdated@c/Cargo.toml:4:1',
    'd missing@d/Cargo.toml:1:2',
  ]);
  const c = findings.find((f) => f.member === 'c')!;
  const d = findings.find((f) => f.member === 'd')!;
  const inherited = findings.find((f) => f.messageId === 'inherited')!;
  assert.equal(c.data.path, '2018 → 2021 → 2024');
  assert.match(String(c.data.changes), /^2021: .*; 2024: .*if let/);
  assert.equal(d.data.edition, '2015');
  assert.equal(d.data.path, '2015 → 2018 → 2021 → 2024');
  assert.equal(inherited.data.count, 2);
  assert.equal(inherited.data.members, '2 members (a and b)');
  assert.equal(inherited.data.msrvNote, '');
  assert.deepEqual(inherited.related?.map((r) => `${r.location.file.slice(root.length + 1)}:${r.location.line}`), ['a/Cargo.toml:4', 'b/Cargo.toml:4']);
  assert.ok(findings.every((f) => f.severity === 'note'));
});

test('hygiene/edition with respectRustVersion = false also reports members whose MSRV is below 1.85', async () => {
  const workspace = loadWorkspaceSync(join(dir, 'bad'));
  const location = { file: workspace.rootManifestPath, line: 1, column: 1 };
  const config = { source: null, rules: new Map([[ID, { options: { respectRustVersion: false }, location }]]), ignores: [], problems: [] };
  const result = await runAudit(workspace, { kb: loadDefaultKb(), rules: ALL_RULES, only: [ID], config });
  const findings = result.findings.filter((f) => f.ruleId === ID);
  const f = findings.find((x) => x.member === 'f')!;
  assert.equal(f.data.msrvNote, '; rust-version 1.70 must rise to 1.85');
  const inherited = findings.find((x) => x.messageId === 'inherited')!;
  assert.equal(inherited.data.count, 3);
  // Nothing is held back by an MSRV any more, so the test member is reported too.
  assert.ok(findings.some((x) => x.member === 'tests'));
  assert.equal(inherited.data.msrvNote, '; rust-version 1.80 must rise to 1.85');
});

test('hygiene/edition is quiet on edition 2024', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
});

test('hygiene/edition gives one note for three or more members that set the same old edition themselves', async () => {
  const root = join(dir, 'many');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => where(f, root)), ['outdatedMany@crates/one/Cargo.toml:4:1']);
  assert.equal(findings[0]!.data.members, 'one, three and two');
  assert.deepEqual(findings[0]!.related?.map((r) => `${r.location.file.slice(root.length + 1)}:${r.location.line} ${r.message}`), [
    'crates/three/Cargo.toml:4 three sets edition 2021',
    'crates/two/Cargo.toml:4 two sets edition 2021',
  ]);
});
