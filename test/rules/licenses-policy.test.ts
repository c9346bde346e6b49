import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { TestRegistry } from '../registry/support/server.js';
import { auditWithRegistry, cleanTemps, findingsFor, testSettings } from '../registry/support/env.js';

const dir = join(FIXTURES, 'rules/licenses-policy');
const ID = 'licenses/policy';
const server = new TestRegistry();
before(async () => {
  await server.start();
  server.licenses.set('serde@1.0.200', 'MIT OR Apache-2.0');
  server.licenses.set('ring@0.17.8', 'Apache-2.0 AND ISC');
  server.licenses.set('gpl-thing@1.0.0', 'GPL-3.0-or-later');
  server.licenses.set('weird@1.0.0', 'MIT-ish');
  server.licenses.set('file-only@1.0.0', null);
  server.licenses.set('nothing@1.0.0', null);
});
after(async () => {
  await server.stop();
  cleanTemps();
});

test('licenses/policy checks every locked crate against the allow list, with --licenses', async () => {
  const root = join(dir, 'bad');
  const { result } = await auditWithRegistry(root, [ID], testSettings({ cratesIoIndex: server.indexUrl }), { licenses: true });
  const findings = findingsFor(result, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${where(f, root)}`).sort(), [
    'gpl-thing rejected@Cargo.lock:23:1',
    'nothing noLicense@Cargo.lock:29:1',
    'file-only noLicense@Cargo.lock:17:1',
    'weird invalid@Cargo.lock:47:1',
  ].sort());
  const gpl = findings.find((f) => f.crate === 'gpl-thing')!;
  assert.equal(gpl.data.reason, 'GPL-3.0-or-later is not in the allow list');
  assert.equal(gpl.severity, 'warning');
});

test('without --licenses and no local Cargo cache, the unchecked crates are a finding', async () => {
  const { result, service } = await auditWithRegistry(join(dir, 'good'), [ID], testSettings({ cratesIoIndex: server.indexUrl }));
  assert.equal(service.requests, 0);
  const [missing] = findingsFor(result, ID);
  assert.equal(missing!.messageId, 'notChecked');
  assert.equal(missing!.data.reasons, 'not in the local Cargo cache (run with --licenses to ask the registry API): 1 (serde)');
});

test('licenses/policy is quiet on allowed licenses', async () => {
  const { result } = await auditWithRegistry(join(dir, 'good'), [ID], testSettings({ cratesIoIndex: server.indexUrl }), { licenses: true });
  assert.deepEqual(findingsFor(result, ID), []);
});
