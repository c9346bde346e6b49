import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { auditWithRegistry, findingsFor, seedAdvisoryCache, SNAPSHOT_NOW, testSettings, fixtureRegistry } from '../registry/support/env.js';

const dir = join(FIXTURES, 'rules/security-notice');
const ID = 'security/notice';
const server = fixtureRegistry();

function settings() {
  const s = testSettings({ cratesIoIndex: server.indexUrl });
  seedAdvisoryCache(s.cacheDir, SNAPSHOT_NOW);
  return s;
}

test('security/notice reports locked crates with a notice advisory, as notes of their own rule', async () => {
  const root = join(dir, 'bad');
  const { result } = await auditWithRegistry(root, [ID, 'security/vulnerability'], settings());
  const findings = findingsFor(result, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${f.data.id} ${f.severity} ${where(f, root)}`), ['personnummer RUSTSEC-2020-0166 note notice@Cargo.lock:12:1']);
  assert.match(findings[0]!.message, /^personnummer 3\.0\.0: notice RUSTSEC-2020-0166 personnummer Input validation error \(GHSA-28r9-pq4c-wp3c\); reached by bad → personnummer 3\.0\.0$/);
  assert.equal(findings[0]!.fix, 'Run `cargo update -p personnummer`: the requirements already allow a fixed version.');
  assert.deepEqual(findingsFor(result, 'security/vulnerability'), [], 'a notice is not a vulnerability');
});

test('security/notice is quiet on fixed versions, and says so when data is missing', async () => {
  const { result } = await auditWithRegistry(join(dir, 'good'), [ID], settings());
  assert.deepEqual(findingsFor(result, ID), []);
  const missing = await auditWithRegistry(join(dir, 'good'), [ID], testSettings({ snapshotPath: join(dir, 'none.gz') }), { offline: true });
  assert.deepEqual(findingsFor(missing.result, ID).map((f) => f.messageId), ['noData']);
});
