import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { resolveCompare } from '../../src/cli/commands/compare.js';
import { renderCompareText, renderTable, type CompareResult } from '../../src/report/kb-text.js';
import { colorsFor } from '../../src/util/color.js';

const kb = loadDefaultKb();
const ANSI = /\x1b\[[0-9;]*m/g;

function tooLong(text: string, width: number): string[] {
  return text
    .replace(ANSI, '')
    .split('\n')
    .filter((l) => l.length > width);
}

describe('compare: text', () => {
  it('every comparison fits 100 columns, with and without colors', async () => {
    const saved = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      for (const c of kb.comparisons) {
        for (const isTTY of [false, true]) {
          const { code, stdout, stderr } = await runCli(['compare', c.id], { isTTY });
          assert.equal(code, 0, stderr);
          assert.deepEqual(tooLong(stdout, 100), [], c.id);
          assert.ok(stdout.includes(c.title), c.id);
        }
      }
    } finally {
      if (saved !== undefined) process.env.NO_COLOR = saved;
    }
  });

  it('every layer and category resolves and fits 100 columns', async () => {
    for (const id of [...kb.layers.map((l) => l.id), ...kb.categories.map((c) => c.id)]) {
      const { code, stdout, stderr } = await runCli(['compare', id]);
      assert.equal(code, 0, `${id}: ${stderr}`);
      assert.deepEqual(tooLong(stdout, 100), [], id);
    }
  });

  it('cells wrap inside their columns at narrow widths', () => {
    const c = colorsFor(false);
    for (const width of [72, 60, 48]) {
      for (const comparison of kb.comparisons) {
        const result = resolveCompare(kb, comparison.id)!;
        // Source URLs stay whole (copyable) even when wider than a very narrow terminal.
        const bad = tooLong(renderCompareText(result, c, width), width).filter((l) => !/https:\/\//.test(l));
        assert.deepEqual(bad, [], `${comparison.id}@${width}`);
      }
    }
    const lines = renderTable(['Name', 'Text'], [['a', 'one two three four five six seven']], 20, c, { indent: '' });
    assert.deepEqual(lines, ['Name  Text', '────  ─────────────', 'a     one two three', '      four five six', '      seven']);
  });

  it('marks rows with the crate entry status and explains the marks', async () => {
    const { stdout } = await runCli(['compare', 'http-clients']);
    assert.match(stdout, /^ {2}✓ {2}reqwest /m);
    assert.match(stdout, /^ {2}✖ {2}surf /m);
    assert.match(stdout, /✓ recommended · ✖ deprecated, unmaintained or superseded by std/);
    assert.match(stdout, /Which crate should make my HTTP requests\?/);
    assert.match(stdout, /Sources\n/);
  });

  it('a layer shows all of its tables; layer-wide first, then by category', async () => {
    const { stdout } = await runCli(['compare', 'web']);
    const web = stdout.indexOf('Web frameworks (web-frameworks');
    const http = stdout.indexOf('HTTP clients (http-clients');
    assert.ok(web >= 0 && http > web, stdout);
  });

  it('a category or layer without a hand-written table lists every KB crate for it, best status first', async () => {
    const { code, stdout } = await runCli(['compare', 'lazy-init']);
    assert.equal(code, 0);
    assert.match(stdout, /Lazy initialization: every crate in the knowledge base/);
    for (const name of ['lazy_static', 'once_cell']) assert.match(stdout, new RegExp(`✖  ${name} +superseded-by-std`));
    const systems = resolveCompare(kb, 'systems')!;
    assert.equal(systems.tables.length, 1);
    assert.equal(systems.tables[0]!.curated, false);
    assert.equal(systems.tables[0]!.rows.length, [...kb.crates.values()].filter((e) => e.layer === 'systems').length);
  });

  it('a comparison id wins over a category of the same name; a category finds layer-wide tables', () => {
    assert.equal(resolveCompare(kb, 'native-gui')!.matched, 'comparison');
    const orm = resolveCompare(kb, 'orm')!;
    assert.equal(orm.matched, 'category');
    assert.deepEqual(orm.tables.map((t) => t.id), ['database-crates']);
    assert.equal(resolveCompare(kb, 'Web_Frameworks')!.tables[0]!.id, 'web-frameworks');
  });

  it('exits 2 for an unknown topic, listing layers, categories and comparison ids', async () => {
    const { code, stdout, stderr } = await runCli(['compare', 'webb']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^error: unknown layer, category or comparison "webb"\n/);
    assert.match(stderr, /did you mean web\b/);
    assert.match(stderr, /layers: toolchain, async-runtime, web,/);
    assert.match(stderr, /comparisons: async-runtimes,/);
    assert.match(stderr, /categories: toolchain-component,/);
    for (const id of [...kb.layers.map((l) => l.id), ...kb.comparisons.map((c) => c.id), ...kb.categories.map((c) => c.id)]) assert.ok(stderr.includes(id), id);
    const crate = await runCli(['compare', 'tokio']);
    assert.equal(crate.code, 2);
    assert.match(crate.stderr, /"tokio" is a crate: try `cargo-stack explain tokio` or `cargo-stack compare async-runtimes`/);
  });
});

describe('compare: json', () => {
  it('emits the table data with each row\'s status from its crate entry', async () => {
    const { code, stdout } = await runCli(['compare', 'web', '--format', 'json']);
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as CompareResult;
    assert.equal(json.query, 'web');
    assert.equal(json.matched, 'layer');
    assert.deepEqual(json.tables.map((t) => t.id), ['web-frameworks', 'http-clients']);
    const table = json.tables[0]!;
    assert.deepEqual(Object.keys(table), ['id', 'curated', 'title', 'layer', 'category', 'question', 'columns', 'rows', 'notes', 'sources']);
    assert.equal(table.curated, true);
    assert.deepEqual(table.layer, { id: 'web', title: 'Web and networking' });
    assert.deepEqual(table.columns.map((c) => c.key), ['style', 'base', 'latest', 'use']);
    const axum = table.rows.find((r) => r.crate === 'axum')!;
    assert.deepEqual(axum, { crate: 'axum', status: 'recommended', latest: '0.8.9', values: { style: 'extractors', base: 'hyper + tower', latest: '0.8.9', use: 'default backend' }, note: null });
    assert.equal(table.rows.find((r) => r.crate === 'rocket')!.note, 'No release since 0.5.1 (2024-05-23).');
    assert.equal(json.tables[1]!.rows.find((r) => r.crate === 'surf')!.status, 'unmaintained');
  });
});
