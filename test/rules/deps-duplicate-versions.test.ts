import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { runAudit } from '../../src/engine/run.js';
import { ALL_RULES } from '../../src/rules/index.js';

const ID = 'deps/duplicate-versions';
const dir = join(FIXTURES, 'rules/deps-duplicate-versions');
const bad = join(dir, 'bad');

async function withOptions(options: Record<string, unknown>) {
  const result = await runAudit(loadWorkspaceSync(bad), {
    kb: loadDefaultKb(),
    rules: ALL_RULES,
    only: [ID],
    config: { source: null, rules: new Map([[ID, { options, location: { file: bad, line: 1, column: 1 } }]]), ignores: [], problems: [] },
  });
  return result.findings.filter((f) => f.ruleId === ID);
}

test('deps/duplicate-versions reports each duplicated crate at its oldest lock entry, with its root cause', async () => {
  const findings = await findingsOf(bad, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${where(f, bad)}`).sort(), [
    'getrandom duplicateShared@Cargo.lock:18:1',
    'itoa duplicate@Cargo.lock:28:1',
    'old-lib bestBump@app/Cargo.toml:7:1',
    'rand duplicateDirect@tools/Cargo.toml:7:1',
    'syn duplicate@Cargo.lock:74:1',
  ]);
  const byCrate = new Map(findings.map((f) => [f.crate, f]));
  const syn = byCrate.get('syn')!;
  assert.equal(syn.severity, 'note');
  assert.equal(syn.data.culprit, 'old-lib 1.0.0 (in app)');
  assert.equal(syn.data.causes, '1.0.109 via old-lib 1.0.0 (app); 2.0.100 via app directly');
  assert.equal(syn.data.sameCause, ' (same cause as itoa)');
  assert.deepEqual(syn.related?.map((r) => r.location.line), [79]);
  assert.deepEqual(byCrate.get('rand')!.related?.map((r) => r.location.line), [56, 61], 'a direct duplicate points at the manifest line to bump; the lock entries are related');
  assert.equal(byCrate.get('rand')!.data.culprit, 'tools');
  assert.equal(byCrate.get('rand')!.data.newest, '0.9.0');
  assert.equal(byCrate.get('getrandom')!.data.causes, '0.2.15 via x 1.0.0 (app) and y 1.0.0 (app); 0.3.1 via app directly');
  const best = byCrate.get('old-lib')!;
  assert.equal(best.data.count, 2);
  assert.equal(best.data.crates, 'itoa 0.4.8 and syn 1.0.109');
});

test('deps/duplicate-versions names in the fix only the old versions that the upgrade removes', async () => {
  const partial = join(dir, 'partial');
  const [itertools] = await findingsOf(partial, ID);
  assert.equal(itertools?.messageId, 'duplicate');
  assert.equal(itertools.data.causes, '0.13.0 via bench 1.0.0 (app); 0.14.0 via prof 1.0.0 (app); 0.15.0 via new 1.0.0 (app)');
  assert.equal(itertools.data.old, '0.13.0');
  assert.match(itertools.fix, /^Upgrade bench 1\.0\.0 \(in app\) to a release that uses itertools 0\.15\.0; that alone removes itertools 0\.13\.0\.$/);
});

test('deps/duplicate-versions skips the windows-sys family unless ignore-crates is changed', async () => {
  assert.ok(!(await findingsOf(bad, ID)).some((f) => f.crate === 'windows-sys'));
  const findings = await withOptions({ 'ignore-crates': ['getrandom'] });
  const crates = findings.map((f) => f.crate).sort();
  assert.ok(crates.includes('windows-sys'));
  assert.ok(!crates.includes('getrandom'));
  // windows-sys 0.48 also comes only through old-lib, so the best bump now removes three.
  assert.equal(findings.find((f) => f.messageId === 'bestBump')?.data.count, 3);
});

test('deps/duplicate-versions honors min-versions', async () => {
  assert.deepEqual(await withOptions({ 'min-versions': 3 }), []);
});

test('deps/duplicate-versions is quiet when every crate has one version', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
});
