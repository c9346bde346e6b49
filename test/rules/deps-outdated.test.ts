import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { TestRegistry } from '../registry/support/server.js';
import { auditWithRegistry, cleanTemps, FIXTURE_INDEX, findingsFor, testSettings } from '../registry/support/env.js';
import { rustVersionAtMost } from '../../src/rules/deps/outdated.js';
import type { AuditConfig } from '../../src/engine/config.js';

const dir = join(FIXTURES, 'rules/deps-outdated');
const ID = 'deps/outdated';
const server = new TestRegistry().addIndexDir(FIXTURE_INDEX);
before(() => server.start());
after(async () => {
  await server.stop();
  cleanTemps();
});

test('deps/outdated tells a `cargo update` from a manifest change, respects rust-version, and reports inherited requirements once', async () => {
  const root = join(dir, 'bad');
  const { result } = await auditWithRegistry(root, [ID], testSettings({ cratesIoIndex: server.indexUrl }));
  const findings = findingsFor(result, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${f.data.locked}→${f.data.latest} ${where(f, root)}`).sort(), [
    'anyhow 1.0.50→1.0.86 update@Cargo.toml:9:1',
    'clap 3.2.25→4.4.18 manifest@a/Cargo.toml:9:1',
  ]);
  const anyhow = findings.find((f) => f.crate === 'anyhow')!;
  const clap = findings.find((f) => f.crate === 'clap')!;
  assert.equal(anyhow.fix, 'Run `cargo update -p anyhow` (no manifest change).');
  assert.equal(anyhow.severity, 'note');
  assert.equal(clap.data.held, ' (4.5.4 needs Rust 1.74, above rust-version 1.70)');
  assert.match(clap.message, /^clap "\^3" is behind: 4\.4\.18 is out \(4\.5\.4 needs Rust 1\.74/);
  assert.match(clap.fix, /^Change the requirement to "4\.4\.18" in .*a\/Cargo\.toml/);
});

test('with respectRustVersion = false the newest release is proposed', async () => {
  const root = join(dir, 'bad');
  const { loadWorkspaceSync } = await import('../../src/project/workspace.js');
  const { loadDefaultKb } = await import('../../src/kb/load.js');
  const { runAudit } = await import('../../src/engine/run.js');
  const { ALL_RULES } = await import('../../src/rules/index.js');
  const { createRegistryService } = await import('../../src/registry/service.js');
  const workspace = loadWorkspaceSync(root);
  const registry = createRegistryService(workspace, { offline: false, refresh: false, sources: false, licenses: false }, testSettings({ cratesIoIndex: server.indexUrl }));
  const config: AuditConfig = { source: null, rules: new Map([[ID, { options: { respectRustVersion: false }, location: { file: root, line: 1, column: 1 } }]]), ignores: [], problems: [] };
  const result = await runAudit(workspace, { kb: loadDefaultKb(), rules: ALL_RULES, only: [ID], services: { registry }, capabilities: ['kb', 'network'], config });
  const clap = findingsFor(result, ID).find((f) => f.crate === 'clap')!;
  assert.equal(clap.data.latest, '4.5.4');
  assert.equal(clap.data.held, '');
});

test('a member without rust-version is held to the one in [workspace.package]', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { tempDir } = await import('../registry/support/env.js');
  const root = tempDir();
  mkdirSync(join(root, 'app', 'src'), { recursive: true });
  writeFileSync(join(root, 'app', 'src', 'lib.rs'), '');
  writeFileSync(join(root, 'Cargo.toml'), '[workspace]\nmembers = ["app"]\nresolver = "2"\n\n[workspace.package]\nrust-version = "1.70"\n');
  writeFileSync(join(root, 'app', 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nclap = "3"\n');
  writeFileSync(
    join(root, 'Cargo.lock'),
    'version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["clap"]\n\n[[package]]\nname = "clap"\nversion = "3.2.25"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
  );
  const { result } = await auditWithRegistry(root, [ID], testSettings({ cratesIoIndex: server.indexUrl }));
  const clap = findingsFor(result, ID).find((f) => f.crate === 'clap')!;
  assert.equal(clap.data.latest, '4.4.18');
  assert.equal(clap.data.held, ' (4.5.4 needs Rust 1.74, above rust-version 1.70)');
});

test('deps/outdated is quiet on current dependencies', async () => {
  const { result } = await auditWithRegistry(join(dir, 'good'), [ID], testSettings({ cratesIoIndex: server.indexUrl }));
  assert.deepEqual(findingsFor(result, ID), []);
});

test('rust-version comparison reads partial versions', () => {
  assert.equal(rustVersionAtMost('1.70', '1.70.0'), true);
  assert.equal(rustVersionAtMost('1.70.1', '1.70'), false);
  assert.equal(rustVersionAtMost('1.56.1', '1.70'), true);
  assert.equal(rustVersionAtMost('1.74', '1.70'), false);
});
