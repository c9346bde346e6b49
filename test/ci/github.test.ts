import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readGithubWorkflow } from '../../src/ci/github.js';
import { tempTree } from './support.js';

const at = (c: { location: { line: number; column: number } }): string => `${c.location.line}:${c.location.column}`;

test('readGithubWorkflow locates each command of a multi-line run block at its line and column', () => {
  const text = [
    'on: [push]', // 1
    'jobs:', // 2
    '  lint:', // 3
    '    runs-on: ubuntu-latest', // 4
    '    steps:', // 5
    '      - run: cargo fmt --check', // 6
    '      - run: |', // 7
    '          cargo clippy \\', // 8
    '            -- -D warnings', // 9
    '          cd crates && cargo test', // 10
    '      - run: "cargo machete"', // 11
    '',
  ].join('\n');
  const part = readGithubWorkflow('/r/.github/workflows/ci.yml', text, '/r');
  assert.deepEqual(part.files.map((f) => at({ location: f.anchor })), ['2:1']);
  assert.deepEqual(part.commands.map((c) => `${c.argv.join(' ')}@${at(c)}`), [
    'cargo fmt --check@6:14',
    'cargo clippy -- -D warnings@8:11',
    'cargo test@10:24',
    'cargo machete@11:15',
  ]);
  assert.equal(part.commands[2]!.cwd, '/r/crates');
  assert.equal(part.commands[0]!.origin, 'ci.yml job `lint`');
});

test('readGithubWorkflow merges workflow, job and step env, $GITHUB_ENV writes and setup-rust-toolchain', () => {
  const text = `
env:
  A: workflow
  RUSTFLAGS: --cfg x
jobs:
  one:
    env: { B: job }
    steps:
      - run: echo "C=from-github-env" >> "$GITHUB_ENV"
      - run: cargo clippy
        env: { A: step }
  two:
    steps:
      - uses: actions-rust-lang/setup-rust-toolchain@v1
      - run: cargo clippy
  three:
    env: { RUSTFLAGS: --cfg y }
    steps:
      - uses: actions-rust-lang/setup-rust-toolchain@v1
      - run: cargo clippy
`;
  const part = readGithubWorkflow('/r/w.yml', text, '/r');
  const [one, two, three] = part.commands;
  assert.deepEqual(one!.env, { A: 'step', RUSTFLAGS: '--cfg x', B: 'job', C: 'from-github-env' });
  // The workflow's RUSTFLAGS wins over the action's default, as the action documents.
  assert.equal(two!.env['RUSTFLAGS'], '--cfg x');
  assert.equal(three!.env['RUSTFLAGS'], '--cfg y');
  const fresh = readGithubWorkflow('/r/w.yml', 'jobs:\n  a:\n    steps:\n      - uses: actions-rust-lang/setup-rust-toolchain@v1\n      - run: cargo clippy\n', '/r');
  assert.equal(fresh.commands[0]!.env['RUSTFLAGS'], '-D warnings');
});

test('readGithubWorkflow turns known actions into commands at the uses: value, and ignores installs', () => {
  const text = `jobs:
  a:
    steps:
      - uses: taiki-e/install-action@v2
        with: { tool: cargo-deny }
      - uses: EmbarkStudios/cargo-deny-action@v2
        with:
          command: check
          command-arguments: advisories
      - uses: actions-rs/cargo@v1
        with:
          command: clippy
          args: --all-targets -- -D warnings
      - uses: nick-fields/retry@v3
        with:
          command: |
            cargo nextest run
      - uses: actions/github-script@v7
        with:
          script: console.log("cargo test")
`;
  const part = readGithubWorkflow('/r/w.yml', text, '/r');
  assert.deepEqual(part.commands.map((c) => `${c.argv.join(' ')}@${at(c)}`), [
    'cargo deny --all-features check advisories@6:15',
    'cargo clippy --all-targets -- -D warnings@10:15',
    'cargo nextest run@17:13',
  ]);
});

test('readGithubWorkflow records local reusable workflows and reports remote ones as opaque', () => {
  const part = readGithubWorkflow('/r/.github/workflows/ci.yml', 'jobs:\n  a:\n    uses: ./.github/workflows/lint.yml\n  b:\n    uses: $/.github/workflows/test.yml\n  c:\n    uses: org/shared/.github/workflows/rust.yml@v1\n', '/r');
  assert.deepEqual(part.files[0]!.calls, ['/r/.github/workflows/lint.yml', '/r/.github/workflows/test.yml']);
  assert.deepEqual(part.opaque.map((o) => `${o.what}@${at(o)}`), ['reusable workflow org/shared/.github/workflows/rust.yml@v1@7:11']);
});

test('readGithubWorkflow follows local composite actions with the caller env', () => {
  const root = tempTree({
    '.github/actions/checks/action.yml': 'runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: cargo clippy -- -D warnings\n',
  });
  const part = readGithubWorkflow(join(root, '.github/workflows/ci.yml'), 'jobs:\n  a:\n    env: { X: "1" }\n    steps:\n      - uses: ./.github/actions/checks\n      - uses: $/.github/actions/checks\n', root);
  assert.equal(part.commands.length, 2);
  assert.equal(part.commands[0]!.location.file, join(root, '.github/actions/checks/action.yml'));
  assert.equal(at(part.commands[0]!), '5:12');
  assert.equal(part.commands[0]!.env['X'], '1');
  assert.match(part.commands[0]!.origin, /^action \.github\/actions\/checks \(ci\.yml job `a`\)$/);
});

test('readGithubWorkflow resolves YAML anchors and merge keys', () => {
  const text = `x-steps: &steps
  - run: cargo test
jobs:
  a:
    steps: *steps
  b:
    <<: { steps: [ { run: cargo machete } ] }
`;
  assert.deepEqual(readGithubWorkflow('/r/w.yml', text, '/r').commands.map((c) => `${c.argv.join(' ')}@${at(c)}`), ['cargo test@2:10', 'cargo machete@7:27']);
});

test('readGithubWorkflow reports a YAML error with its line and column', () => {
  const part = readGithubWorkflow('/r/w.yml', 'jobs:\n  a:\n    steps: [\n', '/r');
  assert.equal(part.unreadable.length, 1);
  assert.equal(part.unreadable[0]!.location.file, '/r/w.yml');
  assert.ok(part.unreadable[0]!.location.line >= 3);
  assert.deepEqual(part.files, []);
});
