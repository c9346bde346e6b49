import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { auditWithRegistry, cleanTemps, findingsFor, seedAdvisoryCache, SNAPSHOT_NOW, testSettings } from '../registry/support/env.js';

const dir = join(FIXTURES, 'rules/security-unsound');
const ID = 'security/unsound';
after(cleanTemps);

function settings() {
  const s = testSettings();
  seedAdvisoryCache(s.cacheDir, SNAPSHOT_NOW);
  return s;
}

test('security/unsound reports locked crates with an unsound advisory', async () => {
  const root = join(dir, 'bad');
  const { result } = await auditWithRegistry(root, [ID], settings());
  const findings = findingsFor(result, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${f.data.id} ${f.severity} ${where(f, root)}`), ['atty RUSTSEC-2021-0145 warning unsound@Cargo.lock:5:1']);
  assert.equal(findings[0]!.data.path, 'bad → atty 0.2.14');
  assert.equal(findings[0]!.data.patched, 'none');
  assert.match(findings[0]!.message, /^atty 0\.2\.14 is unsound: RUSTSEC-2021-0145 Potential unaligned read/);
  assert.match(findings[0]!.fix, /^No fixed release of atty exists/);
});

test('security/unsound is quiet without unsound crates, and says so when data is missing', async () => {
  const { result } = await auditWithRegistry(join(dir, 'good'), [ID], settings());
  assert.deepEqual(findingsFor(result, ID), []);
  const missing = await auditWithRegistry(join(dir, 'good'), [ID], testSettings({ snapshotPath: join(dir, 'none.gz') }), { offline: true });
  assert.deepEqual(findingsFor(missing.result, ID).map((f) => f.messageId), ['noData']);
});
