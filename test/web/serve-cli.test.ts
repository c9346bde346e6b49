import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';
import { raw, SHOP } from './support.js';

const BIN = join(REPO_ROOT, 'bin', 'cargo-stack.js');

function start(args: string[]): { child: ChildProcess; url: Promise<string>; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/\S+\//.exec(out);
      if (m) resolve(m[0]);
    });
    void exit.then((code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  return { child, url, stderr: () => err, exit };
}

test('serve prints its 127.0.0.1 URL, answers, and stops cleanly on SIGTERM', async () => {
  const run = start([SHOP, '--port', '0', '--offline']);
  try {
    const url = await run.url;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await raw(Number(new URL(url).port), '/');
    assert.equal(res.status, 200);
    assert.match(res.body, /shop-worker/);
  } finally {
    run.child.kill('SIGTERM');
  }
  assert.equal(await run.exit, 0);
});

test('--host other than loopback warns that the workspace is exposed', async () => {
  const run = start([SHOP, '--port', '0', '--offline', '--host', '0.0.0.0']);
  try {
    const url = await run.url;
    assert.match(url, /^http:\/\/localhost:\d+\/$/);
    assert.match(run.stderr(), /warning: listening on 0\.0\.0\.0/);
  } finally {
    run.child.kill('SIGTERM');
  }
  assert.equal(await run.exit, 0);
});

test('bad ports, busy ports and unreadable workspaces exit 2 with a message', async () => {
  const bad = await runCli(['serve', SHOP, '--port', 'http']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--port must be a number/);
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const port = (blocker.address() as { port: number }).port;
    const busy = await runCli(['serve', SHOP, '--port', String(port), '--offline']);
    assert.equal(busy.code, 2);
    assert.match(busy.stderr, /already in use/);
  } finally {
    blocker.close();
  }
  const missing = await runCli(['serve', '/definitely/not/here']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does not exist/);
});
