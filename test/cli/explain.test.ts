import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { STATUSES } from '../../src/kb/schema.js';
import { explainJson, renderExplainText, STATUS_TEXT, textWidth, wrap, type ExplainJson } from '../../src/report/kb-text.js';
import { colorsFor } from '../../src/util/color.js';

const kb = loadDefaultKb();
const plain = colorsFor(false);
const ANSI = /\x1b\[[0-9;]*m/g;

/** Lines longer than `width`, ignoring ones that hold an unbreakable URL (kept whole to stay copyable). */
function overflowing(text: string, width: number): string[] {
  return text
    .replace(ANSI, '')
    .split('\n')
    .filter((l) => l.length > width && !/https:\/\/\S{20,}/.test(l));
}

describe('explain: text', () => {
  it('shows layer, category, status meaning, latest, pick/avoid, migrations, corrections and dated sources', async () => {
    const { code, stdout, stderr } = await runCli(['explain', 'axum']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^axum {2}✓ recommended\n/);
    assert.match(stdout, /layer +Web and networking \(web\)/);
    assert.match(stdout, /category +Web framework \(web-framework\)/);
    assert.ok(stdout.includes(`recommended: ${STATUS_TEXT.recommended}`));
    assert.match(stdout, /latest +0\.8\.9 /);
    assert.match(stdout, /Pick when\n {2}• Default choice/);
    assert.match(stdout, /Avoid when\n/);
    assert.match(stdout, /Migrations\n {2}• 0\.7 → 0\.8: Route paths use/);
    assert.match(stdout, /The survey says: "axum 0\.8 example/);
    assert.match(stdout, /In fact: In axum 0\.8 that route panics/);
    assert.match(stdout, /https:\/\/github\.com\/tokio-rs\/axum \(reviewed 2026-11-25\)/);
    assert.match(stdout, /cargo-stack compare web-frameworks/);
    assert.doesNotMatch(stdout, ANSI);
  });

  it('shows replacements (crates and std items with their Rust version) and the advisory', async () => {
    const asyncStd = await runCli(['explain', 'async-std']);
    assert.equal(asyncStd.code, 0);
    assert.match(asyncStd.stdout, /✖ deprecated/);
    assert.match(asyncStd.stdout, /Replacements\n {2}→ smol: /);
    assert.match(asyncStd.stdout, /advisory +RUSTSEC-2025-0052 https:\/\/rustsec\.org\/advisories\/RUSTSEC-2025-0052\.html/);
    const lazy = await runCli(['explain', 'lazy_static']);
    assert.match(lazy.stdout, /→ std::sync::LazyLock \(std since Rust 1\.80\): /);
    const smol = await runCli(['explain', 'smol']);
    assert.match(smol.stdout, /Suggested as a replacement for\n.*async-std/);
  });

  it('matches names like crates.io (- and _, case) and aliases, and says when an alias matched', async () => {
    for (const name of ['lazy-static', 'LAZY_STATIC', 'Lazy_Static']) {
      const { code, stdout } = await runCli(['explain', name]);
      assert.equal(code, 0, name);
      assert.match(stdout, /^lazy_static {2}✖ superseded-by-std\n/, name);
      assert.doesNotMatch(stdout, /an alias of/, name);
    }
    const alias = await runCli(['explain', 'BTM']);
    assert.equal(alias.code, 0);
    assert.match(alias.stdout, /^bottom /);
    assert.match(alias.stdout, /\(you asked for "BTM", an alias of bottom\)/);
  });

  it('exits 2 for an unknown crate with "did you mean" suggestions, and prints nothing on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['explain', 'axim']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^error: unknown crate "axim"\n/);
    assert.match(stderr, /hint: did you mean axum\b/);
    assert.doesNotMatch(stderr, /\n\s+at /);
    const nothingClose = await runCli(['explain', 'qqqqqqqqqqqqqqqq']);
    assert.equal(nothingClose.code, 2);
    assert.doesNotMatch(nothingClose.stderr, /did you mean/);
    assert.match(nothingClose.stderr, /docs\/kb-guide\.md/);
    const missing = await runCli(['explain']);
    assert.equal(missing.code, 2);
  });

  it('colors only on a terminal: red for statuses that say move away', async () => {
    const saved = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      const { stdout } = await runCli(['explain', 'atty'], { isTTY: true });
      assert.match(stdout, /\x1b\[31m✖ unmaintained/);
    } finally {
      if (saved !== undefined) process.env.NO_COLOR = saved;
    }
  });

  it('every KB entry renders within the width (100, 60, 40) apart from whole URLs', () => {
    for (const width of [100, 60, 40]) {
      const bad = [...kb.crates.values()].flatMap((e) => overflowing(renderExplainText(explainJson(kb, e), e.name, plain, width), width).map((l) => `${e.name}@${width}: ${l}`));
      assert.deepEqual(bad, []);
    }
  });
});

describe('explain: json', () => {
  it('has a stable shape with titles, the status meaning, replacement statuses and cross references', async () => {
    const { code, stdout } = await runCli(['explain', 'Async_Std', '--format', 'json']);
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as ExplainJson;
    assert.deepEqual(Object.keys(json), [
      'name', 'aliases', 'kind', 'summary', 'latest', 'layer', 'category', 'status', 'scenarios', 'pickWhen', 'avoidWhen',
      'replacements', 'migrations', 'corrections', 'sources', 'advisory', 'comparedIn', 'replacementFor',
    ]);
    assert.equal(json.name, 'async-std');
    assert.deepEqual(json.layer, { id: 'async-runtime', title: 'Async runtime' });
    assert.deepEqual(json.status, { id: 'deprecated', meaning: STATUS_TEXT.deprecated });
    assert.equal(json.latest, null);
    assert.deepEqual(json.advisory, { id: 'RUSTSEC-2025-0052', url: 'https://rustsec.org/advisories/RUSTSEC-2025-0052.html' });
    assert.deepEqual(json.replacements.map((r) => r.crate), ['smol', 'tokio']);
    assert.equal(json.replacements[1]!.status, 'recommended');
    assert.ok(json.comparedIn.includes('async-runtimes'));
    assert.ok(json.sources.every((s) => /^\d{4}-\d{2}-\d{2}$/.test(s.reviewed)));
    const axum = JSON.parse((await runCli(['explain', 'axum', '-f', 'json'])).stdout) as ExplainJson;
    assert.equal(axum.latest, '0.8.9');
    assert.equal(axum.advisory, null);
    assert.ok(axum.migrations.length >= 1 && axum.corrections.length >= 1);
  });
});

describe('kb-text helpers', () => {
  it('STATUS_TEXT explains every status, each differently', () => {
    assert.deepEqual(Object.keys(STATUS_TEXT).sort(), [...STATUSES].sort());
    assert.equal(new Set(Object.values(STATUS_TEXT)).size, STATUSES.length);
  });

  it('textWidth uses the terminal width, capped at 100 and at least 40', () => {
    assert.equal(textWidth(undefined), 100);
    assert.equal(textWidth(0), 100);
    assert.equal(textWidth(80), 80);
    assert.equal(textWidth(250), 100);
    assert.equal(textWidth(20), 40);
  });

  it('wrap breaks at spaces, cuts overlong words unless told not to', () => {
    assert.deepEqual(wrap('a bb ccc dddd', 6), ['a bb', 'ccc', 'dddd']);
    assert.deepEqual(wrap('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(wrap('see https://example.com/long/path', 10, false), ['see', 'https://example.com/long/path']);
    assert.deepEqual(wrap('', 10), ['']);
  });
});
