import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prestartWorkers, scanAll } from '../../src/source/pool.js';
import type { FileTask } from '../../src/source/scan-file.js';
import { FIXTURES, REPO_ROOT } from '../support/paths.js';

const unsafeModule = { id: 'unsafe/usage', url: new URL('../../src/rules/unsafe/usage.js', import.meta.url).href, options: {} };
const files = ['rules/unsafe-usage/bad/core/src/lib.rs', 'rules/unsafe-usage/bad/core/src/ffi.rs', 'rules/async-blocking-in-async/bad/src/lib.rs'].map((p) => join(FIXTURES, p));
// Enough tasks that the workers and the calling thread all take some.
const tasks: FileTask[] = Array.from({ length: 300 }, (_, i) => ({ path: files[i % files.length]!, rules: ['unsafe/usage'], strings: false }));
const summary = (results: { path: string; hits: Record<string, unknown> }[]): string[] => results.map((r) => `${r.path} ${JSON.stringify(r.hits)}`).sort();

test('worker threads and the calling thread together scan every file exactly once, as the calling thread alone does', async () => {
  const alone = await scanAll(tasks, [unsafeModule], { workers: 0 });
  const together = await scanAll(tasks, [unsafeModule], { workers: 2 });
  assert.equal(together.results.length, tasks.length);
  assert.deepEqual(summary(together.results), summary(alone.results));
  assert.deepEqual(together.errors, []);
  // Distinct paths (unreadable ones: each still gets its result), so a file scanned twice and one lost would show.
  const distinct: FileTask[] = Array.from({ length: 500 }, (_, i) => ({ path: join(FIXTURES, `missing-${i}.rs`), rules: ['unsafe/usage'], strings: false }));
  const paths = (await scanAll(distinct, [unsafeModule], { workers: 2 })).results.map((r) => r.path).sort();
  assert.deepEqual(paths, distinct.map((t) => t.path).sort());
});

test('a worker that ends before it is done does not hang the scan: its files are parsed on the calling thread', async () => {
  const exits = { id: 'x/exits', url: pathToFileURL(join(FIXTURES, 'source/scanners/exits.mjs')).href };
  const many: FileTask[] = Array.from({ length: 200 }, (_, i) => ({ path: files[i % files.length]!, rules: ['x/exits'], strings: false }));
  const result = await scanAll(many, [exits], { workers: 1 });
  assert.equal(result.results.length, many.length);
  assert.ok(result.results.every((r) => r.parsed));
});

test('two CI requests to one prestarted worker: the process stays alive until both are answered', () => {
  const pool = pathToFileURL(join(REPO_ROOT, 'dist/src/source/pool.js')).href;
  const a = join(FIXTURES, 'rules/ci-missing-checks/makefile');
  const b = join(FIXTURES, 'rules/ci-missing-checks/gitlab');
  const script = `const { prestartWorkers, analyzeCiInWorker } = await import(${JSON.stringify(pool)});
    prestartWorkers(1);
    const first = analyzeCiInWorker(${JSON.stringify(a)});
    const second = analyzeCiInWorker(${JSON.stringify(b)});
    await first;
    const { config } = await second;
    console.log('answered', config.files.length);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^answered [1-9]/);
});

test('prestarted workers are adopted by the next scan, with the scan\'s own scanners and options', async () => {
  prestartWorkers(2);
  const result = await scanAll(tasks, [unsafeModule], { workers: 2 });
  assert.equal(result.results.length, tasks.length);
  assert.deepEqual(summary(result.results), summary((await scanAll(tasks, [unsafeModule], { workers: 0 })).results));
});

test('a scanner module that cannot be loaded is an error of its rule, from the workers too', async () => {
  const broken = { id: 'x/broken', url: new URL('../../src/util/text.js', import.meta.url).href };
  const result = await scanAll(tasks.slice(0, 60), [unsafeModule, broken], { workers: 1 });
  assert.equal(result.results.length, 60);
  assert.match(result.errors.find((e) => e.rule === 'x/broken')?.message ?? '', /does not export a scanner/);
});

test('a prestarted worker analyzes CI while it waits, with the same result as the main thread; a worker that ends first leaves it to the caller', async () => {
  const { analyzeCiInWorker } = await import('../../src/source/pool.js');
  const { analyzeCi, ciAnalysisFor, preloadCiAnalysis } = await import('../../src/ci/bundle.js');
  const root = join(FIXTURES, 'rules/ci-missing-checks/makefile');
  assert.equal(analyzeCiInWorker(root), undefined, 'no prestarted worker, no request');
  prestartWorkers(1);
  const pending = analyzeCiInWorker(root);
  assert.ok(pending);
  assert.deepEqual(await pending, analyzeCi(root));
  // The scan adopts the worker, or ends it when it needs none (here: no tasks).
  await scanAll([], [unsafeModule], { workers: 1 });

  prestartWorkers(1);
  const early = analyzeCiInWorker(root)!;
  await scanAll([], [unsafeModule], { workers: 0 });
  await assert.rejects(early);
  const workspace = { root };
  preloadCiAnalysis(workspace, analyzeCiInWorker(root) ?? Promise.reject(new Error('none')));
  assert.deepEqual(await ciAnalysisFor(workspace), analyzeCi(root));
});
