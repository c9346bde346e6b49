import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crateNameProblem, suggestCrateName } from '../../src/scaffold/names.js';
import { outputPath, renderTemplate, TemplateError, type TemplateContext } from '../../src/scaffold/template.js';
import { kbVersionSource, resolveVersions, type VersionSource } from '../../src/scaffold/versions.js';
import { cratesIoVersionSource, newestCompatible } from '../../src/scaffold/registry-versions.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import type { IndexVersion } from '../../src/registry/sparse-index.js';
import { TestRegistry } from '../registry/support/server.js';
import { cleanTemps as cleanRegistryTemps, testSettings } from '../registry/support/env.js';

const context: TemplateContext = { vars: { name: 'demo', crate: 'demo' }, flags: { on: true, off: false } };

describe('template language', () => {
  test('variables, sections, inverted sections and partials', () => {
    const text = ['a {{name}}', '{{#on}}', 'kept {{crate}}', '{{#off}}', 'dropped', '{{/off}}', '{{/on}}', '{{^off}}', 'inverted', '{{/off}}', '{{>p}}', 'end'].join('\n');
    const out = renderTemplate(text, context, 't', (name) => `partial ${name} {{name}}\n`);
    assert.equal(out, ['a demo', 'kept demo', 'inverted', 'partial p demo', 'end'].join('\n'));
  });

  test("Rust's own `{{` escapes pass through untouched", () => {
    assert.equal(renderTemplate('format!("{{}} {{0}}")', context, 't'), 'format!("{{}} {{0}}")');
  });

  test('mistakes are errors with the place', () => {
    assert.throws(() => renderTemplate('x\n{{nope}}', context, 'f'), (e: unknown) => e instanceof TemplateError && /f:2: unknown variable "nope"/.test(e.message));
    assert.throws(() => renderTemplate('{{#maybe}}\n{{/maybe}}', context, 'f'), /unknown flag "maybe"/);
    assert.throws(() => renderTemplate('{{#on}}\nx', context, 'f'), /never closed/);
    assert.throws(() => renderTemplate('{{#on}}\n{{/off}}', context, 'f'), /closes \{\{#on\}\}/);
  });

  test('file names: .tmpl dropped, dot- becomes a dot, variables in paths', () => {
    assert.equal(outputPath('dot-github/workflows/ci.yml.tmpl', context), '.github/workflows/ci.yml');
    assert.equal(outputPath('crates/{{name}}/src/main.rs.tmpl', context), 'crates/demo/src/main.rs');
    assert.equal(outputPath('dot-gitignore.tmpl', context), '.gitignore');
  });
});

describe('crate names', () => {
  test('accepts what Cargo and crates.io accept', () => {
    for (const name of ['a', 'my-app', 'my_app', 'app2', 'x'.repeat(64)]) assert.equal(crateNameProblem(name), undefined, name);
  });

  test('rejects the rest, saying why', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['MyApp', /lowercase/],
      ['my app', /` ` is not allowed/],
      ['émile', /`é` is not allowed/],
      ['9lives', /start with a letter/],
      ['-x', /start with a letter/],
      ['fn', /keyword/],
      ['self', /keyword/],
      ['gen', /keyword/],
      ['std', /shadow/],
      ['proc-macro', /shadow/],
      ['build', /target/],
      ['con', /Windows/],
      ['x'.repeat(65), /too long/],
    ];
    for (const [name, why] of cases) assert.match(crateNameProblem(name) ?? '', why, name);
    assert.match(crateNameProblem('x'.repeat(60), 7) ?? '', /adds up to 7/);
  });

  test('suggests a usable name', () => {
    assert.equal(suggestCrateName('My App!'), 'my-app');
    assert.equal(suggestCrateName('42'), 'my-app');
    assert.equal(crateNameProblem(suggestCrateName('Über Tool')), undefined);
  });

  test('never suggests a name it would refuse: keywords, built-in crates, reserved and long names', () => {
    assert.equal(suggestCrateName('fn'), 'fn-app');
    assert.equal(suggestCrateName('Self'), 'self-app');
    assert.equal(suggestCrateName('std'), 'std-app');
    assert.equal(suggestCrateName('CON'), 'con-app');
    assert.equal(suggestCrateName('build'), 'build-app');
    for (const [raw, suffix] of [['x'.repeat(80), 0], ['y'.repeat(80), 7], ['a-'.repeat(40), 7], ['async', 4]] as const) {
      const suggested = suggestCrateName(raw, suffix);
      assert.equal(crateNameProblem(suggested, suffix), undefined, `${raw} -> ${suggested}`);
    }
  });
});

describe('version sources', () => {
  const entry = (vers: string, extra: Partial<IndexVersion> = {}): IndexVersion => ({
    name: 'demo', vers, deps: [], cksum: '', features: {}, yanked: false, links: null, v: 2, rustVersion: null, pubtime: null, ...extra,
  });

  test('newest compatible: in range, not yanked, not a pre-release, and buildable with rust-version', () => {
    const versions = [entry('1.0.0'), entry('1.2.0', { rustVersion: '1.80' }), entry('1.3.0', { yanked: true }), entry('1.4.0-rc.1'), entry('1.5.0', { rustVersion: '1.99' }), entry('2.0.0')];
    assert.equal(newestCompatible(versions, '^1.0.0', '1.85'), '1.2.0');
    assert.equal(newestCompatible(versions, '^1.0.0', undefined), '1.5.0');
    assert.equal(newestCompatible(versions, '^3.0.0', '1.85'), undefined);
  });

  test('the KB answers only inside the range; the baseline is the last resort', async () => {
    const kb = kbVersionSource(loadDefaultKb());
    const { versions, problems } = await resolveVersions(
      [
        { name: 'tokio', baseline: '1.40.0' },
        { name: 'tokio-compat-never-heard', baseline: '0.1.0' },
        { name: 'axum', baseline: '0.7.0' },
      ],
      [kb],
    );
    assert.deepEqual(versions, [
      { name: 'tokio', version: '1.53.1', origin: 'kb' },
      { name: 'tokio-compat-never-heard', version: '0.1.0', origin: 'template' },
      { name: 'axum', version: '0.7.0', origin: 'template' },
    ]);
    assert.deepEqual(problems, []);
  });

  test('errors of one source are collected per message and the next source answers', async () => {
    const broken: VersionSource = { origin: 'crates.io', label: 'index', newest: () => Promise.reject(new Error('down')) };
    const { versions, problems } = await resolveVersions([{ name: 'anyhow', baseline: '1.0.0' }, { name: 'clap', baseline: '4.0.0' }], [broken, kbVersionSource(loadDefaultKb())]);
    assert.deepEqual(versions.map((v) => v.origin), ['kb', 'kb']);
    assert.deepEqual(problems, [{ source: 'index', message: 'down', crates: ['anyhow', 'clap'] }]);
  });
});

describe('crates.io source over the sparse protocol', () => {
  const registry = new TestRegistry();
  before(async () => {
    await registry.start();
    const line = (vers: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ name: 'anyhow', vers, deps: [], cksum: '0', features: {}, yanked: false, ...extra });
    registry.files.set('/index/config.json', Buffer.from(JSON.stringify({ dl: `${registry.url}/dl` })));
    registry.files.set('/index/an/yh/anyhow', Buffer.from([line('1.0.104'), line('1.0.110', { rust_version: '1.80' }), line('1.0.111', { rust_version: '1.99' }), line('1.0.112', { yanked: true }), line('2.0.0')].join('\n')));
  });
  after(async () => {
    await registry.stop();
    cleanRegistryTemps();
  });

  test('reads the index file, applies range, yanks and rust-version, and reports a missing crate', async () => {
    const source = cratesIoVersionSource({ settings: testSettings({ cratesIoIndex: registry.indexUrl }) });
    assert.equal(await source.newest('anyhow', '^1.0.104', '1.85'), '1.0.110');
    await assert.rejects(source.newest('no-such-crate', '^1.0.0', '1.85'), /not found/);
  });

  test('an unreachable index fails once, fast, for every crate', async () => {
    const source = cratesIoVersionSource({ settings: testSettings() });
    const { versions, problems } = await resolveVersions([{ name: 'anyhow', baseline: '1.0.0' }, { name: 'serde', baseline: '1.0.0' }], [source]);
    assert.deepEqual(versions.map((v) => v.origin), ['template', 'template']);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /cannot read http:\/\/127\.0\.0\.1:2\/index\/config\.json/);
  });
});
