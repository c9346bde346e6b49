import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitShell, splitWords } from '../../src/ci/shell.js';
import { substituteEnv, unwrap } from '../../src/ci/script.js';

const argvs = (script: string): string[] => splitShell(script).map((c) => c.argv.join(' '));

test('splitShell separates commands on newlines, && || ; | & and parentheses', () => {
  assert.deepEqual(argvs('cargo fmt --check && cargo clippy || true; a | b & c\n(cd x && make)'), ['cargo fmt --check', 'cargo clippy', 'true', 'a', 'b', 'c', 'cd x', 'make']);
});

test('splitShell joins backslash continuations and keeps the offset of the first word', () => {
  const script = '  cargo nextest run \\\n    --workspace \\\n    --all-features\necho done';
  const commands = splitShell(script);
  assert.deepEqual(commands.map((c) => c.argv), [['cargo', 'nextest', 'run', '--workspace', '--all-features'], ['echo', 'done']]);
  assert.equal(commands[0]!.offset, 2);
  assert.equal(commands[1]!.offset, script.indexOf('echo'));
});

test('splitShell removes quotes, keeps ${{ }} expressions whole, and skips comments', () => {
  assert.deepEqual(splitShell(`# cargo test\ncargo "+nightly" fmt -- '--check' # trailing\ncargo deny check \${{ matrix.checks }} "a\\"b"`).map((c) => c.argv), [
    ['cargo', '+nightly', 'fmt', '--', '--check'],
    ['cargo', 'deny', 'check', '${{ matrix.checks }}', 'a"b'],
  ]);
});

test('splitShell strips control keywords and drops syntax-only lines', () => {
  assert.deepEqual(argvs('if [ -n "$CI" ]; then\n  cargo test\nelse cargo build; fi\nfor p in a b; do cargo test -p $p; done'), ['[ -n $CI ]', 'cargo test', 'cargo build', 'cargo test -p $p']);
});

test('splitShell reads assignments and redirections, and skips here-documents', () => {
  const [first, second, third] = splitShell('RUSTFLAGS="-D warnings" cargo clippy 2>&1 | tee log\necho "RUSTFLAGS=-Dwarnings" >> "$GITHUB_ENV"\ncat <<EOF > deny.toml\ncargo machete\nEOF\ncargo shear');
  assert.deepEqual(first!.assignments, [{ name: 'RUSTFLAGS', value: '-D warnings' }]);
  assert.deepEqual(first!.argv, ['cargo', 'clippy']);
  assert.deepEqual(second!.argv, ['tee', 'log']);
  assert.deepEqual(third!.redirects, ['$GITHUB_ENV']);
  assert.deepEqual(argvs('cat <<EOF > deny.toml\ncargo machete\nEOF\ncargo shear'), ['cat', 'cargo shear']);
});

test('splitShell keeps $(...) and ${...} inside one word', () => {
  assert.deepEqual(argvs('rustup default $(grep "x y" Cargo.toml | cut -d = -f2)\ncargo clippy ${_F_${@:a-%=%}} -- -D warnings'), [
    'rustup default $(grep "x y" Cargo.toml | cut -d = -f2)',
    'cargo clippy ${_F_${@:a-%=%}} -- -D warnings',
  ]);
});

test('splitWords splits an option string like the shell', () => {
  assert.deepEqual(splitWords('--cfg tokio_unstable -Dwarnings'), ['--cfg', 'tokio_unstable', '-Dwarnings']);
  assert.deepEqual(splitWords('-C target-feature=+atomics -D "warnings"'), ['-C', 'target-feature=+atomics', '-D', 'warnings']);
});

test('unwrap removes sudo, env, timeout, xvfb-run and rustup run prefixes', () => {
  assert.deepEqual(unwrap(['sudo', '-E', 'env', 'RUSTFLAGS=-Dwarnings', 'timeout', '-k', '5', '30m', 'xvfb-run', '-a', 'cargo', 'test']), {
    argv: ['cargo', 'test'],
    assignments: { RUSTFLAGS: '-Dwarnings' },
  });
  assert.deepEqual(unwrap(['rustup', 'run', 'nightly', 'cargo', 'fmt']).argv, ['cargo', 'fmt']);
});

test('substituteEnv fills ${{ env.X }} and a $X program from the known environment', () => {
  const env = { CARGO: 'cross', FLAGS: '--target x --locked', CLIPPY: '-D warnings', LATER: '${{ matrix.x }}' };
  assert.deepEqual(substituteEnv(['${{ env.CARGO }}', 'test', '${{ env.FLAGS }}'], env), ['cross', 'test', '--target', 'x', '--locked']);
  assert.deepEqual(substituteEnv(['cargo', 'clippy', '--', "${{ env['CLIPPY'] }}"], env), ['cargo', 'clippy', '--', '-D', 'warnings']);
  assert.deepEqual(substituteEnv(['$CARGO', 'test'], env), ['cross', 'test']);
  assert.deepEqual(substituteEnv(['${{ env.LATER }}', '${{ env.MISSING }}'], env), ['${{ env.LATER }}', '${{ env.MISSING }}']);
});
