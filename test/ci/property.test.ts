import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readGithubWorkflow } from '../../src/ci/github.js';
import { readGitlab } from '../../src/ci/gitlab.js';
import { splitShell } from '../../src/ci/shell.js';
import { FIXTURES } from '../support/paths.js';
import { tempTree } from './support.js';

const SEEDS = ['complete/.github/workflows/ci.yml', 'partial/.github/workflows/ci.yml', 'gitlab/.gitlab-ci.yml', 'gitlab/ci/lint.yml'].map((p) => readFileSync(join(FIXTURES, 'rules/ci-missing-checks', p), 'utf8'));

const PIECES = [':', '-', ' ', '  ', '\n', '\t', '|', '>', '&a', '*a', '!reference', '[', ']', '{', '}', '"', "'", '#', '%', '@', '`', '${{', '}}', '<<', '\\', 'run: ', 'cargo ', '---\n', '? ', ',', '\r'];

/** A seed with random edits: each deletes a few characters somewhere and inserts YAML-ish pieces. */
const mangled = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 6 }), insert: fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 4 }) }), { minLength: 1, maxLength: 6 }),
  )
  .map(([seed, edits]) => edits.reduce((text, e) => {
    const at = text.length === 0 ? 0 : e.at % text.length;
    return text.slice(0, at) + e.insert + text.slice(at + e.remove);
  }, seed));

function checkLocations(text: string, locations: { line: number; column: number }[]): void {
  const lines = text.split(/\r\n|\n|\r/).length;
  for (const l of locations) {
    assert.ok(Number.isInteger(l.line) && l.line >= 1 && l.line <= lines + 1, `line ${l.line} of ${lines}`);
    assert.ok(Number.isInteger(l.column) && l.column >= 1, `column ${l.column}`);
  }
}

test('mangled workflows never crash the reader: commands or an unreadable finding with a location', () => {
  fc.assert(
    fc.property(mangled, (text) => {
      const part = readGithubWorkflow('/r/.github/workflows/ci.yml', text, '/r');
      checkLocations(text, [...part.unreadable.map((u) => u.location), ...part.commands.map((c) => c.location), ...part.files.map((f) => f.anchor)]);
      if (part.unreadable.length > 0) assert.equal(part.commands.length, 0);
    }),
    { numRuns: 400 },
  );
});

test('mangled GitLab files never crash the reader', () => {
  const root = tempTree({ 'ci/lint.yml': SEEDS[3]! });
  fc.assert(
    fc.property(mangled, (text) => {
      writeFileSync(join(root, '.gitlab-ci.yml'), text);
      const part = readGitlab(root);
      checkLocations(text, part.unreadable.filter((u) => u.file.endsWith('.gitlab-ci.yml')).map((u) => u.location));
    }),
    { numRuns: 150 },
  );
});

test('splitShell never throws and its offsets stay inside the script', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...PIECES, 'a', 'b', ';', '&&', '||', '(', ')', '$(', '$', '=', '<<EOF\n', 'EOF\n', '2>&1', '>>'), maxLength: 60 }), (script) => {
      for (const c of splitShell(script)) assert.ok(c.offset >= 0 && c.offset < Math.max(1, script.length));
    }),
    { numRuns: 500 },
  );
});
