import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findingsOf, where } from '../support/audit.js';
import { FIXTURES } from '../support/paths.js';
import { outsideRepo, tempTree } from '../ci/support.js';

const dir = join(FIXTURES, 'rules/ci-missing-checks');
const RULE = 'ci/missing-checks';

async function run(name: string): Promise<{ root: string; findings: Awaited<ReturnType<typeof findingsOf>> }> {
  const root = outsideRepo(join(dir, name));
  return { root, findings: await findingsOf(root, RULE) };
}

test('ci/missing-checks is quiet when a GitHub workflow runs the whole bundle', async () => {
  const { findings } = await run('complete');
  assert.deepEqual(findings, []);
});

test('ci/missing-checks reports each missing part at the jobs: key and clippy without -D warnings at its line', async () => {
  const { root, findings } = await run('partial');
  assert.deepEqual(findings.map((f) => where(f, root)).sort(), [
    'clippy-warnings-not-denied@.github/workflows/ci.yml:14:13',
    'fmt@.github/workflows/ci.yml:4:1',
    'unused-deps@.github/workflows/ci.yml:4:1',
    'vulnerabilities@.github/workflows/ci.yml:4:1',
  ]);
  const fmt = findings.find((f) => f.messageId === 'fmt')!;
  assert.match(String(fmt.data.detail), /without `--check`/);
  assert.deepEqual(fmt.related?.map((r) => `${r.location.line}:${r.location.column}`), ['12:11']);
  assert.equal(findings.find((f) => f.messageId === 'clippy-warnings-not-denied')!.data.origin, 'ci.yml job `build`');
  assert.equal(fmt.severity, 'warning');
});

test('ci/missing-checks reads GitLab CI with local includes, anchors, extends and !reference', async () => {
  const { root, findings } = await run('gitlab');
  // Everything but unused-deps runs; `.unused-template` is a hidden job, so its cargo machete does not count.
  assert.deepEqual(findings.map((f) => where(f, root)), ['unused-deps@.gitlab-ci.yml:22:1']);
  assert.match(String(findings[0]!.data.opaque), /GitLab include group\/shared-ci/);
  assert.equal(findings[0]!.severity, 'note', 'a check that may run in the unreadable include is not confirmed missing');
});

test('ci/missing-checks follows `just ci` into the justfile recipes and their dependencies', async () => {
  const { findings } = await run('justfile');
  assert.deepEqual(findings, []);
});

test('ci/missing-checks follows make targets (pattern rules, prerequisites) and repository scripts', async () => {
  const { findings } = await run('makefile');
  assert.deepEqual(findings, []);
});

test('ci/missing-checks reports no-ci once at the root manifest when there is no CI configuration', async () => {
  const { root, findings } = await run('no-ci');
  assert.deepEqual(findings.map((f) => where(f, root)), ['no-ci@Cargo.toml:1:2']);
});

test('ci/missing-checks reports a workflow that is not YAML at the parser error, and nothing else', async () => {
  const { root, findings } = await run('unreadable');
  assert.deepEqual(findings.map((f) => where(f, root)), ['unreadable@.github/workflows/ci.yml:7:1']);
  assert.equal(findings[0]!.data.file, '.github/workflows/ci.yml');
  assert.match(String(findings[0]!.data.error), /block sequence/);
});

test('ci/missing-checks only requires the parts listed in the require option', async () => {
  const { root, findings } = await run('required');
  assert.deepEqual(findings.map((f) => where(f, root)), ['fmt@.github/workflows/ci.yml:2:1']);
});

test('ci/missing-checks also reads the CI of the enclosing git repository', async () => {
  const repo = tempTree({
    '.github/workflows/ci.yml': [
      'on: [push]',
      'jobs:',
      '  rust:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      RUSTFLAGS: -D warnings',
      '    steps:',
      '      - run: |',
      '          cd rust',
      '          cargo fmt --check && cargo clippy --all-targets',
      '          cargo nextest run',
      '      - uses: rustsec/audit-check@v2',
      '',
    ].join('\n'),
    'rust/Cargo.toml': '[package]\nname = "inner"\nversion = "0.1.0"\nedition = "2024"\n',
    'rust/src/lib.rs': '',
  });
  mkdirSync(join(repo, '.git'));
  const root = join(repo, 'rust');
  const findings = await findingsOf(root, RULE);
  assert.deepEqual(findings.map((f) => `${f.messageId}@${f.location!.file.slice(repo.length + 1)}:${f.location!.line}:${f.location!.column}`), ['unused-deps@.github/workflows/ci.yml:2:1']);
});
