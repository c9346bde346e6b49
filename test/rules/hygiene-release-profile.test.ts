import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';

const dir = join(FIXTURES, 'rules/hygiene-release-profile');
const ID = 'hygiene/release-profile';

test('hygiene/release-profile notes an untuned [profile.release] and profiles Cargo ignores in members', async () => {
  const root = join(dir, 'bad');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => where(f, root)).sort(), [
    'ignoredProfile@core/Cargo.toml:10:10',
    'ignoredProfile@core/Cargo.toml:7:10',
    'untuned@Cargo.toml:5:10',
  ]);
  // xtask is a tool, not a shipped binary.
  assert.deepEqual(findings.find((f) => f.messageId === 'untuned')!.data, { bins: 'cli' });
  const ignored = findings.filter((f) => f.messageId === 'ignoredProfile').map((f) => f.data);
  assert.deepEqual(ignored, [
    { profile: 'release', manifest: 'core/Cargo.toml' },
    { profile: 'dev', manifest: 'core/Cargo.toml' },
  ]);
  assert.match(findings.find((f) => f.messageId === 'untuned')!.fix, /lto = "thin"/);
});

test('hygiene/release-profile notes a binary package with no [profile.release] at the top of its manifest', async () => {
  const root = join(dir, 'no-profile');
  const findings = await findingsOf(root, ID);
  assert.deepEqual(findings.map((f) => where(f, root)), ['noProfile@Cargo.toml:1:1']);
  assert.deepEqual(findings[0]!.data, { bins: 'tool' });
});

test('hygiene/release-profile counts tuning in inheriting profiles and .cargo/config.toml, and ignores tools of library workspaces', async () => {
  for (const fixture of ['good', 'dist-profile', 'cargo-config', 'library']) {
    assert.deepEqual(await findingsOf(join(dir, fixture), ID), [], fixture);
  }
});
