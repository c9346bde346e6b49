// Generates every scenario and checks what a user would check: rustfmt, cargo metadata, the audit,
// the versions, and that the files are what the scenario promises.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import semver from 'semver';
import { runNew } from '../../src/cli/commands/new.js';
import { findCrate, loadDefaultKb } from '../../src/kb/load.js';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { runAudit } from '../../src/engine/run.js';
import { ALL_RULES } from '../../src/rules/index.js';
import type { Capability } from '../../src/engine/define-rule.js';
import type { AuditServices } from '../../src/engine/services.js';
import { prepareSources } from '../../src/source/service.js';
import { prepareRegistry } from '../../src/registry/service.js';
import { SCENARIO_IDS, type Choices, type Database, type ScenarioId } from '../../src/scaffold/scenario.js';
import { SCENARIOS } from '../../src/scaffold/scenarios/index.js';
import { compatibleRange } from '../../src/scaffold/versions.js';
import { captureIo, cleanTemps, listFiles, tempDir } from './support.js';
import { cargoMetadata, hasCargo } from '../support/metadata-diff.js';

interface Case {
  label: string;
  id: ScenarioId;
  name: string;
  database?: Database;
}

// A second name that sorts after every dependency and makes lines longer, so rustfmt
// acceptance does not depend on the crate name.
const LONG = 'zz-a-rather-long-crate-name-for-wrapping';
const CASES: Case[] = [
  ...SCENARIO_IDS.map((id) => ({ label: id, id, name: `demo-${id}` })),
  { label: 'backend (sqlite)', id: 'backend', name: 'demo-sqlite', database: 'sqlite' },
  ...SCENARIO_IDS.map((id) => ({ label: `${id} (long name)`, id, name: `${LONG}-${id}`.slice(0, 56) })),
];

const generated = new Map<string, string>();
let root: string;

before(async () => {
  root = tempDir();
  for (const c of CASES) {
    const io = captureIo();
    const code = await runNew(join(root, c.name), { template: c.id, offline: true, ...(c.database ? { database: c.database } : {}) }, { io, cwd: root });
    assert.equal(code, 0, io.err());
    generated.set(c.label, join(root, c.name));
  }
});
after(cleanTemps);

const dirOf = (label: string): string => generated.get(label)!;
const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
const TEXT = /\.(rs|toml|md|ya?ml|json|html|js|css|sql|x|example)$|(^|\/)\.gitignore$/;
const mainCases = CASES.filter((c) => !c.label.includes('long name'));

function hasTool(command: string, args: string[]): boolean {
  return spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUSTUP_TOOLCHAIN: 'stable' } }).status === 0;
}

