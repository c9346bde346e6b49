import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const dir = join(FIXTURES, 'rules/hygiene-dev-profile');
const ID = 'hygiene/dev-profile';

test('hygiene/dev-profile suggests line-tables-only debug info when [profile.dev] sets no debug', async () => {
  const root = join(dir, 'plain');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => where(f, root)), ['lineTables@Cargo.toml:1:1']);
  assert.match(findings[0]!.fix, /debug = "line-tables-only"/);
  assert.equal(findings[0]!.severity, 'note');
});

test('hygiene/dev-profile adds optimized dependencies for game workspaces, in a single note', async () => {
  const game = join(dir, 'game');
  const both = await findingsOf(game, ID);
  assert.deepEqual(both.map((f) => where(f, game)), ['lineTablesAndDepsOpt@Cargo.toml:9:10']);
  assert.deepEqual(both[0]!.data, { engine: 'bevy' });
  assert.match(both[0]!.fix, /\[profile\.dev\.package\."\*"\] with `opt-level = 3`/);
  const debugSet = join(dir, 'game-debug');
  const depsOnly = await findingsOf(debugSet, ID);
  assert.deepEqual(depsOnly.map((f) => where(f, debugSet)), ['depsOpt@Cargo.toml:9:10']);
  assert.deepEqual(depsOnly[0]!.data, { engine: 'macroquad' });
});

test('hygiene/dev-profile is quiet when tuned (manifest or .cargo/config.toml) and on firmware', async () => {
  for (const fixture of ['good', 'cargo-config', 'firmware']) {
    assert.deepEqual(await findingsOf(join(dir, fixture), ID), [], fixture);
  }
});
