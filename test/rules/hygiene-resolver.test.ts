import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const dir = join(FIXTURES, 'rules/hygiene-resolver');
const ID = 'hygiene/resolver';

test('hygiene/resolver suggests resolver 3 for a virtual workspace with edition 2024 members', async () => {
  const root = join(dir, 'edition-2024');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => where(f, root)), ['missing@Cargo.toml:2:2']);
  assert.equal(findings[0]!.data.resolver, '3');
  assert.equal(findings[0]!.data.edition, '2024');
  assert.equal(findings[0]!.data.members, 'app');
  assert.equal(findings[0]!.severity, 'warning');
  assert.equal(findings[0]!.applicability, 'safe');
  assert.match(findings[0]!.fix, /resolver = "3"/);
});

test('hygiene/resolver suggests resolver 2 when the newest edition is 2021', async () => {
  const root = join(dir, 'edition-2021');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => where(f, root)), ['missing@Cargo.toml:1:2']);
  assert.deepEqual(findings[0]!.data, { members: 'all 2 members', edition: '2021', resolver: '2', requirement: '' });
});

test('hygiene/resolver is quiet with an explicit resolver, old editions only, or a root package', async () => {
  for (const fixture of ['explicit', 'old-editions', 'root-package']) {
    assert.deepEqual(await findingsOf(join(dir, fixture), ID), [], fixture);
  }
});
