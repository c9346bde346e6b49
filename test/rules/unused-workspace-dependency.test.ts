import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const dir = join(FIXTURES, 'rules/unused-workspace-dependency');

test('unused/workspace-dependency reports entries no member inherits, honoring ignore lists', async () => {
  const root = join(dir, 'bad');
  const findings = await findingsOf(root, 'unused/workspace-dependency');
  assert.deepEqual(findings.map((f) => `${f.data.dep} ${where(f, root)}`), ['regex unused@Cargo.toml:7:1']);
});

test('unused/workspace-dependency is quiet when every entry is inherited, renamed ones included', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), 'unused/workspace-dependency'), []);
});
