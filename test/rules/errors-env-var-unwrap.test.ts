import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/errors-env-var-unwrap');
const ID = 'errors/env-var-unwrap';

test('errors/env-var-unwrap reports env::var(…).unwrap()/expect() in binaries\' main files, one finding per file', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['expectNamed@src/main.rs:18:16', 'unwrap@src/bin/tool.rs:5:13', 'unwrap@src/main.rs:4:5']);
  const main = findings.find((f) => f.messageId === 'unwrap' && f.location?.file.endsWith('main.rs'))!;
  assert.deepEqual(
    { call: main.data.call, argument: main.data.argument, variable: main.data.variable, fn: main.data.fn, count: main.data.count },
    { call: 'std::env::var', argument: '"DATABASE_URL"', variable: 'DATABASE_URL', fn: 'config', count: 3 },
  );
  assert.equal(main.severity, 'warning');
  assert.deepEqual(main.related?.map((r) => `${r.location.line}:${r.location.column} ${r.message}`), [
    '19:16 `std::env::var_os("HOME").unwrap()`',
    '22:15 `std::env::var(NAME).unwrap()`',
  ]);
  assert.equal(findings.find((f) => f.location?.file.endsWith('tool.rs'))!.data.variable, 'TOOL_TOKEN');
});

test('errors/env-var-unwrap makes a note of .expect(…) whose message names the variable', async () => {
  const root = join(dir, 'named');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['expectNamed@src/main.rs:2:15', 'unwrap@src/main.rs:3:17']);
  const named = findings.find((f) => f.messageId === 'expectNamed')!;
  assert.equal(named.severity, 'note');
  assert.match(named.message, /the message names the variable/);
  assert.equal(findings.find((f) => f.messageId === 'unwrap')!.severity, 'warning');
});
