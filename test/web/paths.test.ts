import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTarget, readWorkspaceFile } from '../../src/web/paths.js';

test('parseTarget decodes each segment once and keeps the query', () => {
  const t = parseTarget('/kb/crates/serde%5Fyaml?q=a%20b#frag');
  assert.ok(t.ok);
  assert.deepEqual(t.segments, ['kb', 'crates', 'serde_yaml']);
  assert.equal(t.query.get('q'), 'a b');
  const root = parseTarget('/');
  assert.ok(root.ok);
  assert.deepEqual(root.segments, []);
  const trailing = parseTarget('/kb/');
  assert.ok(trailing.ok);
  assert.deepEqual(trailing.segments, ['kb']);
});

test('parseTarget refuses traversal, encoded traversal, encoded slashes, NUL and absolute-form targets', () => {
  for (const bad of [
    '/files/../../etc/passwd',
    '/files/./Cargo.toml',
    '/files/%2e%2e/%2e%2e/etc/passwd',
    '/files/%2E%2E/etc/passwd',
    '/files/..%2f..%2fetc%2fpasswd',
    '/files/%2fetc%2fpasswd',
    '/files/..%5c..%5cetc',
    '//etc/passwd',
    '/files//etc/passwd',
    '/files/Cargo.toml%00.png',
    '/files/%E0%A4%A',
    'http://127.0.0.1/etc/passwd',
    '*',
  ]) {
    assert.equal(parseTarget(bad).ok, false, bad);
  }
  // Double encoding decodes once, to a literal (harmless) name.
  const double = parseTarget('/files/%252e%252e/%252e%252e/etc/passwd');
  assert.ok(double.ok);
  assert.deepEqual(double.segments, ['files', '%2e%2e', '%2e%2e', 'etc', 'passwd']);
});

function workspace(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'cargo-stack-paths-'));
  const root = join(base, 'ws');
  mkdirSync(join(root, 'crates', 'a', 'src'), { recursive: true });
  mkdirSync(join(root, '.git'), { recursive: true });
  writeFileSync(join(root, 'Cargo.toml'), '[workspace]\n');
  writeFileSync(join(root, 'crates', 'a', 'src', 'lib.rs'), 'pub fn a() {}\n');
  writeFileSync(join(root, '.git', 'config.toml'), 'secret\n');
  writeFileSync(join(root, '.env'), 'TOKEN=secret\n');
  writeFileSync(join(root, 'binary.toml'), 'a\0b');
  const outside = join(base, 'secret.toml');
  writeFileSync(outside, 'password = "hunter2"\n');
  symlinkSync(outside, join(root, 'leak.toml'));
  symlinkSync(base, join(root, 'up'));
  return { root, outside };
}

test('readWorkspaceFile serves manifests and sources inside the workspace', () => {
  const { root } = workspace();
  const file = readWorkspaceFile(root, ['crates', 'a', 'src', 'lib.rs']);
  assert.ok(file.ok);
  assert.equal(file.text, 'pub fn a() {}\n');
  assert.equal(readWorkspaceFile(root, ['Cargo.toml']).ok, true);
});

test('readWorkspaceFile refuses symlinks out of the workspace, dot files, VCS dirs, other kinds and binaries', () => {
  const { root, outside } = workspace();
  const expect = (segments: string[], status: number): void => {
    const r = readWorkspaceFile(root, segments);
    assert.equal(r.ok, false, segments.join('/'));
    if (!r.ok) assert.equal(r.status, status, segments.join('/'));
  };
  expect(['leak.toml'], 403);
  expect(['up', 'secret.toml'], 403);
  expect(['.git', 'config.toml'], 403);
  expect(['.env'], 403);
  expect(['binary.toml'], 403);
  expect(['missing.toml'], 404);
  expect([], 404);
  // An absolute path given as segments is still joined under the root.
  expect([...outside.split('/').filter(Boolean)], 404);
  expect(['%2e%2e', 'secret.toml'], 404);
});

test('readWorkspaceFile never shows Cargo credentials or a config that holds a registry token', () => {
  const { root } = workspace();
  mkdirSync(join(root, 'cargo-home'), { recursive: true });
  writeFileSync(join(root, 'cargo-home', 'credentials.toml'), '[registry]\ntoken = "cio-secret"\n');
  writeFileSync(join(root, 'cargo-home', 'config.toml'), '[registries.corp]\nindex = "sparse+https://corp.example/"\ntoken = "corp-secret"\n');
  symlinkSync(join(root, 'cargo-home', 'credentials.toml'), join(root, 'innocent.toml'));
  for (const segments of [['cargo-home', 'credentials.toml'], ['cargo-home', 'config.toml'], ['innocent.toml']]) {
    const r = readWorkspaceFile(root, segments);
    assert.equal(r.ok, false, segments.join('/'));
    if (!r.ok) assert.equal(r.status, 403, segments.join('/'));
  }
});
