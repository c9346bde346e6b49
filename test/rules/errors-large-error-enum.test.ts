import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/errors-large-error-enum');
const ID = 'errors/large-error-enum';

test('errors/large-error-enum reports error enums (by name, derive or impl) with more than 20 variants', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['large@src/lib.rs:29:10', 'large@src/lib.rs:3:10', 'large@src/lib.rs:75:10']);
  assert.deepEqual(findings.map((f) => `${f.data.name} ${f.data.variants} ${f.data.max}`), ['AppError 22 20', 'Failure 21 20', 'Kind 21 20']);
  assert.ok(findings.every((f) => f.severity === 'note'));
});

test('errors/large-error-enum follows the max-variants option', async () => {
  const root = join(dir, 'limit');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['large@src/lib.rs:2:10']);
  assert.equal(findings[0]!.data.max, 2);
});
