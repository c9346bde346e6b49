import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../support/cli.js';
import { runNew } from '../../src/cli/commands/new.js';
import { linePrompter } from '../../src/scaffold/prompt.js';
import { SCENARIO_IDS } from '../../src/scaffold/scenario.js';
import type { VersionSource } from '../../src/scaffold/versions.js';
import { ToolError } from '../../src/util/errors.js';
import { captureIo, cleanTemps, listFiles, tempDir } from './support.js';

after(cleanTemps);

function answers(text: string): PassThrough {
  const input = new PassThrough();
  input.end(text);
  return input;
}

describe('cargo-stack new', () => {
  test('--list shows every scenario with what it contains', async () => {
    const { code, stdout } = await runCli(['new', '--list']);
    assert.equal(code, 0);
    for (const id of SCENARIO_IDS) assert.match(stdout, new RegExp(`^${id} `, 'm'));
    assert.match(stdout, /crates: anyhow, axum, serde, sqlx/);
    assert.match(stdout, /--database postgres \| sqlite/);
  });

  test('creates a workspace and says where the versions came from', async () => {
    const dir = join(tempDir(), 'hello-cli');
    const { code, stdout } = await runCli(['new', dir, '--template', 'cli', '--offline']);
    assert.equal(code, 0);
    assert.match(stdout, /Created the cli workspace "hello-cli"/);
    assert.match(stdout, /Versions \(offline\):\n {2}knowledge base shipped with cargo-stack: anyhow \d+\.\d+\.\d+, clap \d+\.\d+\.\d+, serde \d+\.\d+\.\d+, serde_json \d/);
    assert.match(stdout, /Next:\n {2}cd .*hello-cli\n {2}cargo run -- --help/);
    assert.ok(existsSync(join(dir, 'crates/hello-cli/src/main.rs')));
    assert.match(readFileSync(join(dir, 'crates/hello-cli/Cargo.toml'), 'utf8'), /^name = "hello-cli"$/m);
  });

  test('usage problems exit 2 with a clear message', async () => {
    const base = tempDir();
    const cases: [string[], RegExp][] = [
      [['new'], /missing the directory to create/],
      [['new', join(base, 'x')], /--template is required when not running in a terminal/],
      [['new', join(base, 'My App'), '-t', 'cli'], /the directory name "My App" is not a valid crate name: crate names are lowercase[\s\S]*hint: pass --name with a valid name, e\.g\. --name my-app/],
      [['new', join(base, 'x'), '-t', 'cli', '--name', 'async'], /--name "async" is not a valid crate name: `async` is a Rust keyword/],
      [['new', join(base, '1st'), '-t', 'lib'], /must start with a letter/],
      [['new', join(base, 'test'), '-t', 'lib'], /would shadow the built-in `test` crate[\s\S]*hint: pass --name with a valid name, e\.g\. --name test-app/],
      [['new', join(base, 'fn'), '-t', 'cli'], /`fn` is a Rust keyword[\s\S]*--name fn-app/],
      [['new', join(base, 'x'), '-t', 'cli', '--database', 'sqlite'], /--database only applies to the backend template, not to cli/],
      [['new', join(base, 'x'), '-t', 'cli', '--license', 'MIT OR'], /"MIT OR" is not an SPDX license expression/],
      [['new', join(base, 'x'), '-t', 'nope'], /argument 'nope' is invalid/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli([...args, '--offline']);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message, args.join(' '));
    }
    assert.deepEqual(listFiles(base), [], 'nothing written');
  });

  test('a directory outside the working directory is shown by its absolute path', async () => {
    const dir = join(tempDir(), 'elsewhere');
    const io = captureIo();
    assert.equal(await runNew(dir, { template: 'lib', offline: true }, { io, cwd: tempDir() }), 0);
    assert.ok(io.out().includes(`Created the lib workspace "elsewhere" in ${dir}: `), io.out());
    assert.ok(io.out().includes(`\n  cd ${dir}\n`), io.out());
    const inside = captureIo();
    const cwd = tempDir();
    assert.equal(await runNew(join(cwd, 'sub', 'here'), { template: 'lib', offline: true }, { io: inside, cwd }), 0);
    assert.match(inside.out(), /in sub\/here: [\s\S]*\n {2}cd sub\/here\n/);
  });

  test('--name overrides a directory name that is not a crate name', async () => {
    const dir = join(tempDir(), 'My App');
    const { code } = await runCli(['new', dir, '-t', 'lib', '--name', 'my-app', '--offline']);
    assert.equal(code, 0);
    assert.ok(existsSync(join(dir, 'crates/my-app/src/lib.rs')));
  });

  test('refuses a non-empty directory; --force writes and lists every file it replaces', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'README.md'), 'mine\n');
    writeFileSync(join(dir, 'notes.txt'), 'keep me\n');
    const refused = await runCli(['new', dir, '-t', 'cli', '--name', 'tool', '--offline']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /is not empty \(README\.md, notes\.txt\)[\s\S]*--force/);
    assert.equal(readFileSync(join(dir, 'README.md'), 'utf8'), 'mine\n');

    const forced = await runCli(['new', dir, '-t', 'cli', '--name', 'tool', '--offline', '--force']);
    assert.equal(forced.code, 0);
    assert.equal(forced.stderr, 'overwriting README.md\n');
    assert.match(forced.stdout, /files, 1 of them replaced/);
    assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /^# tool/);
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'keep me\n');

    const again = await runCli(['new', dir, '-t', 'cli', '--name', 'tool', '--offline', '--force']);
    assert.match(again.stderr, /overwriting Cargo\.toml\n[\s\S]*overwriting crates\/tool\/src\/main\.rs\n/);
  });

  test('a path that is a file, or a planned file that is a directory, is refused', async () => {
    const base = tempDir();
    writeFileSync(join(base, 'file'), '');
    const file = await runCli(['new', join(base, 'file'), '-t', 'cli', '--offline']);
    assert.equal(file.code, 2);
    assert.match(file.stderr, /exists and is not a directory/);

    const dir = join(base, 'proj');
    mkdirSync(join(dir, 'README.md'), { recursive: true });
    const clash = await runCli(['new', dir, '-t', 'cli', '--offline', '--force']);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /cannot write README\.md: a directory of that name exists/);
  });

  test('--dry-run lists the files and writes nothing', async () => {
    const dir = join(tempDir(), 'dry');
    const { code, stdout } = await runCli(['new', dir, '-t', 'desktop', '--offline', '--dry-run']);
    assert.equal(code, 0);
    assert.match(stdout, /Would create the desktop workspace "dry" .*nothing written/);
    assert.match(stdout, /create  src-tauri\/icons\/icon\.png/);
    assert.ok(!existsSync(dir));
  });

  test('--yes takes every default without asking', async () => {
    const dir = join(tempDir(), 'defaults');
    const { code, stdout } = await runCli(['new', dir, '--yes', '--offline'], { isTTY: true });
    assert.equal(code, 0);
    assert.match(stdout, /the cli workspace/);
    assert.match(readFileSync(join(dir, 'Cargo.toml'), 'utf8'), /^license = "MIT OR Apache-2\.0"$/m);
  });

  test('--license none leaves the license out and keeps the library unpublished', async () => {
    const dir = join(tempDir(), 'private-lib');
    assert.equal((await runCli(['new', dir, '-t', 'lib', '--license', 'none', '--offline'])).code, 0);
    const manifest = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
    assert.doesNotMatch(manifest, /^license/m);
    assert.match(manifest, /^publish = false$/m);

    const mit = join(tempDir(), 'mit-lib');
    assert.equal((await runCli(['new', mit, '-t', 'lib', '--license', 'MIT', '--offline'])).code, 0);
    assert.match(readFileSync(join(mit, 'Cargo.toml'), 'utf8'), /^license = "MIT"$/m);
    assert.doesNotMatch(readFileSync(join(mit, 'Cargo.toml'), 'utf8'), /^publish/m);
  });
});

