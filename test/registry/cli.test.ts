import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { FIXTURES } from '../support/paths.js';
import type { RunResult } from '../../src/engine/run.js';
import { TestRegistry } from './support/server.js';
import { makeTarGz } from './support/tar-writer.js';
import { cleanTemps, FIXTURE_INDEX, tempDir } from './support/env.js';

const server = new TestRegistry().addIndexDir(FIXTURE_INDEX);
const saved = { ...process.env };
before(async () => {
  await server.start();
  const md = (id: string, pkg: string, patched: string) => `\`\`\`toml\n[advisory]\nid = "${id}"\npackage = "${pkg}"\ndate = "2024-01-01"\n\n[versions]\npatched = ["${patched}"]\n\`\`\`\n\n# Test advisory for ${pkg}\n`;
  server.files.set('/advisory-db.tar.gz', makeTarGz([{ path: 'advisory-db-main/crates/smallvec/RUSTSEC-2099-0001.md', data: md('RUSTSEC-2099-0001', 'smallvec', '>= 1.13.3') }], { comment: 'f'.repeat(40), mtime: Math.floor(Date.now() / 1000) }));
  process.env.CARGO_STACK_CACHE_DIR = tempDir();
  process.env.CARGO_STACK_CRATES_IO_INDEX = server.indexUrl;
  process.env.CARGO_STACK_ADVISORY_DB_URL = `${server.url}/advisory-db.tar.gz`;
  process.env.CARGO_HOME = tempDir();
});
after(async () => {
  process.env = saved;
  await server.stop();
  cleanTemps();
});

const fixture = join(FIXTURES, 'rules/security-vulnerability/good');

test('audit --offline on a fresh machine uses the shipped snapshot and says how old it is', async () => {
  const before = server.log.length;
  const run = await runCli(['audit', fixture, '--offline', '--only', 'security,deps/yanked', '--format', 'json']);
  assert.equal(server.log.length, before, 'no request while offline');
  const result = JSON.parse(run.stdout) as RunResult;
  const age = result.findings.find((f) => f.ruleId === 'security/vulnerability')!;
  assert.ok(age.messageId === 'dataAge' || age.messageId === 'stale', age.messageId);
  assert.match(age.message, /snapshot shipped with cargo-stack/);
  const yanked = result.findings.filter((f) => f.ruleId === 'deps/yanked').map((f) => f.messageId);
  assert.deepEqual(yanked, ['notChecked']);
});

test('audit online fetches the advisory archive and index files from the configured URLs; progress only on a TTY', async () => {
  const quiet = await runCli(['audit', fixture, '--only', 'security/vulnerability,deps/yanked', '--format', 'json']);
  assert.equal(quiet.stderr, '');
  const result = JSON.parse(quiet.stdout) as RunResult;
  assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.crate} ${f.data.id ?? ''}`), ['security/vulnerability smallvec RUSTSEC-2099-0001']);
  assert.ok(server.log.some((r) => r.path === '/advisory-db.tar.gz'));
  assert.ok(server.log.some((r) => r.path === '/index/sm/al/smallvec'));

  const tty = await runCli(['audit', fixture, '--only', 'deps/yanked', '--refresh'], { isTTY: true });
  assert.match(tty.stderr, /fetching registry index: 2\/2 crates/);
  assert.equal(server.log.at(-1)!.status, 304, '--refresh revalidates');
});
