import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const ID = 'async/multiple-runtimes';
const dir = join(FIXTURES, 'rules/async-multiple-runtimes');

test('async/multiple-runtimes reports each binary that links two runtimes, directly, by path or through the lockfile', async () => {
  const root = join(dir, 'binary');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => `${f.member} ${f.crate} ${f.severity} ${where(f, root)}`).sort(), [
    'app smol warning binary@lib-a/Cargo.toml:7:1',
    'app2 async-std warning binary@app2/Cargo.toml:8:1',
  ]);
  const app = findings.find((f) => f.member === 'app')!;
  assert.equal(app.data.runtimes, 'tokio (direct dependency); smol (through workspace member lib-a)');
  assert.equal(app.data.main, 'tokio');
  assert.equal(app.layer, 'async-runtime');
  assert.deepEqual(app.related?.map((r) => `${r.location.file.slice(root.length + 1)}:${r.location.line}`), ['app/Cargo.toml:7']);
  const app2 = findings.find((f) => f.member === 'app2')!;
  assert.equal(app2.data.runtimes, 'tokio (direct dependency); async-std (via surf → http-client → async-std)');
  assert.equal(app2.data.extra, 'async-std');
});

test('async/multiple-runtimes reports once per workspace, as a note, when no binary mixes runtimes', async () => {
  const root = join(dir, 'workspace');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${f.severity} ${where(f, root)}`), ['smol note workspace@tool/Cargo.toml:7:1']);
  assert.equal(findings[0]!.data.count, 2);
});

test('async/multiple-runtimes ignores optional runtimes, dev-dependencies, futures-executor and tokio-based actix-rt', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
});
