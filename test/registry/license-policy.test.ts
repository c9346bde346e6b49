import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, parseLicense, type Policy } from '../../src/registry/license-policy.js';
import { DEFAULT_ALLOW } from '../../src/rules/licenses/policy.js';

function verdict(expression: string, policy: Policy) {
  const parsed = parseLicense(expression);
  assert.ok(parsed.ok, expression);
  return evaluate(parsed, policy);
}

test('Cargo spellings are read as SPDX: "/" and lower-case operators', () => {
  const slash = parseLicense('MIT/Apache-2.0');
  assert.ok(slash.ok);
  assert.equal(slash.expression, 'MIT OR Apache-2.0');
  assert.equal(slash.alternatives.length, 2);
  const lower = parseLicense('Apache-2.0 with LLVM-exception or MIT');
  assert.ok(lower.ok);
  assert.equal(lower.expression, 'Apache-2.0 WITH LLVM-exception OR MIT');
  const invalid = parseLicense('MIT-ish');
  assert.equal(invalid.ok, false);
});

test('an OR expression passes when one alternative is allowed; AND needs every term', () => {
  const policy = { allow: ['MIT', 'Apache-2.0'], deny: [] };
  assert.deepEqual(verdict('MIT OR GPL-3.0-only', policy), { ok: true });
  assert.deepEqual(verdict('MIT AND GPL-3.0-only', policy), { ok: false, denied: [], notAllowed: ['GPL-3.0-only'] });
  assert.deepEqual(verdict('(MIT OR Apache-2.0) AND Unicode-3.0', { allow: DEFAULT_ALLOW, deny: [] }), { ok: true });
  assert.deepEqual(verdict('Apache-2.0 WITH LLVM-exception', { allow: DEFAULT_ALLOW, deny: [] }), { ok: true });
});

test('deny wins over allow and covers the -only/-or-later/+ spellings of a license', () => {
  assert.deepEqual(verdict('GPL-3.0-or-later', { allow: [], deny: ['GPL-3.0'] }), { ok: false, denied: ['GPL-3.0-or-later'], notAllowed: [] });
  assert.deepEqual(verdict('GPL-2.0+ OR MIT', { allow: [], deny: ['GPL-2.0-only'] }), { ok: true });
  assert.deepEqual(verdict('MIT', { allow: ['MIT'], deny: ['MIT'] }), { ok: false, denied: ['MIT'], notAllowed: [] });
});

test('allow entries with a + range admit later versions (spdx-satisfies)', () => {
  assert.deepEqual(verdict('GPL-3.0-only', { allow: ['GPL-2.0+'], deny: [] }), { ok: true });
  assert.equal(verdict('LicenseRef-Proprietary', { allow: ['MIT'], deny: [] }).ok, false);
  assert.equal(verdict('LicenseRef-Proprietary', { allow: ['LicenseRef-Proprietary'], deny: [] }).ok, true);
});
