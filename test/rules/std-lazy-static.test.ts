import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/std-lazy-static');
const ID = 'std/lazy-static';

test('std/lazy-static reports lazy_static! and once_cell types, one finding per file and item', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['replace@src/cell.rs:1:1', 'replace@src/cell.rs:1:1', 'replace@src/lib.rs:4:1', 'replace@src/lib.rs:4:1', 'replace@src/lib.rs:7:1']);
  const summary = findings.map((f) => `${f.data.item} -> ${f.data.replacement} x${f.data.count}`).sort();
  assert.deepEqual(summary, [
    'lazy_static! -> std::sync::LazyLock x2',
    'once_cell::sync::Lazy -> std::sync::LazyLock x3',
    'once_cell::sync::OnceCell -> std::sync::OnceLock x1',
    'once_cell::unsync::Lazy -> std::cell::LazyCell x1',
    'once_cell::unsync::OnceCell -> std::cell::OnceCell x1',
  ]);
  const lazy = findings.find((f) => f.data.item === 'once_cell::sync::Lazy')!;
  assert.deepEqual(lazy.related?.map((r) => `${r.location.line}:${r.location.column}`), ['15:11', '15:52']);
  assert.ok(findings.every((f) => f.severity === 'warning'));
});

test('std/lazy-static turns into a note when rust-version is below the std release', async () => {
  const root = join(dir, 'msrv');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(
    findings.map((f) => `${f.messageId} ${f.severity} ${f.data.item} ${f.data.msrv}`),
    ['replace warning once_cell::sync::OnceCell 1.75', 'needsMsrv note lazy_static! 1.75'],
  );
});

test('std/lazy-static is quiet on no_std crates (lazy_static with spin_no_std)', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'good'), ID), []);
});
