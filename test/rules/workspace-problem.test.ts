import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const dir = join(FIXTURES, 'rules/workspace-problem');
const ID = 'workspace/problem';

test('workspace/problem reports what Cargo rejects or trips over, each at its place, with the model\'s code', async () => {
  const root = join(dir, 'bad');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(
    findings.map((f) => `${f.severity} ${where(f, root)} ${String(f.data.code ?? '')}`),
    [
      'error problem@Cargo.toml:3:24 workspace/member-missing',
      'error problem@Cargo.toml:3:41 workspace/member-glob-empty',
      'error problem@crates/broken/Cargo.toml:8:1 manifest/parse-error',
      'error problem@crates/nosrc/Cargo.toml:1:2 manifest/no-targets',
      'warning problem@Cargo.lock:1:1 lockfile/unknown-version',
      'warning problem@crates/ok/Cargo.toml:7:3 manifest/target-source-missing',
      'note strays@fixtures/stray-a/Cargo.toml:1:1 ',
    ],
  );
  const missing = findings.find((f) => f.data.code === 'workspace/member-missing')!;
  assert.equal(missing.message, 'workspace member `tools/missing` has no Cargo.toml [workspace/member-missing]');
  assert.equal(missing.fix, 'Create the package, fix the path, or add it to `workspace.exclude`.', 'the model\'s hint, as a sentence');
  const strays = findings.find((f) => f.messageId === 'strays')!;
  assert.equal(strays.data.count, 2, 'a member whose manifest does not parse is not also a stray');
  assert.deepEqual(strays.related?.map((r) => where({ ...strays, location: r.location }, root)), ['strays@fixtures/stray-b/Cargo.toml:1:1']);
});

test('workspace/problem is quiet on a workspace Cargo loads cleanly', async () => {
  assert.deepEqual(await findingsOf(join(dir, 'good'), ID), []);
});
