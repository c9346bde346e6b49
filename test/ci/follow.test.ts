import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { follow, parseJustfile, parseMakefile } from '../../src/ci/follow.js';
import type { CiCommand } from '../../src/ci/model.js';
import { readCi } from '../../src/ci/read.js';
import { FIXTURES } from '../support/paths.js';
import { outsideRepo, tempTree } from './support.js';

function command(root: string, argv: string[]): CiCommand {
  return { argv, env: { RUSTFLAGS: '-Dwarnings' }, location: { file: 'ci.yml', line: 1, column: 1 }, origin: 'ci.yml job `a`', cwd: root, repoRoot: root, ciFile: join(root, 'ci.yml') };
}

const show = (root: string) => (c: CiCommand): string => `${c.argv.join(' ')}@${c.location.file.slice(root.length + 1)}:${c.location.line}:${c.location.column}`;

test('parseJustfile reads recipes, parameters, dependencies and aliases', () => {
  const { recipes, aliases, first } = parseJustfile('set shell := ["bash", "-c"]\nversion := "1"\n\nalias t := test\n\n# doc\n[group("ci")]\nci: fmt (test "--all") && after\n    @echo done\n\ntest *args:\n    cargo test {{args}}\n\nfmt:\n\n    cargo fmt --check\nafter:\n    echo after\n');
  assert.equal(first, 'ci');
  assert.deepEqual(recipes.get('ci')!.deps, ['fmt', 'test', 'after']);
  assert.equal(recipes.get('test')!.variadic, true);
  assert.equal(aliases.get('t'), 'test');
  assert.deepEqual([...recipes.keys()], ['ci', 'test', 'fmt', 'after']);
});

test('follow runs a just recipe with its dependencies, located in the justfile', () => {
  const root = join(FIXTURES, 'rules/ci-missing-checks/justfile');
  const commands = follow(command(root, ['just', 'c']))!;
  assert.deepEqual(commands.map(show(root)), ['cargo fmt --all --check@justfile:9:5', 'cargo clippy --all-targets@justfile:12:5', 'cargo nextest run {{args}}@justfile:15:5', 'cargo deny check advisories@justfile:18:5', 'cargo machete@justfile:19:5']);
  assert.equal(commands[0]!.env['RUSTFLAGS'], '-Dwarnings');
  assert.match(commands[0]!.origin, /^justfile recipe `fmt` \(ci\.yml job `a`\)$/);
  assert.deepEqual(follow(command(root, ['just', '--list'])), []);
  // `ci` is the `version` parameter of `release` here, not a second recipe.
  assert.deepEqual(follow(command(root, ['just', 'release', 'ci']))!.map((c) => c.argv.join(' ')), ['cargo publish']);
});

test('parseMakefile reads rules, pattern rules, inline recipes and variables', () => {
  const { rules, variables } = parseMakefile('CARGO ?= cargo\nX := a:b\n\nall: lint test\n.PHONY: all\nlint: ; cargo clippy\ntest-%: build-%\n\tcargo test \\\n\t  --all\n\nifdef CI\nendif\n');
  assert.equal(variables.get('CARGO'), 'cargo');
  assert.equal(variables.get('X'), 'a:b');
  assert.deepEqual(rules.map((r) => `${r.targets.join(',')}<-${r.prereqs.join(',')}`), ['all<-lint,test', '.PHONY<-all', 'lint<-', 'test-%<-build-%']);
});

test('follow runs make targets through pattern rules and prerequisites, with $(CARGO) filled in', () => {
  const root = join(FIXTURES, 'rules/ci-missing-checks/makefile');
  assert.deepEqual(follow(command(root, ['make', '-j', '4', 'test-full', 'ARGS=--all']))!.map(show(root)), ['cargo build $(ARGS)@Makefile:17:2', 'cargo test $(ARGS)@Makefile:14:2']);
  assert.deepEqual(follow(command(root, ['make']))!.map((c) => c.argv.join(' ')), ['cargo fmt --all -- --check']);
  assert.deepEqual(follow(command(root, ['make', '-n', 'check-fmt'])), []);
});

test('follow reads repository shell scripts and ignores programs that are not scripts', () => {
  const root = join(FIXTURES, 'rules/ci-missing-checks/makefile');
  assert.deepEqual(follow(command(root, ['./ci/deps.sh']))!.map(show(root)), ['set -euo pipefail@ci/deps.sh:2:1', 'cargo udeps --workspace@ci/deps.sh:4:1', 'cargo audit@ci/deps.sh:5:1']);
  assert.deepEqual(follow(command(root, ['bash', '-e', 'ci/deps.sh']))!.length, 3);
  assert.equal(follow(command(root, ['cargo', 'test'])), undefined);
  assert.equal(follow(command(root, ['./missing.sh'])), undefined);
});

test('readCi follows nested just → make → script chains and does not loop', () => {
  const root = outsideRepo(
    tempTree({
      '.github/workflows/ci.yml': 'jobs:\n  a:\n    steps:\n      - run: just\n',
      justfile: 'default:\n    make all\n    just default\n',
      Makefile: 'all:\n\tbash ci/run.sh\n',
      'ci/run.sh': 'cargo shear\n./ci/run.sh\n',
    }),
  );
  const config = readCi(root);
  assert.ok(config.commands.some((c) => c.argv.join(' ') === 'cargo shear' && c.location.file === join(root, 'ci/run.sh')));
  assert.ok(config.commands.length < 40);
});
