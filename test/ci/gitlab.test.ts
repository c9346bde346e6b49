import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readGitlab } from '../../src/ci/gitlab.js';
import { FIXTURES } from '../support/paths.js';
import { tempTree } from './support.js';

const show = (root: string) => (c: { argv: string[]; location: { file: string; line: number; column: number }; origin: string }): string =>
  `${c.argv.join(' ')}@${c.location.file.slice(root.length + 1)}:${c.location.line}:${c.location.column}`;

test('readGitlab reads jobs with before_script, extends, anchors, !reference and local includes', () => {
  const root = join(FIXTURES, 'rules/ci-missing-checks/gitlab');
  const part = readGitlab(root);
  assert.deepEqual(part.commands.map(show(root)), [
    // Included files are merged first, so their jobs come first (GitLab's order does not matter here).
    'cargo fmt --all --check@ci/lint.yml:8:7',
    'cargo clippy --workspace --all-targets@ci/lint.yml:10:7',
    'rustc --version@.gitlab-ci.yml:12:7',
    'cargo nextest run --workspace@.gitlab-ci.yml:20:7',
    'rustc --version@.gitlab-ci.yml:12:7',
    'cargo audit@ci/lint.yml:3:7',
  ]);
  assert.deepEqual(part.commands.map((c) => c.env['RUSTFLAGS']), Array(6).fill('-D warnings'));
  assert.deepEqual(part.opaque.map((o) => o.what), ['GitLab include group/shared-ci']);
  assert.equal(part.files[0]!.anchor.line, 22);
});

test('readGitlab: default before_script, job variables, string includes with wildcards, and hidden jobs', () => {
  const root = tempTree({
    '.gitlab-ci.yml': "include: '/ci/*.yml'\ndefault:\n  before_script: [cargo --version]\nvariables:\n  RUSTFLAGS: ''\n.hidden:\n  script: [cargo machete]\n",
    'ci/a.yml': 'lint:\n  variables:\n    RUSTFLAGS: { value: "-Dwarnings", description: deny }\n  script:\n    - - cargo clippy\n',
    'ci/b.yml': 'test:\n  extends: [.hidden]\n',
  });
  const part = readGitlab(root);
  assert.deepEqual(part.commands.map((c) => `${c.argv.join(' ')} ${JSON.stringify(c.env['RUSTFLAGS'])} ${c.origin}`), [
    'cargo --version "-Dwarnings" ci/a.yml job `lint`',
    'cargo clippy "-Dwarnings" ci/a.yml job `lint`',
    'cargo --version "" ci/b.yml job `test`',
    'cargo machete "" ci/b.yml job `test`',
  ]);
});

test('readGitlab reports an unreadable include and still reads the rest', () => {
  const root = tempTree({ '.gitlab-ci.yml': 'include: broken.yml\ntest:\n  script: cargo test\n', 'broken.yml': 'a: [\n' });
  const part = readGitlab(root);
  assert.deepEqual(part.commands.map((c) => c.argv.join(' ')), ['cargo test']);
  assert.equal(part.unreadable[0]!.file, join(root, 'broken.yml'));
});
