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

test('a direct dependency both rules report is one deps/unmaintained finding; the manifest line is related, with the knowledge base replacement', async () => {
  const root = join(dir, 'bad');
  const { result } = await auditWithRegistry(root, [ID, 'deps/deprecated'], settings());
  assert.deepEqual(findingsFor(result, 'deps/deprecated'), [], 'atty is not reported a second time');
  const atty = findingsFor(result, ID).find((f) => f.crate === 'atty')!;
  const declared = atty.related!.find((r) => r.location.file.endsWith('Cargo.toml'))!;
  assert.equal(`${declared.location.line}:${declared.location.column}`, '7:1');
  assert.match(declared.message, /^bad declares atty here; the knowledge base says: atty is unmaintained .*IsTerminal/);
  assert.equal(result.rules.find((r) => r.id === 'deps/deprecated')!.findings, 0);
});
