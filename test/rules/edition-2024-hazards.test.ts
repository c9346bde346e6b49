import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/edition-2024-hazards');
const id = 'edition/2024-hazards';
const expected = [
  'envSetVar@src/lib.rs:21:5',
  'envSetVar@src/lib.rs:22:5',
  'genIdentifier@src/lib.rs:26:9',
  'genIdentifier@src/lib.rs:28:20',
  'genIdentifier@src/lib.rs:29:5',
  'genMethod@src/lib.rs:26:19',
  'genMethod@src/lib.rs:27:25',
  'staticMutRef@src/lib.rs:35:20',
  'staticMutRef@src/lib.rs:37:9',
  'unsafeAttribute@src/lib.rs:10:3',
  'unsafeAttribute@src/lib.rs:13:32',
  'unsafeAttribute@src/lib.rs:7:3',
  'unsafeExtern@src/lib.rs:16:1',
];

test('edition/2024-hazards warns on an edition-2024 crate, with the replacement for each hazard', async () => {
  const root = join(dir, 'e2024');
  const findings = await sourceFindings(root, id);
  assert.deepEqual(places(findings, root), expected);
  assert.ok(findings.every((f) => f.severity === 'warning' && f.data.edition === '2024'));
  const at = (line: number, column: number) => findings.find((f) => f.location?.line === line && f.location.column === column)!.data;
  assert.equal(at(21, 5).replacement, 'unsafe { std::env::set_var(…) }');
  assert.equal(at(7, 3).replacement, '#[unsafe(no_mangle)]');
  assert.equal(at(16, 1).replacement, 'unsafe extern "C" {');
  assert.equal(at(35, 20).replacement, '&raw mut BUFFER');
  assert.equal(at(37, 9).replacement, '&raw const COUNTER');
  assert.equal(at(26, 19).replacement, 'r#gen');
});

test('edition/2024-hazards notes the same code on edition 2021 as breaking on the move to 2024', async () => {
  const root = join(dir, 'e2021');
  const findings = await sourceFindings(root, id);
  assert.deepEqual(places(findings, root), expected);
  assert.ok(findings.every((f) => f.severity === 'note' && String(f.data.consequence).includes('moves to edition 2024')));
});

test('edition/2024-hazards is quiet on 2024-ready code: unsafe blocks and fns, unsafe(…) attributes, unsafe extern, raw refs, indexing a static mut, r#gen, own set_var, attribute macros, token macros and uncompiled test data', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'good'), id), []);
});
