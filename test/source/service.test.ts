import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { createSourceService, prepareSources, type SourceScan } from '../../src/source/service.js';
import { FIXTURES } from '../support/paths.js';

const kb = loadDefaultKb();

function summary(scan: SourceScan): unknown {
  return {
    files: scan.files.map((f) => [f.path, [...f.kinds].sort(), f.refs.slice().sort(), f.parsed]),
    hits: ['async/blocking-in-async', 'async/runtime-main-in-lib'].map((id) => scan.hits(id).map((h) => [h.file.path, h.hit])),
    suppressions: scan.suppressions.map((s) => [s.file.path, s.line, s.rules, s.reason, [...s.used]]),
  };
}

test('two worker threads give exactly the in-process result', async () => {
  for (const fixture of ['source/targets', 'rules/suppression-unused/bad', 'rules/async-blocking-in-async/bad']) {
    const workspace = loadWorkspaceSync(join(FIXTURES, fixture));
    const inline = await createSourceService(workspace, { workers: 0 }).scan({ kb });
    const threaded = await createSourceService(workspace, { workers: 2 }).scan({ kb });
    assert.equal(threaded.stats.workers, 2);
    assert.deepEqual(summary(threaded), summary(inline), fixture);
    assert.deepEqual(threaded.problems, []);
  }
});

test('the scan runs once and is shared by every source rule', async () => {
  const service = createSourceService(loadWorkspaceSync(join(FIXTURES, 'source/targets')), { workers: 0 });
  const first = service.scan({ kb });
  assert.equal(service.scan({ kb }), first);
  const scan = await first;
  assert.equal(scan.stats.files, 19);
  assert.equal(scan.stats.parsed, 0, 'no rule token and no suppression: nothing is parsed');
});

test('prepareSources offers the sources capability unless --no-sources', async () => {
  const workspace = loadWorkspaceSync(join(FIXTURES, 'source/targets'));
  const on = await prepareSources(workspace, { offline: true, refresh: false, sources: true, licenses: false });
  assert.deepEqual(on.capabilities, ['sources']);
  assert.ok(on.services.sources);
  const off = await prepareSources(workspace, { offline: true, refresh: false, sources: false, licenses: false });
  assert.deepEqual(off, { services: {}, capabilities: [] });
});

test('suppressing() drops findings inside a suppression span and marks it used', async () => {
  const root = join(FIXTURES, 'rules/suppression-unused/bad');
  const scan = await createSourceService(loadWorkspaceSync(root), { workers: 0 }).scan({ kb });
  const kept: number[] = [];
  const report = scan.suppressing('async/blocking-in-async', (input) => kept.push(input.location!.line));
  const file = join(root, 'src/lib.rs');
  for (const line of [2, 7, 8, 16, 30]) report({ messageId: 'x', location: { file, line, column: 1 } });
  assert.deepEqual(kept, [16]);
  const b = scan.suppressions.find((s) => s.line === 5)!;
  assert.deepEqual([b.spanStart, b.spanEnd, b.reason], [5, 9, 'a one-off migration script; blocking is fine here']);
});
