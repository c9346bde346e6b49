import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { TestRegistry } from '../registry/support/server.js';
import { auditWithRegistry, findingsFor, testSettings, fixtureRegistry } from '../registry/support/env.js';
import { rustVersionAtMost } from '../../src/rules/deps/outdated.js';
import type { AuditConfig } from '../../src/engine/config.js';

const dir = join(FIXTURES, 'rules/deps-outdated');
const ID = 'deps/outdated';
const server = fixtureRegistry();

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

test('names of every length and case, pre-releases, rust_version and yanked-only crates, as a Rust user meets them', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { tempDir } = await import('../registry/support/env.js');
  const { indexPath } = await import('../../src/registry/sparse-index.js');
  const registry = new TestRegistry();
  await registry.start();
  const entry = (name: string, vers: string, extra: object = {}) => ({ name, vers, deps: [], cksum: '0'.repeat(64), features: {}, yanked: false, ...extra });
  const crates: Record<string, object[]> = {
    a: [entry('a', '0.1.0'), entry('a', '0.1.5')],
    cc: [entry('cc', '1.0.0'), entry('cc', '1.0.90'), entry('cc', '1.1.0-beta.1')],
    syn: [entry('syn', '2.0.0'), entry('syn', '2.0.60', { rust_version: '1.61' }), entry('syn', '3.0.0-alpha.1')],
    Inflector: [entry('Inflector', '0.11.3'), entry('Inflector', '0.11.4')],
    foo_bar: [entry('foo_bar', '1.0.0'), entry('foo_bar', '1.2.0')],
    'foo-baz': [entry('foo-baz', '1.0.0'), entry('foo-baz', '2.0.0')],
    prerel: [entry('prerel', '1.0.0'), entry('prerel', '2.0.0-rc.1'), entry('prerel', '1.0.1')],
    beta: [entry('beta', '1.0.0-rc.1'), entry('beta', '1.0.0-rc.2'), entry('beta', '1.0.0')],
    onlyyanked: [entry('onlyyanked', '1.0.0', { yanked: true }), entry('onlyyanked', '1.0.1', { yanked: true })],
  };
  for (const [name, lines] of Object.entries(crates)) registry.setIndexFile(indexPath(name), lines);
  const locked: Record<string, string> = { a: '0.1.0', cc: '1.0.0', syn: '2.0.0', Inflector: '0.11.3', foo_bar: '1.0.0', 'foo-baz': '1.0.0', prerel: '1.0.0', beta: '1.0.0-rc.1', onlyyanked: '1.0.1' };
  const root = tempDir();
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'lib.rs'), '');
  const reqs: Record<string, string> = { beta: '1.0.0-rc.1' };
  writeFileSync(join(root, 'Cargo.toml'), `[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\nrust-version = "1.60"\n\n[dependencies]\n${Object.keys(locked).map((n) => `${n} = "${reqs[n] ?? locked[n]!.split('.').slice(0, 2).join('.')}"`).join('\n')}\n`);
  const source = 'registry+https://github.com/rust-lang/crates.io-index';
  writeFileSync(
    join(root, 'Cargo.lock'),
    `version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [${Object.keys(locked).map((n) => `"${n}"`).join(', ')}]\n\n${Object.entries(locked).map(([n, v]) => `[[package]]\nname = "${n}"\nversion = "${v}"\nsource = "${source}"\n`).join('\n')}`,
  );
  const { result } = await auditWithRegistry(root, [ID, 'deps/yanked'], testSettings({ cratesIoIndex: registry.indexUrl }));
  await registry.stop();
  assert.deepEqual(findingsFor(result, ID).map((f) => `${f.crate} ${f.messageId} ${f.data.latest}`).sort(), [
    'Inflector update 0.11.4',
    'a update 0.1.5',
    'beta update 1.0.0',
    'cc update 1.0.90',
    'foo-baz manifest 2.0.0',
    'foo_bar update 1.2.0',
    'prerel update 1.0.1',
  ]);
  assert.deepEqual(findingsFor(result, 'deps/yanked').map((f) => `${f.crate} ${f.messageId}`), ['onlyyanked yanked']);
  assert.deepEqual(registry.log.map((r) => r.path).sort(), ['/index/1/a', '/index/2/cc', '/index/3/s/syn', '/index/be/ta/beta', '/index/config.json', '/index/fo/o-/foo-baz', '/index/fo/o_/foo_bar', '/index/in/fl/inflector', '/index/on/ly/onlyyanked', '/index/pr/er/prerel']);
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
