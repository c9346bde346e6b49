import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { audit } from '../support/audit.js';
import { REPO_ROOT } from '../support/paths.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { colorsFor } from '../../src/util/color.js';
import type { RunResult } from '../../src/engine/run.js';

const demo = join(REPO_ROOT, 'examples/demo');
let cached: RunResult | undefined;
async function demoResult(): Promise<RunResult> {
  cached ??= await audit(demo);
  return cached;
}

test('SARIF output is valid SARIF 2.1.0 with rule metadata, help links and regions', async () => {
  const require = createRequire(import.meta.url);
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // ajv-draft-04 is CommonJS; the SARIF schema is draft-04 and has a pattern that is not valid with the `u` flag.
  const { default: Ajv } = require('ajv-draft-04') as { default: new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } } };
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  const result = await demoResult();
  const sarif = JSON.parse(renderSarif(result, ALL_RULES)) as {
    runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
  };
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
  const run = sarif.runs[0]!;
  assert.ok(run.results.length > 10);
  for (const r of run.results) {
    assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
    assert.match(run.tool.driver.rules[r.ruleIndex]!.helpUri, /^https:\/\/.*\/docs\/rules\/.+\.md$/);
    assert.ok(['error', 'warning', 'note'].includes(r.level));
    assert.ok(!r.locations[0]!.physicalLocation.artifactLocation.uri.startsWith('/'), 'URIs are relative to %SRCROOT%');
    assert.ok(r.locations[0]!.physicalLocation.region.startLine >= 1);
  }
  const axum = run.results.find((r) => r.ruleId === 'axum/v07-path-syntax');
  assert.equal(axum?.locations[0]!.physicalLocation.artifactLocation.uri, 'crates/api/src/main.rs');
});

test('SARIF: a file outside the workspace is an absolute file:// URI without %SRCROOT%', async () => {
  const result = structuredClone(await demoResult());
  const [first] = result.findings;
  first!.location = { file: '/home/dev/.cargo/config.toml', line: 3, column: 1 };
  const sarif = JSON.parse(renderSarif(result, ALL_RULES)) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
  const artifact = sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation;
  assert.deepEqual(artifact, { uri: 'file:///home/dev/.cargo/config.toml' });
  assert.equal(sarif.runs[0]!.results[1]!.locations[0]!.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
});

test('JSON output is the versioned run result', async () => {
  const json = JSON.parse(renderJson(await demoResult())) as RunResult;
  assert.equal(json.schemaVersion, 1);
  assert.equal(json.tool.name, 'cargo-stack');
  assert.equal(json.workspace.members.length, 4);
  assert.ok(json.stack.layers.some((l) => l.id === 'async-runtime' && l.crates.some((c) => c.name === 'async-std' && c.status === 'deprecated')));
  const f = json.findings.find((x) => x.ruleId === 'deps/deprecated' && x.crate === 'async-std')!;
  assert.deepEqual(Object.keys(f.location!).sort(), ['column', 'file', 'line']);
  assert.ok(f.fix.length > 0 && f.docs.endsWith('deps/deprecated.md'));
  assert.equal(json.summary.error + json.summary.warning + json.summary.note, json.findings.length);
});

test('Markdown output is a table for a pull-request comment, with cells escaped', async () => {
  const result = await demoResult();
  const md = renderMarkdown(result);
  assert.match(md, /^## cargo-stack audit/);
  assert.match(md, /\| severity \| rule \| location \| finding \| fix \|/);
  assert.match(md, /\[deps\/deprecated\]\(https:\/\/.*deps\/deprecated\.md\)/);
  const hostile: RunResult = { ...result, findings: [{ ...result.findings[0]!, message: 'a | b <script>' }] };
  assert.match(renderMarkdown(hostile), /a \\\| b &lt;script&gt;/);
});

test('text output: summary, stack map by layer, findings by severity; colors only on a terminal', async () => {
  const result = await demoResult();
  const plain = renderText(result, colorsFor(false));
  assert.doesNotMatch(plain, /\x1b\[/);
  assert.match(plain, /^cargo-stack \d+\.\d+\.\d+ · workspace at .* · 4 members/);
  assert.match(plain, /Stack map\n {2}async-runtime +tokio/);
  const errorsAt = plain.indexOf('  error  ');
  const notesAt = plain.indexOf('  note   ');
  assert.ok(errorsAt > 0 && notesAt > errorsAt, 'errors come before notes');
  const previous = process.env.NO_COLOR;
  delete process.env.NO_COLOR;
  try {
    assert.match(renderText(result, colorsFor(true)), /\x1b\[/);
  } finally {
    if (previous !== undefined) process.env.NO_COLOR = previous;
  }
});
