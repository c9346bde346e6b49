import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const dir = join(FIXTURES, 'rules/deps-deprecated');

test('deps/deprecated reports deprecated and unmaintained direct dependencies with the replacement', async () => {
  const findings = await findingsOf(join(dir, 'bad'), 'deps/deprecated');
  assert.deepEqual(findings.map((f) => `${f.crate} ${where(f, join(dir, 'bad'))}`).sort(), [
    'async-std deprecated@Cargo.toml:7:1',
    'atty unmaintained@Cargo.toml:11:1',
    'serde_yaml deprecated@Cargo.toml:8:1',
  ]);
  const asyncStd = findings.find((f) => f.crate === 'async-std')!;
  assert.match(asyncStd.fix, /smol/);
  assert.equal(asyncStd.member, 'bad');
  assert.equal(asyncStd.layer, 'async-runtime');
});

test('deps/deprecated is quiet on maintained replacements', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), 'deps/deprecated'), []);
});