describe('interactive choice', () => {
  test('asks for the scenario, the database and the license; numbers and names both work', async () => {
    const io = captureIo(true);
    const prompter = linePrompter(answers('3\nsqlite\n2\n'), io.stderr);
    const dir = join(tempDir(), 'asked');
    const code = await runNew(dir, { offline: true }, { io, prompter });
    prompter.close();
    assert.equal(code, 0);
    assert.match(io.err(), /What are you building\?\n {2}1\) cli/);
    assert.match(io.err(), /Which database\?/);
    assert.match(io.err(), /License\?/);
    assert.match(readFileSync(join(dir, 'Cargo.toml'), 'utf8'), /"sqlite"/);
    assert.match(readFileSync(join(dir, 'Cargo.toml'), 'utf8'), /^license = "MIT"$/m);
  });

  test('Enter takes the default and a wrong answer is asked again', async () => {
    const io = captureIo(true);
    const prompter = linePrompter(answers('banana\n6\n\n'), io.stderr);
    const dir = join(tempDir(), 'again');
    const code = await runNew(dir, { offline: true }, { io, prompter });
    prompter.close();
    assert.equal(code, 0);
    assert.match(io.err(), /"banana" is not one of the choices/);
    assert.match(io.out(), /the game workspace/);
    assert.match(readFileSync(join(dir, 'Cargo.toml'), 'utf8'), /^license = "MIT OR Apache-2\.0"$/m);
  });

  test('with --template nothing is asked, even on a terminal', async () => {
    const io = captureIo(true);
    const prompter = linePrompter(answers(''), io.stderr);
    const code = await runNew(join(tempDir(), 'scripted'), { template: 'backend', offline: true }, { io, prompter });
    prompter.close();
    assert.equal(code, 0);
    assert.equal(io.err(), '');
  });

  test('a directory or name that cannot be used is refused before the first question', async () => {
    const full = tempDir();
    writeFileSync(join(full, 'notes.txt'), 'keep me\n');
    const cases: [string, string][] = [
      [full, 'directory-not-empty'],
      [join(full, 'notes.txt'), 'not-a-directory'],
      [join(tempDir(), 'my app'), 'invalid-crate-name'],
    ];
    for (const [dir, code] of cases) {
      const io = captureIo(true);
      const prompter = linePrompter(answers('1\n1\n'), io.stderr);
      await assert.rejects(runNew(dir, { offline: true }, { io, prompter }), (error: unknown) => error instanceof ToolError && error.code === code, dir);
      prompter.close();
      assert.equal(io.err(), '', `${dir}: nothing asked`);
    }
    const io = captureIo(true);
    const prompter = linePrompter(answers('1\n'), io.stderr);
    await assert.rejects(runNew(join(tempDir(), 'ok'), { offline: true, license: 'MIT OR' }, { io, prompter }), (error: unknown) => error instanceof ToolError && error.code === 'invalid-license');
    prompter.close();
    assert.equal(io.err(), '', 'a bad --license is refused before the questions');
  });

  test('input that ends early is an error, not a hang', async () => {
    const io = captureIo(true);
    const prompter = linePrompter(answers(''), io.stderr);
    await assert.rejects(runNew(join(tempDir(), 'eof'), { offline: true }, { io, prompter }), (error: unknown) => error instanceof ToolError && error.code === 'no-answer');
    prompter.close();
  });
});

