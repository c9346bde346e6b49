import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/errors-box-dyn-error-not-send');
const ID = 'errors/box-dyn-error-not-send';

test('errors/box-dyn-error-not-send reports non-Send Box<dyn Error> returned from async code, aliases too', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['alias@src/lib.rs:18:27', 'alias@src/lib.rs:67:40', 'box@src/lib.rs:12:51', 'box@src/lib.rs:23:40', 'box@src/lib.rs:4:40', 'box@src/lib.rs:8:35']);
  assert.deepEqual(
    findings.filter((f) => f.messageId === 'box').map((f) => `${f.data.fn}: ${f.data.replacement}`),
    [
      'fetch: Box<dyn Error + Send + Sync>',
      "load: Box<dyn std::error::Error + 'static + Send + Sync>",
      'later: Box<dyn Error + Send + Sync>',
      'call: Box<dyn Error + Send + Sync>',
    ],
  );
  // The alias of an inline module is not the `Failure` struct outside it.
  const alias = findings.find((f) => f.messageId === 'alias')!;
  assert.equal(alias.data.alias, 'BoxResult');
  assert.deepEqual(alias.related?.map((r) => r.location.line), [16]);
});

test('errors/box-dyn-error-not-send warns about the public API of a library, and notes the rest (spawning it would not compile)', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(
    findings.map((f) => `${f.location?.line} ${f.severity}`).sort(),
    ['12 warning', '18 warning', '23 warning', '4 warning', '67 note', '8 warning'],
  );
  assert.ok(findings.every((f) => !('api' in f.data)));
});
