import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const ID = 'migrations/major-upgrade';
const dir = join(FIXTURES, 'rules/migrations-major-upgrade');

test('migrations/major-upgrade names the documented step for dependencies a major behind', async () => {
  const root = join(dir, 'bad');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${f.data.current} ${f.severity} ${where(f, root)}`).sort(), [
    'axum 0.7.9 note migration@web/Cargo.toml:7:1',
    'bevy 0.14.2 note migrations@web/Cargo.toml:8:1',
    'rand 0.8.5 note migration@cli/Cargo.toml:8:1',
    'thiserror 1.0.69 note migration@Cargo.toml:6:1',
  ]);
  const byCrate = new Map(findings.map((f) => [f.crate, f]));
  // The two KB notes about axum 0.7 → 0.8 are one step.
  assert.match(String(byCrate.get('axum')!.data.summary), /\{id\}.*; Drop #\[async_trait\]/);
  assert.equal(byCrate.get('bevy')!.data.from, '0.14');
  assert.equal(byCrate.get('bevy')!.data.steps, '0.15 → 0.16, 0.16 → 0.17, 0.18 → 0.19');
  // The KB has no `latest` for rand: the newest documented step stands in.
  assert.equal(byCrate.get('rand')!.data.latest, '0.9');
  // rand is also a dev-dependency of cli: one upgrade, one finding.
  assert.deepEqual(byCrate.get('rand')!.related?.map((r) => `${r.location.line} ${r.message}`), ['11 declared in cli [dev-dependencies]']);
  const thiserror = byCrate.get('thiserror')!;
  assert.equal(thiserror.data.source, 'https://github.com/dtolnay/thiserror/releases/tag/2.0.0');
  assert.deepEqual(thiserror.related?.map((r) => `${r.location.file.slice(root.length + 1)}:${r.location.line} ${r.message}`), [
    'core/Cargo.toml:7 inherited by core',
    'cli/Cargo.toml:7 inherited by cli',
  ]);
});

test('migrations/major-upgrade uses the requirement when there is no lockfile', async () => {
  const root = join(dir, 'nolock');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => `${f.data.current} ${where(f, root)}`), ['^1.0 migration@Cargo.toml:7:1']);
});

test('migrations/major-upgrade skips current crates, minor steps, undocumented versions and crates to leave', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
});
