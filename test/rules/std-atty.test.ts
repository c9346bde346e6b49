import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/std-atty');
const ID = 'std/atty';

test('std/atty reports atty::is and atty::isnt calls with their std::io::IsTerminal replacement', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['atty@src/main.rs:13:17', 'atty@src/main.rs:14:17', 'atty@src/main.rs:7:9']);
  assert.deepEqual(
    findings.map((f) => `${f.data.call} => ${f.data.replacement}`),
    [
      'tty(atty::Stream::Stdin) => std::io::stdin().is_terminal()',
      'atty::is(Stream::Stdout) => std::io::stdout().is_terminal()',
      'atty::isnt(atty::Stream::Stderr) => !std::io::stderr().is_terminal()',
    ],
  );
  assert.ok(findings.every((f) => f.severity === 'warning' && f.crate === 'atty'));
});

test('std/atty is a note when rust-version is below 1.70', async () => {
  const findings = await sourceFindings(join(dir, 'msrv'), ID);
  assert.deepEqual(findings.map((f) => `${f.messageId} ${f.severity} ${f.data.msrv}`), ['needsMsrv note 1.65']);
});
