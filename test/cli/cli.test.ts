import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';
import { bundleIsCurrent } from '../../src/util/fs.js';

const demo = join(REPO_ROOT, 'examples/demo');

test('--version and --help exit 0 and teach', async () => {
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Exit codes:/);
  assert.match(help.stdout, /map/);
  const mapHelp = await runCli(['map', '--help']);
  assert.equal(mapHelp.code, 0);
  assert.match(mapHelp.stdout, /Examples:/);
});

test('`cargo stack …` passes "stack" first; it is dropped', async () => {
  const direct = await runCli(['map', demo, '--format', 'json']);
  const viaCargo = await runCli(['stack', 'map', demo, '--format', 'json']);
  assert.equal(direct.code, 0);
  assert.equal(viaCargo.stdout, direct.stdout);
});

test('map --format json uses cargo metadata field names and adds resolved versions and locations', async () => {
  const { code, stdout } = await runCli(['map', demo, '--format', 'json']);
  assert.equal(code, 0);
  const json = JSON.parse(stdout) as { packages: { name: string; dependencies: { name: string; req: string; kind: string | null; resolved_version: string | null; location: { line: number } }[] }[] };
  const api = json.packages.find((p) => p.name === 'demo-api')!;
  const axum = api.dependencies.find((d) => d.name === 'axum')!;
  assert.equal(axum.req, '^0.8.4');
  assert.equal(axum.kind, null);
  assert.equal(axum.resolved_version, '0.8.4');
  assert.equal(axum.location.line, 9);
});

test('map text lists members, targets and dependencies without color when not a TTY', async () => {
  const { code, stdout } = await runCli(['map', demo]);
  assert.equal(code, 0);
  assert.match(stdout, /virtual manifest · 4 members/);
  assert.match(stdout, /axum \^0\.8\.4 → 0\.8\.4/);
  assert.doesNotMatch(stdout, /\x1b\[/);
});

test('bad arguments and unreadable roots exit 2 with a message, never a stack trace', async () => {
  const missing = await runCli(['map', '/definitely/not/here']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^error: \/definitely\/not\/here does not exist/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
  const unknown = await runCli(['mapp']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /map/);
  const badFormat = await runCli(['map', demo, '--format', 'yaml']);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /Allowed choices are text, json/);
});

test('the installed binary runs and exits with the right code', () => {
  const bin = join(REPO_ROOT, 'bin/cargo-stack.js');
  const ok = spawnSync(process.execPath, [bin, 'map', demo], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const bad = spawnSync(process.execPath, [bin, 'map', join(REPO_ROOT, 'does-not-exist')], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});

test('a closed output pipe ends quietly, without a stack trace', () => {
  const bin = join(REPO_ROOT, 'bin/cargo-stack.js');
  const result = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" rules | head -1`], { encoding: 'utf8' });
  assert.equal(result.status, 0);
  assert.equal(result.stdout.split('\n').filter(Boolean).length, 1);
  assert.equal(result.stderr, '');
});

test('the bundled CLI, with a prestarted scan worker, audits exactly as the compiled tree does in-process', () => {
  const bundle = join(REPO_ROOT, 'dist/src/cli/main.bundle.js');
  const compiled = join(REPO_ROOT, 'dist/src/cli/main.js');
  // `npm test` builds it; a compile without the bundling step leaves it stale: rebuild it here.
  if (!bundleIsCurrent(bundle, compiled)) assert.equal(spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' }).status, 0);
  const fixture = join(REPO_ROOT, 'test/fixtures/rules/ci-missing-checks/makefile');
  const args = ['audit', fixture, '--offline', '--format', 'json', '--fail-on', 'never'];
  const run = (entry: string, env: Record<string, string>): unknown => {
    const script = `const m = await import(${JSON.stringify(pathToFileURL(entry).href)}); m.prestartWorkers(); process.exitCode = await m.main(${JSON.stringify(args)});`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
    assert.equal(result.status, 0, result.stderr);
    return (JSON.parse(result.stdout) as { findings: unknown[] }).findings;
  };
  const inProcess = run(compiled, { CARGO_STACK_SOURCE_WORKERS: '0' });
  assert.deepEqual(run(bundle, { CARGO_STACK_SOURCE_WORKERS: '1' }), inProcess);
  assert.ok(Array.isArray(inProcess) && inProcess.length > 0);
});