describe('every scenario', () => {
  test('renders completely: no placeholder left, every TOML, JSON and YAML file parses', () => {
    for (const c of CASES) {
      const dir = dirOf(c.label);
      for (const file of listFiles(dir).filter((f) => TEXT.test(f))) {
        const text = read(dir, file);
        assert.doesNotMatch(text, /\{\{[#^/>]?[a-z]/, `${c.label}: ${file}`);
        if (file.endsWith('.toml')) assert.doesNotThrow(() => parseToml(text), `${c.label}: ${file}`);
        if (file.endsWith('.json')) assert.doesNotThrow(() => JSON.parse(text), `${c.label}: ${file}`);
        if (/\.ya?ml$/.test(file)) assert.doesNotThrow(() => parseYaml(text), `${c.label}: ${file}`);
      }
    }
  });

  test('has the workspace setup: edition 2024, resolver 3, workspace dependencies and package, a commented release profile', () => {
    for (const c of mainCases) {
      const dir = dirOf(c.label);
      const manifest = parseToml(read(dir, 'Cargo.toml')) as {
        workspace: { resolver: string; members: string[]; package: Record<string, unknown>; dependencies: Record<string, unknown> };
        profile: { release: Record<string, unknown> };
      };
      assert.equal(manifest.workspace.resolver, '3', c.label);
      assert.equal(manifest.workspace.package.edition, '2024', c.label);
      assert.equal(manifest.workspace.package['rust-version'], SCENARIOS[c.id].rustVersion, c.label);
      assert.ok(Object.keys(manifest.workspace.dependencies).length > 0, c.label);
      assert.ok(Object.keys(manifest.profile.release).length > 0, c.label);
      // Each release setting has a comment right above it that says why.
      const lines = read(dir, 'Cargo.toml').split('\n');
      const start = lines.indexOf('[profile.release]');
      for (let i = start + 1; i < lines.length && !lines[i]!.startsWith('['); i++) {
        if (/^[a-z-]+ = /.test(lines[i]!)) assert.match(lines[i - 1]!, /^# /, `${c.label}: ${lines[i]}`);
      }
      for (const file of ['README.md', '.gitignore', 'deny.toml', '.github/workflows/ci.yml']) {
        assert.ok(listFiles(dir).includes(file), `${c.label}: ${file}`);
      }
    }
  });

  test('CI runs the bundle: fmt --check, clippy -D warnings, nextest, cargo-deny, cargo-machete', () => {
    for (const c of mainCases) {
      const ci = read(dirOf(c.label), '.github/workflows/ci.yml');
      for (const needle of ['cargo fmt --all -- --check', '-- -D warnings', 'cargo nextest run', 'cargo deny check', 'cargo machete']) {
        assert.ok(ci.includes(needle), `${c.label}: ${needle}`);
      }
      const workflow = parseYaml(ci) as { jobs: Record<string, unknown> };
      assert.ok(Object.keys(workflow.jobs).length >= 5, c.label);
    }
  });

  test('members inherit exactly the workspace dependencies', () => {
    for (const c of mainCases) {
      const dir = dirOf(c.label);
      const root = parseToml(read(dir, 'Cargo.toml')) as { workspace: { dependencies: Record<string, unknown> } };
      const declared = new Set(Object.keys(root.workspace.dependencies));
      const used = new Set<string>();
      for (const file of listFiles(dir).filter((f) => f.endsWith('/Cargo.toml'))) {
        const member = parseToml(read(dir, file)) as Record<string, Record<string, { workspace?: boolean }> | undefined>;
        for (const table of ['dependencies', 'dev-dependencies', 'build-dependencies']) {
          for (const [name, spec] of Object.entries(member[table] ?? {})) {
            assert.equal(spec.workspace, true, `${c.label}: ${file} ${name} does not inherit`);
            assert.ok(declared.has(name), `${c.label}: ${file} ${name} is not in [workspace.dependencies]`);
            used.add(name);
          }
        }
      }
      assert.deepEqual([...declared].filter((n) => !used.has(n)), [], `${c.label}: unused workspace dependencies`);
    }
  });

  test('offline, versions are the knowledge base ones (the template baseline only where the KB has none)', () => {
    const kb = loadDefaultKb();
    let fromKb = 0;
    for (const c of mainCases) {
      const root = parseToml(read(dirOf(c.label), 'Cargo.toml')) as { workspace: { dependencies: Record<string, string | { version?: string }> } };
      const choices: Choices = { name: c.name, license: 'MIT', database: c.database ?? 'postgres' };
      for (const dep of SCENARIOS[c.id].dependencies(choices)) {
        const spec = root.workspace.dependencies[dep.name]!;
        const written = typeof spec === 'string' ? spec : spec.version;
        const latest = findCrate(kb, dep.name)?.latest;
        if (latest !== undefined) {
          // A KB version outside the template's range would mean the template needs updating.
          assert.ok(semver.satisfies(latest, compatibleRange(dep.baseline)), `${dep.name}: KB ${latest} is not ^${dep.baseline}`);
          assert.equal(written, latest, `${c.label}: ${dep.name}`);
          fromKb++;
        } else assert.equal(written, dep.baseline, `${c.label}: ${dep.name}`);
      }
    }
    assert.ok(fromKb >= 20, `only ${fromKb} versions came from the KB`);
  });

  test('rustfmt --check --edition 2024 accepts every .rs file', (t) => {
    if (!hasTool('rustfmt', ['--version'])) {
      t.skip('rustfmt is not installed');
      return;
    }
    for (const c of CASES) {
      const dir = dirOf(c.label);
      const files = listFiles(dir).filter((f) => f.endsWith('.rs'));
      assert.ok(files.length > 0, c.label);
      const result = spawnSync('rustfmt', ['--check', '--edition', '2024', ...files], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUSTUP_TOOLCHAIN: 'stable' } });
      assert.equal(result.status, 0, `${c.label}:\n${result.stdout}${result.stderr}`);
    }
  });

  test('cargo metadata --no-deps --offline accepts every workspace', (t) => {
    if (!hasCargo()) {
      t.skip('cargo is not installed');
      return;
    }
    for (const c of mainCases) {
      const dir = dirOf(c.label);
      // RUSTUP_TOOLCHAIN=stable overrides the embedded template's rust-toolchain.toml.
      const metadata = cargoMetadata(join(dir, 'Cargo.toml'));
      assert.ok(metadata.packages.length > 0, c.label);
      for (const pkg of metadata.packages) {
        assert.equal(pkg.edition, '2024', `${c.label}: ${pkg.name}`);
        assert.equal(pkg.rust_version, SCENARIOS[c.id].rustVersion, `${c.label}: ${pkg.name}`);
        assert.ok(pkg.name.startsWith(c.name), `${c.label}: ${pkg.name}`);
      }
    }
  });

  test('cargo-stack audit reports no errors or warnings (every rule, sources included)', async () => {
    const kb = loadDefaultKb();
    for (const c of mainCases) {
      const workspace = loadWorkspaceSync(dirOf(c.label));
      const services: Partial<AuditServices> = {};
      const capabilities: Capability[] = ['kb'];
      for (const preparer of [prepareSources, prepareRegistry]) {
        const prepared = await preparer(workspace, { offline: true, refresh: false, sources: true, licenses: false });
        Object.assign(services, prepared.services);
        capabilities.push(...prepared.capabilities);
      }
      const result = await runAudit(workspace, { kb, rules: ALL_RULES, services, capabilities });
      const serious = result.findings.filter((f) => f.severity !== 'note');
      assert.deepEqual(
        serious.map((f) => `${f.ruleId} ${f.location?.file ?? ''}:${f.location?.line ?? ''} ${f.message}`),
        [],
        c.label,
      );
      assert.ok(result.rules.filter((r) => r.skipped === undefined).length >= 10, `${c.label}: too few rules ran`);
    }
  });
});

describe('scenario specifics', () => {
  test('backend: axum 0.8 paths, sqlx 0.9 features, env config without unwrap, graceful shutdown, oneshot test, migrations', () => {
    const dir = dirOf('backend');
    const src = (f: string): string => read(dir, `crates/demo-backend/${f}`);
    assert.match(src('src/routes.rs'), /"\/notes\/\{id\}"/);
    assert.doesNotMatch(src('src/routes.rs'), /"\/[^"]*\/:/);
    assert.match(read(dir, 'Cargo.toml'), /sqlx = \{ version = "0\.9\.0", default-features = false, features = \["runtime-tokio", "tls-rustls-ring", "postgres"/);
    assert.doesNotMatch(src('src/config.rs') + src('src/main.rs'), /env::var\([^)]*\)\s*\.unwrap\(\)/);
    assert.match(src('src/main.rs'), /with_graceful_shutdown/);
    assert.match(src('src/main.rs'), /SignalKind::terminate/);
    assert.match(src('tests/api.rs'), /ServiceExt/);
    assert.match(src('tests/api.rs'), /\.oneshot\(/);
    assert.match(src('migrations/0001_create_notes.sql'), /GENERATED ALWAYS AS IDENTITY/);
    assert.match(src('build.rs'), /println!\("cargo:rerun-if-changed=migrations"\);/, 'a new migration rebuilds the crate');
    assert.ok(listFiles(dir).includes('compose.yaml'));

    const sqlite = dirOf('backend (sqlite)');
    assert.match(read(sqlite, 'Cargo.toml'), /features = \["runtime-tokio", "sqlite", "macros", "migrate"\]/);
    assert.match(read(sqlite, 'crates/demo-sqlite/src/db.rs'), /pub type Database = sqlx::Sqlite;/);
    assert.match(read(sqlite, 'crates/demo-sqlite/migrations/0001_create_notes.sql'), /INTEGER PRIMARY KEY/);
    assert.ok(!listFiles(sqlite).includes('compose.yaml'), 'no Postgres compose file for SQLite');
  });

  test('fullstack: current Leptos API', () => {
    const app = read(dirOf('fullstack'), 'crates/web/src/app.rs') + read(dirOf('fullstack'), 'crates/web/src/main.rs');
    for (const needle of ['use leptos::prelude::*;', 'signal(', 'LocalResource::new', 'mount_to_body', '.into_any()']) assert.ok(app.includes(needle), needle);
    for (const old of ['use leptos::*', 'create_signal', 'create_resource', '.into_view()']) assert.ok(!app.includes(old), old);
  });

  test('desktop: Tauri 2 config, opener capability, RGBA PNG and ICO icons', () => {
    const dir = dirOf('desktop');
    const conf = JSON.parse(read(dir, 'src-tauri/tauri.conf.json')) as { $schema: string; identifier: string; build: { frontendDist: string }; bundle: { icon: string[] } };
    assert.equal(conf.$schema, 'https://schema.tauri.app/config/2');
    assert.equal(conf.identifier, 'com.example.demo-desktop');
    const capability = JSON.parse(read(dir, 'src-tauri/capabilities/default.json')) as { permissions: string[] };
    assert.ok(capability.permissions.includes('opener:default'));
    assert.ok(!capability.permissions.some((p) => p.startsWith('shell:')));
    assert.match(read(dir, 'src-tauri/src/lib.rs'), /tauri_plugin_opener::init\(\)/);
    for (const icon of conf.bundle.icon) assert.ok(listFiles(dir).includes(`src-tauri/${icon}`), icon);

    const png = readFileSync(join(dir, 'src-tauri/icons/icon.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = png.readUInt32BE(16);
    assert.equal(png.readUInt8(25), 6, 'colour type RGBA');
    const idatLength = png.readUInt32BE(33);
    assert.equal(png.toString('ascii', 37, 41), 'IDAT');
    assert.equal(inflateSync(png.subarray(41, 41 + idatLength)).length, size * (size * 4 + 1));

    const ico = readFileSync(join(dir, 'src-tauri/icons/icon.ico'));
    assert.deepEqual([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)], [0, 1, 1]);
    assert.equal(ico.readUInt32LE(14), ico.length - 22, 'image size matches the file');
    assert.equal(ico.readUInt32LE(22), 40, 'BITMAPINFOHEADER');
  });

  test('game: Bevy 0.19 API with a camera', () => {
    const game = read(dirOf('game'), 'crates/demo-game/src/game.rs');
    for (const needle of ['commands.spawn(Camera2d)', 'Sprite::from_color', 'delta_secs()', 'Single<', '-> Result', 'MessageWriter<', 'MessageReader<', 'add_message::<']) {
      assert.ok(game.includes(needle), needle);
    }
    for (const old of ['SpriteBundle', 'Camera2dBundle', 'delta_seconds', 'EventReader', 'EventWriter', 'get_single']) assert.ok(!game.includes(old), old);
  });

  test('embedded: no_std, embassy-executor 0.10 spawn, memory.x, probe-rs runner, toolchain with the target', () => {
    const dir = dirOf('embedded');
    const main = read(dir, 'crates/demo-embedded/src/main.rs');
    assert.match(main, /#!\[no_std\]\n#!\[no_main\]/);
    assert.match(main, /spawner\.spawn\(heartbeat\(led\)\.unwrap\(\)\);/);
    assert.doesNotMatch(main, /spawn\([^)]*\)\)\.unwrap\(\)/);
    assert.match(read(dir, 'Cargo.toml'), /embassy-executor = \{ version = "0\.10\.0", features = \["platform-cortex-m"/);
    assert.ok(listFiles(dir).includes('crates/demo-embedded/memory.x'));
    const config = parseToml(read(dir, '.cargo/config.toml')) as { build: { target: string }; target: Record<string, { runner: string }> };
    assert.equal(config.build.target, 'thumbv6m-none-eabi');
    assert.match(Object.values(config.target)[0]!.runner, /^probe-rs run --chip RP2040/);
    const toolchain = parseToml(read(dir, 'rust-toolchain.toml')) as { toolchain: { targets: string[] } };
    assert.deepEqual(toolchain.toolchain.targets, ['thumbv6m-none-eabi']);
  });

  test('wasm: a cdylib + rlib wasm-bindgen library', () => {
    const dir = dirOf('wasm');
    const member = parseToml(read(dir, 'crates/demo-wasm/Cargo.toml')) as { lib: { 'crate-type': string[] } };
    assert.deepEqual(member.lib['crate-type'], ['cdylib', 'rlib']);
    assert.match(read(dir, 'crates/demo-wasm/src/lib.rs'), /#\[wasm_bindgen/);
  });

  test('cli and lib: clap derive + serde + anyhow; thiserror', () => {
    const cli = read(dirOf('cli'), 'crates/demo-cli/src/main.rs');
    for (const needle of ['#[derive(Debug, Parser)]', 'use serde::Serialize;', 'anyhow::{Context, Result}']) assert.ok(cli.includes(needle), needle);
    assert.match(read(dirOf('lib'), 'crates/demo-lib/src/lib.rs'), /thiserror::Error/);
  });
});