describe('versions from a registry', () => {
  const fakeRegistry = (versions: Record<string, string>, failing = new Set<string>()): VersionSource => ({
    origin: 'crates.io',
    label: 'the crates.io index',
    async newest(crate) {
      if (failing.has(crate)) throw new Error('connection reset');
      return versions[crate];
    },
  });

  test('newest releases from the registry win; crates it does not answer for fall back to the KB, with a warning', async () => {
    const io = captureIo();
    const dir = join(tempDir(), 'online');
    const registry = fakeRegistry({ clap: '4.7.0', serde_json: '1.0.150' }, new Set(['anyhow']));
    assert.equal(await runNew(dir, { template: 'cli' }, { io, registry }), 0);
    const manifest = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
    assert.match(manifest, /clap = \{ version = "4\.7\.0"/);
    assert.match(manifest, /serde_json = "1\.0\.150"/);
    assert.match(manifest, /anyhow = "1\.0\.104"/);
    assert.match(io.out(), /Versions \(the crates\.io index could not answer for 1 of 4 crates; --offline skips the lookup\):/);
    assert.match(io.out(), /newest compatible release on crates\.io: clap 4\.7\.0, serde_json 1\.0\.150/);
    assert.match(io.out(), /knowledge base shipped with cargo-stack: anyhow 1\.0\.104, serde 1\.0\.228/);
    assert.match(io.err(), /warning: the crates\.io index: connection reset \(anyhow\)/);
    assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /newest compatible releases on crates\.io, the versions recorded in the cargo-stack knowledge base/);
  });

  test('--offline never asks the registry', async () => {
    const io = captureIo();
    const registry: VersionSource = { origin: 'crates.io', label: 'x', newest: () => Promise.reject(new Error('must not be called')) };
    assert.equal(await runNew(join(tempDir(), 'off'), { template: 'wasm', offline: true }, { io, registry }), 0);
    assert.equal(io.err(), '');
    assert.match(io.out(), /Versions \(offline\)/);
  });
});
