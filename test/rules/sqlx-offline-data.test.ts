import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const ID = 'sqlx/offline-data';
const dir = join(FIXTURES, 'rules/sqlx-offline-data');

test('sqlx/offline-data flags sqlx-data.json files and `prepare --merged` in CI when sqlx is 0.7+', async () => {
  const root = join(dir, 'bad');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => where(f, root)).sort(), [
    'legacyFile@sqlx-data.json:1:1',
    'mergedFlag@.github/workflows/ci.yml:8:33',
    'mergedFlag@.gitlab-ci.yml:3:36',
    'staleFile@api/sqlx-data.json:1:1',
  ]);
  assert.ok(findings.every((f) => f.data.version === '0.8.6' && f.crate === 'sqlx' && f.severity === 'warning'));
  assert.equal(findings.find((f) => f.messageId === 'staleFile')!.member, 'api');
});

test('sqlx/offline-data is quiet on sqlx 0.6 (sqlx-data.json is right there) and on a .sqlx/ setup', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'old'), ID), []);
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
});
