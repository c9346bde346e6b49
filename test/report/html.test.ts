import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duplicateGroups, dependentCount, escapeHtml, renderHtml, renderReportBody, REPORT_SCRIPT, safeHref, vulnerableCrates } from '../../src/report/html.js';
import type { Finding } from '../../src/engine/finding.js';
import { audit } from '../support/audit.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';
import { HOSTILE, hostileResult, sampleResult } from '../fixtures/report/sample-result.js';

function count(haystack: string, needle: string | RegExp): number {
  return typeof needle === 'string' ? haystack.split(needle).length - 1 : [...haystack.matchAll(new RegExp(needle, 'g'))].length;
}

test('one self-contained file: nothing to fetch, one inline script allowed by its hash', () => {
  const html = renderHtml(sampleResult());
  assert.ok(html.startsWith('<!doctype html>'));
  assert.equal(count(html, /\ssrc=/), 0, 'no src attribute at all');
  assert.equal(count(html, '<link '), 1);
  assert.match(html, /<link rel="icon" href="data:image\/svg\+xml,/);
  assert.doesNotMatch(html, /@import|url\(/);
  assert.equal(count(html, '<script>'), 1);
  const hash = createHash('sha256').update(REPORT_SCRIPT, 'utf8').digest('base64');
  assert.ok(html.includes(`script-src &#39;sha256-${hash}&#39;`), 'CSP names the script hash');
  assert.match(html, /default-src &#39;none&#39;/);
  assert.match(html, /@media \(prefers-color-scheme: dark\)/);
  assert.match(html, /@media print/);
  assert.doesNotThrow(() => new Function(REPORT_SCRIPT));
});

test('hostile names, paths, messages and data are escaped everywhere', () => {
  const html = renderHtml(hostileResult());
  assert.ok(!html.includes(HOSTILE), 'the raw string never appears');
  assert.equal(count(html, '<script'), 1, 'only our script');
  assert.equal(count(html, '<img'), 0);
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.ok(html.includes(escapeHtml(HOSTILE)));
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(safeHref('javascript:alert(1)'), undefined);
  assert.equal(safeHref(' JavaScript:alert(1)'), undefined);
  assert.equal(safeHref('data:text/html,x'), undefined);
  assert.equal(safeHref('/rules/a/b'), '/rules/a/b');
  assert.equal(safeHref('file:///x/Cargo.toml'), 'file:///x/Cargo.toml');
});

test('stack map: every layer, chips coloured by status, member counts, vulnerable from security findings', () => {
  const result = sampleResult();
  const html = renderReportBody(result);
  assert.equal(count(html, /<li class="layer[" ]/), result.stack.layers.length + 1, 'layers plus "not in the knowledge base"');
  assert.match(html, /<details class="chip st-recommended" data-crate="tokio">.*?<span class="chip-count" title="2 members">2/);
  assert.match(html, /<details class="chip st-deprecated" data-crate="async-std">.*?DEPRECATED|<details class="chip st-deprecated" data-crate="async-std">.*?deprecated/);
  assert.match(html, /<details class="chip st-vulnerable" data-crate="time">/);
  assert.match(html, /<details class="chip st-superseded-by-std" data-crate="lazy_static">/);
  assert.match(html, /<details class="chip st-unclassified" data-crate="shop-internal-sdk">/);
  const unclassifiedRow = /<li class="layer" data-layer="unclassified">.*?<\/li><\/ul><\/li>/.exec(html)?.[0] ?? '';
  assert.match(unclassifiedRow, /data-crate="shop-internal-sdk"/);
  assert.doesNotMatch(unclassifiedRow, /chip-status/, 'the row title already says "not in the knowledge base"');
  assert.match(html, /<li class="layer layer-empty" data-layer="toolchain">/);
  assert.deepEqual([...vulnerableCrates(result.findings)], ['time']);
});

test('findings: one item each with filter data, docs link, location and fix; filter options with counts', () => {
  const result = sampleResult();
  const html = renderReportBody(result);
  assert.equal(count(html, '<li class="finding '), result.findings.length);
  assert.match(html, /<li class="finding sev-warning" data-severity="warning" data-layer="async-runtime" data-family="deps" data-member="shop-worker">/);
  assert.match(html, /<a href="https:\/\/github\.com\/cargo-stack\/cargo-stack\/blob\/main\/docs\/rules\/deps\/deprecated\.md" class="rule"/);
  assert.match(html, /<a href="file:\/\/\/work\/shop\/crates\/worker\/Cargo\.toml" class="loc"><code>crates\/worker\/Cargo\.toml:9:1<\/code><\/a>/);
  assert.match(html, /<p class="fix"><strong>Fix:<\/strong> Move to smol or tokio\.<\/p>/);
  assert.match(html, /<option value="warning">warning \(3\)<\/option>/);
  assert.match(html, /<option value="deps">deps \(3\)<\/option>/);
  assert.match(html, /<option value="shop-api">shop-api \(0\)<\/option>/);
  assert.match(html, /<form id="filters" class="filters" role="search" aria-label="Filter findings" hidden>/, 'filters appear only with the script');
  const none = renderReportBody({ ...sampleResult(), findings: [], summary: { error: 0, warning: 0, note: 0 } });
  assert.match(none, /Nothing to report/);
  assert.doesNotMatch(none, /id="filters"/);
});

test('the web app can point links at its own pages', () => {
  const html = renderReportBody(sampleResult(), { docs: (id) => `/rules/${id}`, location: (_l, rel) => (rel ? `/files/${rel}` : undefined), crate: (n) => `/kb/crates/${n}` });
  assert.match(html, /<a href="\/rules\/deps\/deprecated" class="rule"/);
  assert.match(html, /<a href="\/files\/crates\/worker\/Cargo\.toml" class="loc">/);
  assert.match(html, /<a href="\/kb\/crates\/time">time<\/a>/);
});

const dup = (partial: Partial<Finding>): Finding => ({ ruleId: 'deps/duplicate-versions', severity: 'note', messageId: 'duplicate', data: {}, message: '', fix: '', docs: 'd', ...partial });

test('duplicate versions from the rule data: versions, who pulls them in, best single upgrade', () => {
  const findings = [
    dup({ crate: 'thiserror', data: { crate: 'thiserror', causes: '1.0.69 via demo-core directly; 2.0.12 via sqlx 0.8.6 (demo-api), tonic and 3 more' } }),
    dup({ crate: 'syn', data: { causes: '1.0.109 via a; 2.0.1, 2.0.87 via b and c' } }),
    dup({ crate: 'thiserror 1.0.69', messageId: 'bestBump', message: 'Upgrading thiserror 1.0.69 (demo-core) could remove 2 duplicate versions', data: { dependency: 'thiserror 1.0.69' } }),
  ];
  const groups = duplicateGroups(findings);
  assert.deepEqual(
    groups.map((g) => [g.crate, g.versions.map((v) => [v.version, v.via])]),
    [
      ['syn', [['1.0.109', ['a']], ['2.0.1', ['b and c']], ['2.0.87', ['b and c']]]],
      ['thiserror', [['1.0.69', ['demo-core directly']], ['2.0.12', ['sqlx 0.8.6 (demo-api), tonic and 3 more']]]],
    ],
  );
  assert.equal(dependentCount(['sqlx 0.8.6 (demo-api), tonic and 3 more']), 5);
  assert.equal(dependentCount([]), 1);
  const html = renderReportBody({ ...sampleResult(), findings });
  assert.match(html, /Best single upgrade:<\/strong> Upgrading thiserror 1\.0\.69/);
  assert.match(html, /<span class="seg seg-1" style="flex-grow:5" title="thiserror 2\.0\.12: 5 dependents">2\.0\.12<\/span>/);
});

test('duplicate versions without `causes`: versions from data or message, dependents from related messages', () => {
  const loc = { file: '/w/Cargo.lock', line: 1, column: 1 };
  const groups = duplicateGroups([
    dup({ crate: 'rand', message: 'rand is locked at 0.7.3 and 0.8.5', related: [{ location: loc, message: 'rand 0.7.3 via old-crate' }, { location: loc, message: 'something else' }] }),
    dup({ data: { name: 'bitflags', versions: '1.3.2, 2.6.0' } }),
  ]);
  assert.deepEqual(groups.map((g) => [g.crate, g.versions.map((v) => [v.version, v.via]), g.notes]), [
    ['bitflags', [['1.3.2', []], ['2.6.0', []]], []],
    ['rand', [['0.7.3', ['rand 0.7.3 via old-crate']], ['0.8.5', []]], ['something else']],
  ]);
});

test('advisories: a table of crate advisories with severity; data problems listed above it', () => {
  const result = sampleResult();
  result.findings.push({ ruleId: 'security/vulnerability', severity: 'note', messageId: 'dataAge', data: {}, message: 'RustSec advisories from the snapshot, 40 days old', fix: '', docs: 'd' });
  const html = renderReportBody(result);
  assert.match(html, /<table class="advisories">/);
  assert.match(html, /<td class="advisory-id"><strong>RUSTSEC-2020-0071<\/strong>/);
  assert.match(html, /<span class="sev sev-error">error<\/span> <span class="muted">6\.2 medium<\/span>/);
  assert.match(html, /<ul class="data-notes"><li><span class="sev sev-note">note<\/span> RustSec advisories from the snapshot, 40 days old/);
  const advisory = result.findings.find((f) => f.ruleId === 'security/vulnerability' && f.crate !== undefined)!;
  advisory.data = { ...advisory.data, aliases: 'CVE-2020-26235, GHSA-wcg3-cvx6-7396' };
  assert.match(renderReportBody(result), /RUSTSEC-2020-0071<\/strong><br><span class="muted">CVE-2020-26235<\/span><br><span class="muted">GHSA-wcg3-cvx6-7396<\/span><\/td>/, 'one alias per line');
});

test('sections that found nothing say whether the check ran', () => {
  const base = sampleResult();
  const noRules = renderReportBody({ ...base, findings: [], rules: [] });
  assert.match(noRules, /Duplicate versions: not checked, this version has no such rule\./);
  assert.match(noRules, /Security advisories: not checked, this version has no such rule\./);
  const skipped = renderReportBody({ ...base, findings: [], rules: base.rules.map((r) => ({ ...r, skipped: 'needs lockfile' })) });
  assert.match(skipped, /Duplicate versions: not checked \(needs lockfile\)\./);
  const clean = renderReportBody({ ...base, findings: [] });
  assert.match(clean, /Duplicate versions: none found\./);
});

test('a real audit renders every finding once', async () => {
  const result = await audit(join(REPO_ROOT, 'examples', 'demo'));
  const html = renderHtml(result);
  assert.equal(count(html, '<li class="finding '), result.findings.length);
  for (const layer of result.stack.layers) assert.ok(html.includes(`data-layer="${layer.id}"`));
});

test('audit --format html --output writes the report', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'cargo-stack-html-')), 'report.html');
  const { code, stderr } = await runCli(['audit', join(REPO_ROOT, 'test', 'fixtures', 'report', 'shop'), '--format', 'html', '--output', out, '--offline', '--fail-on', 'never']);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /wrote html report to/);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /data-crate="async-std"/);
});
