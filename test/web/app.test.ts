import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDefaultKb, type Kb } from '../../src/kb/load.js';
import { copyWorkspace, hostileWorkspace, raw, serve } from './support.js';

const HOSTILE = `<img src=x onerror=alert(1)>&"'`;

test('pages answer on 127.0.0.1 with security headers', async () => {
  const server = await serve(copyWorkspace());
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    for (const [path, text] of [
      ['/', 'Re-run audit'],
      ['/kb', 'Knowledge base'],
      ['/kb?q=tokio', 'Exact match'],
      ['/kb/crates/tokio', 'Pick it when'],
      ['/kb/crates/TOKIO', 'Pick it when'],
      ['/kb/compare', 'Async runtimes'],
      ['/kb/compare/async-runtimes', 'Which executor'],
      ['/rules', 'deps/deprecated'],
      ['/rules/deps/deprecated', '<h2 id="what-it-does">What it does</h2>'],
      ['/files/crates/worker/Cargo.toml', 'id="L7"'],
    ] as const) {
      const res = await raw(server.port, path);
      assert.equal(res.status, 200, path);
      assert.ok(res.body.includes(text), `${path} shows ${text}`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'.*script-src 'self'/);
      assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
    }
    const css = await raw(server.port, '/assets/report.css');
    assert.equal(css.status, 200);
    assert.match(String(css.headers['content-type']), /^text\/css/);
    const head = await raw(server.port, '/', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  } finally {
    await server.close();
  }
});

test('the audit page links findings to rule pages, files and KB entries', async () => {
  const server = await serve(copyWorkspace());
  try {
    const { body } = await raw(server.port, '/');
    assert.match(body, /<a href="\/rules\/deps\/deprecated"[^>]*>deps\/deprecated<\/a>/);
    assert.match(body, /<a href="\/files\/crates\/worker\/Cargo\.toml#L\d+" class="loc">/);
    assert.match(body, /<a href="\/kb\/crates\/async-std">Knowledge base entry<\/a>/);
    assert.doesNotMatch(body, /<script>/, 'no inline script: the CSP allows only /assets');
  } finally {
    await server.close();
  }
});

test('nothing outside the workspace can be read: traversal, encoded, double-encoded, absolute, NUL, symlinks', async () => {
  const root = copyWorkspace();
  writeFileSync(join(root, '..', 'outside-secret.toml'), 'secret = "TOP-SECRET-1"\n');
  symlinkSync('/etc/passwd', join(root, 'passwd.toml'));
  symlinkSync(join(root, '..'), join(root, 'parent'));
  const server = await serve(root);
  try {
    const attempts = [
      '/files/../outside-secret.toml',
      '/files/../../../../etc/passwd',
      '/files/%2e%2e/outside-secret.toml',
      '/files/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
      '/files/.%2e/outside-secret.toml',
      '/files/..%2foutside-secret.toml',
      '/files/%2e%2e%2foutside-secret.toml',
      '/files/%252e%252e/outside-secret.toml',
      '/files/%252e%252e%252foutside-secret.toml',
      '/files/..%5coutside-secret.toml',
      '/files//etc/passwd',
      '/files/%2fetc%2fpasswd',
      '/files/etc/passwd',
      '/files/Cargo.toml%00.png',
      '/files/%00',
      '/files/passwd.toml',
      '/files/parent/outside-secret.toml',
      '/../etc/passwd',
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/rules/../../package.json',
      '/rules/%2e%2e/%2e%2e/package',
      '/kb/crates/..%2f..%2fpackage.json',
      '/kb/compare/%2e%2e',
      'http://127.0.0.1/etc/passwd',
    ];
    for (const path of attempts) {
      const res = await raw(server.port, path);
      assert.notEqual(res.status, 200, path);
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status}`);
      assert.doesNotMatch(res.body, /TOP-SECRET|root:x:0|"devDependencies"/, path);
    }
  } finally {
    await server.close();
  }
});

test('every value is escaped: hostile paths, names, messages and KB text', async () => {
  const dir = hostileWorkspace(HOSTILE);
  const base = loadDefaultKb();
  const atty = base.crates.get('atty')!;
  const kb: Kb = { ...base, crates: new Map(base.crates).set('atty', { ...atty, summary: `<script>alert(1)</script>${HOSTILE}`, pickWhen: [HOSTILE] }) };
  const server = await serve(dir, { kb });
  try {
    const pages = ['/', '/kb', '/kb/crates/atty', `/kb/crates/${encodeURIComponent(HOSTILE)}`, `/files/crates/${encodeURIComponent(HOSTILE)}/Cargo.toml`, `/files/crates/${encodeURIComponent(HOSTILE)}/src/main.rs`, `/rules/${encodeURIComponent(HOSTILE)}`];
    for (const path of pages) {
      const res = await raw(server.port, path);
      assert.ok([200, 404].includes(res.status), `${path}: ${res.status}`);
      assert.doesNotMatch(res.body, /<img|<script>|onerror=alert\(1\)>/, path);
    }
    const audit = await raw(server.port, '/');
    assert.ok(audit.body.includes('&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;'));
    const source = await raw(server.port, `/files/crates/${encodeURIComponent(HOSTILE)}/src/main.rs`);
    assert.equal(source.status, 200);
    assert.ok(source.body.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
  } finally {
    await server.close();
  }
});

test('Host and Origin checks stop DNS rebinding and cross-site re-runs; methods are checked', async () => {
  const server = await serve(copyWorkspace());
  try {
    assert.equal((await raw(server.port, '/', { headers: { host: 'evil.example' } })).status, 421);
    assert.equal((await raw(server.port, '/', { headers: { host: `localhost:${server.port}` } })).status, 200);
    const own = `http://127.0.0.1:${server.port}`;
    assert.equal((await raw(server.port, '/audit', { method: 'POST', headers: { origin: 'http://evil.example' } })).status, 403);
    assert.equal((await raw(server.port, '/audit', { method: 'POST', headers: { origin: 'null' } })).status, 403);
    assert.equal((await raw(server.port, '/audit', { method: 'POST', headers: { origin: own, 'sec-fetch-site': 'cross-site' } })).status, 403);
    assert.equal((await raw(server.port, '/audit', { method: 'POST', headers: { 'sec-fetch-site': 'same-site' } })).status, 403);
    assert.equal((await raw(server.port, '/audit', { method: 'POST', headers: { origin: own, 'sec-fetch-site': 'same-origin' } })).status, 303);
    assert.equal((await raw(server.port, '/favicon.ico')).status, 200);
    assert.equal((await raw(server.port, '/audit')).status, 405);
    assert.equal((await raw(server.port, '/', { method: 'PUT' })).status, 405);
    assert.equal((await raw(server.port, '/nope')).status, 404);
  } finally {
    await server.close();
  }
});

test('re-run audits the workspace again and shows what changed', async () => {
  const root = copyWorkspace();
  const server = await serve(root);
  try {
    const before = await raw(server.port, '/');
    assert.doesNotMatch(before.body, /ansi_term is unmaintained/);
    appendFileSync(join(root, 'crates', 'cli', 'Cargo.toml'), 'ansi_term = "0.12"\n');
    const rerun = await raw(server.port, '/audit', { method: 'POST', headers: { origin: `http://127.0.0.1:${server.port}` } });
    assert.equal(rerun.status, 303);
    assert.equal(rerun.headers.location, '/');
    const after = await raw(server.port, '/');
    assert.match(after.body, /ansi_term is unmaintained/);
    // A workspace that breaks keeps the last good audit on screen, with the error above it.
    mkdirSync(join(root, 'crates', 'broken'));
    writeFileSync(join(root, 'Cargo.toml'), '[workspace\n');
    await raw(server.port, '/audit', { method: 'POST' });
    const broken = await raw(server.port, '/');
    assert.match(broken.body, /The last audit failed/);
    assert.match(broken.body, /ansi_term is unmaintained/);
  } finally {
    await server.close();
  }
});
