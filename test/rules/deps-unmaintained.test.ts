import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { auditWithRegistry, cleanTemps, findingsFor, seedAdvisoryCache, SNAPSHOT_NOW, testSettings } from '../registry/support/env.js';

const dir = join(FIXTURES, 'rules/deps-unmaintained');
const ID = 'deps/unmaintained';
after(cleanTemps);

function settings() {
  const s = testSettings();
  seedAdvisoryCache(s.cacheDir, SNAPSHOT_NOW);
  return s;
}

test('deps/unmaintained reports direct and transitive crates RustSec calls unmaintained; withdrawn advisories are skipped', async () => {
  const root = join(dir, 'bad');
  const { result } = await auditWithRegistry(root, [ID], settings());
  const findings = findingsFor(result, ID);
  assert.deepEqual(findings.map((f) => `${f.crate} ${f.data.id} ${where(f, root)}`), [
    'ansi_term RUSTSEC-2021-0139 unmaintained@Cargo.lock:5:1',
    'atty RUSTSEC-2024-0375 unmaintained@Cargo.lock:11:1',
  ]);
  const [ansi, atty] = findings as [typeof findings[0], typeof findings[0]];
  assert.equal(ansi.data.path, 'bad → termcolor 0.1.0 → ansi_term 0.12.1');
  assert.equal(ansi.data.via, 'termcolor');
  assert.match(ansi.fix, /^(Move to|Plan a replacement for) /);
  assert.equal(atty.severity, 'warning');
  assert.match(atty.fix, /IsTerminal|is-terminal/, 'the KB replacement is named');
});

test('deps/unmaintained is quiet when only a withdrawn advisory matches', async () => {
  const { result } = await auditWithRegistry(join(dir, 'good'), [ID], settings());
  assert.deepEqual(findingsFor(result, ID), []);
});
