import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/util/fs.js';
import { ToolError } from '../../src/util/errors.js';

test('writeFileAtomic writes through a temporary file and leaves nothing behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-fs-'));
  try {
    writeFileAtomic(join(dir, 'nested/report.json'), '{}');
    writeFileAtomic(join(dir, 'nested/report.json'), '{"a":1}');
    assert.equal(readFileSync(join(dir, 'nested/report.json'), 'utf8'), '{"a":1}');
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['report.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic refuses a directory and unwritable places with a ToolError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-fs-'));
  try {
    assert.throws(() => writeFileAtomic(dir, 'x'), (e: unknown) => e instanceof ToolError && e.code === 'output-is-directory');
    // A path below a regular file can never be created (ENOTDIR). Not /proc: Node 20's recursive
    // mkdirSync spins forever there.
    writeFileSync(join(dir, 'plain-file'), 'keep');
    assert.throws(() => writeFileAtomic(join(dir, 'plain-file/x.json'), 'x'), (e: unknown) => e instanceof ToolError && e.code === 'write-failed');
    assert.deepEqual(readdirSync(dir), ['plain-file']);
    assert.equal(readFileSync(join(dir, 'plain-file'), 'utf8'), 'keep');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
