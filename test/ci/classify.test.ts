import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, parseCargo, type CiFact } from '../../src/ci/classify.js';
import type { CiCommand } from '../../src/ci/model.js';
import { splitWords } from '../../src/ci/shell.js';

function facts(line: string, env: Record<string, string> = {}, aliases = new Map<string, string[]>()): CiFact[] {
  const command: CiCommand = { argv: splitWords(line), env, location: { file: 'x', line: 1, column: 1 }, origin: 'test', cwd: '/', repoRoot: '/', ciFile: 'x' };
  return classify(command, aliases);
}

test('classify recognizes every spelling of the fmt check', () => {
  for (const line of ['cargo +nightly fmt --all -- --check', 'cargo fmt --all --check', 'cargo fmt -- --check $(find . -name x)', 'rustfmt --check src/lib.rs', 'cargo-fmt --check']) {
    assert.deepEqual(facts(line), [{ kind: 'fmt', check: true }], line);
  }
  assert.deepEqual(facts('cargo fmt --all'), [{ kind: 'fmt', check: false }]);
  assert.deepEqual(facts('cargo fmt --version'), []);
});

test('classify recognizes clippy and whether it denies warnings', () => {
  const clippy = (line: string, env: Record<string, string> = {}): boolean | undefined => {
    const fact = facts(line, env)[0];
    return fact?.kind === 'clippy' ? fact.denied : undefined;
  };
  assert.equal(clippy('cargo clippy --workspace --all-targets -- -D warnings'), true);
  assert.equal(clippy('cargo clippy --all-targets -- -Dwarnings'), true);
  assert.equal(clippy('cargo clippy -- --deny warnings -D clippy::all'), true);
  assert.equal(clippy('cargo hack clippy --each-feature -- -D warnings'), true);
  assert.equal(clippy('cargo +beta clippy --locked'), false);
  assert.equal(clippy('cargo clippy -- -Dclippy::all -Dclippy::pedantic'), false);
  assert.equal(clippy('cargo clippy', { RUSTFLAGS: '--cfg tokio_unstable -Dwarnings' }), true);
  assert.equal(clippy('cargo clippy', { RUSTFLAGS: '-C debuginfo=0 -D warnings' }), true);
  assert.equal(clippy('cargo clippy', { CARGO_BUILD_WARNINGS: 'deny' }), true);
  assert.equal(clippy(`cargo clippy --config 'build.warnings="deny"'`), true);
  assert.equal(clippy('cross clippy --target aarch64-unknown-linux-gnu -- -D warnings'), true);
  assert.equal(clippy('python3 tools/cargo-fail-warning.py clippy --all-targets'), true);
  assert.deepEqual(facts('cargo clippy --fix --allow-dirty'), [{ kind: 'clippy', denied: false, fix: true }]);
});

test('classify recognizes test runners, and not builds of the tests', () => {
  for (const line of ['cargo test', 'cargo nextest run --workspace', 'cargo llvm-cov nextest --lcov', 'cargo llvm-cov --workspace --lcov --output-path lcov.info', 'cargo miri test -p x', 'cargo insta test --all-features', 'cargo hack test --each-feature', 'cargo tarpaulin', 'cargo "+${MSRV}" test']) {
    assert.equal(facts(line)[0]?.kind, 'tests', line);
  }
  for (const line of ['cargo test --no-run', 'cargo nextest archive', 'cargo llvm-cov report --lcov', 'cargo install cargo-nextest', 'cargo build']) assert.deepEqual(facts(line), [], line);
});

test('classify reads cargo deny checks, config and manifest path', () => {
  assert.deepEqual(facts('cargo deny check'), [{ kind: 'deny', checks: [] }]);
  assert.deepEqual(facts('cargo deny --all-features check bans licenses'), [{ kind: 'deny', checks: ['bans', 'licenses'] }]);
  assert.deepEqual(facts('cargo deny check ${{ matrix.checks }}'), [{ kind: 'deny', checks: [] }]);
  assert.deepEqual(facts('cargo deny --manifest-path a/Cargo.toml check --config ci/deny.toml ban advisories'), [{ kind: 'deny', checks: ['bans', 'advisories'], config: 'ci/deny.toml', manifestPath: 'a/Cargo.toml' }]);
  assert.deepEqual(facts('cargo deny fetch'), []);
  assert.deepEqual(facts('cargo audit --deny warnings'), [{ kind: 'audit' }]);
});

test('classify recognizes unused-dependency checks on any toolchain', () => {
  assert.deepEqual(facts('cargo machete'), [{ kind: 'unused-deps', tool: 'cargo machete' }]);
  assert.deepEqual(facts('cargo shear --deny-warnings'), [{ kind: 'unused-deps', tool: 'cargo shear' }]);
  assert.deepEqual(facts('cargo +nightly udeps --all-targets'), [{ kind: 'unused-deps', tool: 'cargo udeps' }]);
  assert.deepEqual(facts('cargo-machete --with-metadata'), [{ kind: 'unused-deps', tool: 'cargo machete' }]);
});

test('classify marks what it cannot look into as opaque, and expands cargo aliases', () => {
  const aliases = new Map([
    ['xtask', ['run', '--package', 'xtask', '--']],
    ['lint', ['clippy', '--workspace', '--', '-D', 'warnings']],
  ]);
  assert.deepEqual(facts('cargo xtask tidy', {}, aliases), [{ kind: 'opaque', what: 'cargo xtask' }]);
  assert.deepEqual(facts('cargo lint', {}, aliases), [{ kind: 'clippy', denied: true, fix: false }]);
  assert.deepEqual(facts('cargo xtask ci'), [{ kind: 'opaque', what: 'cargo xtask' }]);
  assert.deepEqual(facts('cargo make ci'), [{ kind: 'opaque', what: 'cargo make' }]);
  assert.deepEqual(facts('cargo run -p ci -- lints'), [{ kind: 'opaque', what: 'cargo run -p ci' }]);
  assert.deepEqual(facts('deno run --allow-read ./tools/lint.js'), [{ kind: 'opaque', what: './tools/lint.js' }]);
  assert.deepEqual(facts('cargo run -p my-app -- serve'), []);
  assert.deepEqual(facts('python3 scripts/release.py'), []);
});

test('parseCargo skips toolchains and global options, and takes plugin binaries', () => {
  assert.deepEqual(parseCargo(['cargo', '+nightly', '--locked', '-Z', 'x', 'udeps', '--all']), { sub: 'udeps', args: ['--all'] });
  assert.deepEqual(parseCargo(['cargo', '--config', 'a.toml', 'clippy']), { sub: 'clippy', args: [] });
  assert.deepEqual(parseCargo(['cargo-nextest', 'nextest', 'run']), { sub: 'nextest', args: ['run'] });
  assert.equal(parseCargo(['echo', 'cargo', 'test']), undefined);
});
