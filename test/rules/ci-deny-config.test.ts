import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { outsideRepo } from '../ci/support.js';

const dir = join(FIXTURES, 'rules/ci-deny-config');
const RULE = 'ci/deny-config';

async function run(name: string): Promise<string[]> {
  const root = outsideRepo(join(dir, name));
  return (await findingsOf(root, RULE)).map((f) => where(f, root));
}

test('ci/deny-config notes a deny.toml that no CI job runs (installing cargo-deny is not running it)', async () => {
  assert.deepEqual(await run('unused'), ['unused-config@deny.toml:1:1']);
});

test('ci/deny-config notes cargo-deny-action without any deny.toml, at the step', async () => {
  const root = outsideRepo(join(dir, 'missing'));
  const findings = await findingsOf(root, RULE);
  assert.deepEqual(findings.map((f) => where(f, root)), ['missing-config@.github/workflows/deny.yml:7:15']);
  assert.equal(findings[0]!.severity, 'note');
  assert.deepEqual(findings[0]!.data, { origin: 'deny.yml job `deny`', config: 'deny.toml' });
});

test('ci/deny-config checks an explicit --config path', async () => {
  assert.deepEqual(await run('explicit'), ['missing-config@.github/workflows/ci.yml:6:14']);
});

test('ci/deny-config looks for the config from the --manifest-path / manifest-path directory upwards', async () => {
  assert.deepEqual(await run('nested'), []);
});

test('ci/deny-config accepts [workspace.metadata.deny] as the configuration', async () => {
  assert.deepEqual(await run('metadata'), []);
});

test('ci/deny-config is quiet when cargo-deny runs with a deny.toml, and without CI at all', async () => {
  assert.deepEqual(await run('../ci-missing-checks/complete'), []);
  assert.deepEqual(await run('../ci-missing-checks/no-ci'), []);
});
