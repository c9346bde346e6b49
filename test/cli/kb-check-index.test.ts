import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, resolve, sep } from 'node:path';
import { defaultKbDir } from '../../src/kb/load.js';
import { compareWithIndex, indexPath, newestStable, parseIndexFile, runKbCheck } from '../../scripts/kb-check-index.js';
import { REPO_ROOT } from '../support/paths.js';

/** CI checks out the repo with shared/ beside it, as on developer machines (/work/main, /work/shared). */
const sharedDir = process.env.CARGO_STACK_SHARED ?? resolve(REPO_ROOT, '..', 'shared');
const indexDir = join(sharedDir, 'data', 'crates-index');
const hasIndex = existsSync(join(indexDir, 'config.json'));
const skip = hasIndex ? false : `no crates-index sample at ${indexDir}`;

function indexFile(path: string): string {
  return readFileSync(join(indexDir, path), 'utf8');
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runKbCheck(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** A throwaway KB holding only the given crates (layers/categories/toolchain copied from the real one). */
function tempKb(crates: Record<string, string | undefined>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-kb-'));
  for (const file of ['layers.toml', 'categories.toml', 'toolchain.toml']) cpSync(join(defaultKbDir(), file), join(dir, file));
  mkdirSync(join(dir, 'crates'));
  for (const [name, latest] of Object.entries(crates)) {
    writeFileSync(
      join(dir, 'crates', `${name}.toml`),
      [
        `name = "${name}"`,
        'layer = "foundations"',
        'category = "utility"',
        'status = "solid"',
        'summary = "Test entry."',
        ...(latest === undefined ? [] : [`latest = "${latest}"`]),
        '[[sources]]',
        'url = "https://example.com/"',
        'supports = "test"',
        'reviewed = 2026-11-25',
        '',
      ].join('\n'),
    );
  }
  return dir;
}

describe('kb-check-index: sparse index rules', () => {
  it('index paths follow the 1/, 2/, 3/x/, ab/cd/ layout, lower-cased', () => {
    assert.equal(indexPath('a'), '1/a');
    assert.equal(indexPath('xy'), '2/xy');
    assert.equal(indexPath('Syn'), '3/s/syn');
    assert.equal(indexPath('Serde'), 'se/rd/serde');
    assert.equal(indexPath('lazy_static'), 'la/zy/lazy_static');
    assert.equal(indexPath('Inflector'), 'in/fl/inflector');
  });

  it('newest is the highest stable, non-yanked version, not the last line', { skip }, () => {
    assert.equal(newestStable(parseIndexFile(indexFile('la/zy/lazy_static'))), '1.4.0');
    assert.equal(newestStable(parseIndexFile(indexFile('em/be/embedded-hal'))), '1.0.0');
    const errorChain = parseIndexFile(indexFile('er/ro/error-chain'));
    assert.deepEqual(errorChain.filter((v) => v.yanked).map((v) => v.vers), ['0.4.0', '0.4.1']);
    assert.equal(newestStable(errorChain), '0.12.4');
  });

  it('classifies an entry against index versions', () => {
    const versions = parseIndexFile(['{"vers":"1.0.0","yanked":false}', '{"vers":"1.1.0","yanked":true}', 'not json', '{"vers":"1.2.0-rc.1","yanked":false}', '{"vers":"0.9.0","yanked":false}'].join('\n'));
    assert.equal(versions.length, 4);
    assert.equal(compareWithIndex({ name: 'x', latest: '1.0.0' }, versions).state, 'ok');
    assert.equal(compareWithIndex({ name: 'x', latest: '0.9.0' }, versions).state, 'outdated');
    const yanked = compareWithIndex({ name: 'x', latest: '1.1.0' }, versions);
    assert.deepEqual([yanked.state, yanked.latestYanked, yanked.newest], ['yanked', true, '1.0.0']);
    assert.equal(compareWithIndex({ name: 'x', latest: '2.0.0' }, versions).state, 'not-in-index');
    assert.equal(compareWithIndex({ name: 'x', latest: '1.2.0-rc.1' }, versions).state, 'ahead');
    assert.equal(compareWithIndex({ name: 'x', latest: undefined }, versions).state, 'no-latest');
    assert.equal(compareWithIndex({ name: 'x', latest: '1.0.0' }, [{ vers: '1.0.0', yanked: false }, { vers: '2.0.0', yanked: true }]).state, 'ok');
  });
});

describe('kb-check-index: against a local index server', { skip }, () => {
  let server: Server;
  let url = '';
  const userAgents: string[] = [];
  const kbDirs: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      userAgents.push(req.headers['user-agent'] ?? '');
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^[/\\]+/, '');
      const file = join(indexDir, path);
      if (!file.startsWith(indexDir + sep) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  after(() => {
    server.close();
    for (const dir of kbDirs) rmSync(dir, { recursive: true, force: true });
  });

  const kbWith = (crates: Record<string, string | undefined>): string => {
    const dir = tempKb(crates);
    kbDirs.push(dir);
    return dir;
  };

  it('exits 0 when every entry matches, and names itself in the User-Agent', async () => {
    const kb = kbWith({ atty: '0.2.14', lazy_static: '1.4.0', 'embedded-hal': '1.0.0', dotenv: undefined });
    const { code, stdout, stderr } = await run(['--index-url', url, '--kb', kb]);
    assert.equal(code, 0, stdout + stderr);
    assert.match(stdout, /· 3 entries\n/);
    assert.match(stdout, /ok +lazy_static +1\.4\.0/);
    assert.match(stdout, /3 agree · 0 differ · 0 not checked\n$/);
    assert.ok(userAgents.length >= 4);
    for (const ua of userAgents) assert.match(ua, /^cargo-stack\/\d+\.\d+\.\d+\S* \(kb-check\)$/);
  });

  it('exits 1 when an entry is outdated, yanked, missing from the index or unknown to it', async () => {
    const kb = kbWith({ failure: '0.1.7', 'error-chain': '0.4.1', argh: '0.1.19', 'zz-no-such-crate': '1.0.0', atty: '0.2.14' });
    const { code, stdout } = await run(['--index-url', url.replace(/\/$/, ''), '--kb', kb]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /outdated +failure +KB latest 0\.1\.7, the index has 0\.1\.8/);
    assert.match(stdout, /yanked +error-chain +KB latest 0\.4\.1 is yanked; the newest is 0\.12\.4/);
    assert.match(stdout, /not-in-index +argh +KB latest 0\.1\.19 is not in the index; its newest is 0\.1\.12/);
    assert.match(stdout, /not-found +zz-no-such-crate +the index has no such crate/);
    assert.match(stdout, /1 agree · 4 differ · 0 not checked/);
  });

  it('checks only the crates named (names and aliases as crates.io matches them), from the real KB', async () => {
    const { code, stdout } = await run(['--index-url', url, 'ATTY', 'embedded_hal']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /· 2 entries\n {2}ok +atty +0\.2\.14\n {2}ok +embedded-hal +1\.0\.0\n/);
    const noLatest = await run(['--index-url', url, 'dotenvy']);
    assert.equal(noLatest.code, 0);
    assert.match(noLatest.stdout, /no-latest +dotenvy +the entry has no latest; the index's newest is 0\.15\.7/);
  });

  it('runs as a script with the same exit codes', async () => {
    const script = join(REPO_ROOT, 'dist', 'scripts', 'kb-check-index.js');
    const child = spawn(process.execPath, [script, '--index-url', url, 'argh'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(code, 1, stdout);
    assert.match(stdout, /not-in-index +argh/);
  });
});

describe('kb-check-index: failures exit 2 with a message', () => {
  it('an unreachable index says so and checks nothing', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const { code, stdout, stderr } = await run(['--index-url', `http://127.0.0.1:${port}/`, 'atty']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^error: cannot reach http:\/\/127\.0\.0\.1:\d+\/ \(ECONNREFUSED\); nothing was checked\n/);
    assert.match(stderr, /hint: this check needs the network/);
  });

  it('bad arguments and unknown crates', async () => {
    const unknown = await run(['--index-url', 'http://127.0.0.1:9/', 'axim']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^error: unknown crate "axim"; did you mean axum/);
    assert.equal((await run(['--bogus'])).code, 2);
    assert.equal((await run(['--timeout', 'soon'])).code, 2);
    assert.equal((await run(['--index-url', 'ftp://x/'])).code, 2);
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^kb-check-index: /);
  });
});
