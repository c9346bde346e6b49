import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceAudit, sourceFindings } from '../source/support.js';
import type { AuditConfig } from '../../src/engine/config.js';

const dir = join(FIXTURES, 'rules/async-blocking-in-async');

test('async/blocking-in-async reports std::fs, sleep, connects, reqwest::blocking and guards across .await', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, 'async/blocking-in-async');
  assert.deepEqual(places(findings, root), [
    'fs@src/lib.rs:29:17',
    'fs@src/lib.rs:7:16',
    'guard@src/lib.rs:22:21',
    'net@src/lib.rs:17:13',
    'reqwest@src/lib.rs:18:13',
    'sleep@src/lib.rs:13:5',
  ]);
  const calls = findings.map((f) => f.data.call).filter(Boolean).sort();
  assert.deepEqual(calls, ['reqwest::blocking::get', 'std::fs::File::open', 'std::fs::read_to_string', 'std::net::TcpStream::connect', 'std::thread::sleep']);
  // One finding per async body and kind: the second std::fs call of `load` is a related location.
  const load = findings.find((f) => f.data.call === 'std::fs::read_to_string')!;
  assert.equal(load.data.count, 2);
  assert.match(load.message, /\(and 1 more place\)$/);
  assert.deepEqual(load.related?.map((r) => `${r.location.line} ${r.message}`), ['8 blocks: `std::fs::write`']);
  const guard = findings.find((f) => f.messageId === 'guard')!;
  assert.equal(guard.data.guard, 'guard');
  assert.equal(guard.data.context, 'async fn `count`');
  assert.deepEqual(guard.related?.map((r) => r.location.line), [24]);
  assert.equal(findings.find((f) => f.data.call === 'std::fs::File::open')!.data.context, 'an async block');
});

test('async/blocking-in-async is quiet on async APIs, spawn_blocking, dropped guards, sync code and tests', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'good'), 'async/blocking-in-async'), []);
});

test('async/blocking-in-async reports tests when asked to', async () => {
  const root = join(dir, 'good');
  const { loadWorkspaceSync } = await import('../../src/project/workspace.js');
  const { loadConfig } = await import('../../src/engine/config.js');
  const { ALL_RULES } = await import('../../src/rules/index.js');
  const config: AuditConfig = loadConfig(loadWorkspaceSync(root), ALL_RULES);
  config.rules.set('async/blocking-in-async', { setting: 'warning', options: { tests: true }, location: { file: join(root, 'Cargo.toml'), line: 1, column: 1 } });
  const { runAudit } = await import('../../src/engine/run.js');
  const { loadDefaultKb } = await import('../../src/kb/load.js');
  const { createSourceService } = await import('../../src/source/service.js');
  const workspace = loadWorkspaceSync(root);
  const result = await runAudit(workspace, { kb: loadDefaultKb(), rules: ALL_RULES, only: ['async/blocking-in-async'], config, services: { sources: createSourceService(workspace, { workers: 0 }) }, capabilities: ['kb', 'sources'] });
  assert.deepEqual(places(result.findings, root), ['fs@src/lib.rs:34:17', 'sleep@tests/it.rs:3:5']);
});

test('async/blocking-in-async only looks at members that depend on an async runtime', async () => {
  const result = await sourceAudit(join(dir, 'no-runtime'), ['async/blocking-in-async']);
  assert.deepEqual(result.findings, []);
});

test('async/blocking-in-async reports fs-err (std::fs with better errors), not its tokio module', async () => {
  const root = join(dir, 'fs-err');
  const findings = await sourceFindings(root, 'async/blocking-in-async');
  assert.deepEqual(places(findings, root), ['fs@src/lib.rs:4:5']);
  assert.equal(findings[0]!.data.call, 'fs_err::create_dir_all');
  assert.deepEqual(findings[0]!.related?.map((r) => `${r.location.line} ${r.message}`), ['5 blocks: `fs_err::File::open`']);
});

test('async/blocking-in-async reports std::process::Command output/status, built in place or bound to a variable', async () => {
  const root = join(dir, 'process');
  const findings = await sourceFindings(root, 'async/blocking-in-async');
  assert.deepEqual(places(findings, root), ['process@src/lib.rs:11:8', 'process@src/lib.rs:4:15']);
  assert.deepEqual(findings.map((f) => f.data.call).sort(), ['std::process::Command::output', 'std::process::Command::status']);
});

test('async/blocking-in-async looks through closures that an adapter calls inline, not closures handed elsewhere', async () => {
  const root = join(dir, 'inline-closures');
  const findings = await sourceFindings(root, 'async/blocking-in-async');
  assert.deepEqual(places(findings, root), ['fs@src/lib.rs:2:26']);
  assert.equal(findings[0]!.data.context, 'async fn `sizes`');
});
