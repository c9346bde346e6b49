import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/unused-dependency');

test('unused/dependency reports unused, dev-only and feature-only dependencies per kind', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, 'unused/dependency');
  const byDep = Object.fromEntries(findings.map((f) => [f.data.dep, `${f.messageId} ${f.severity} ${f.data.table}`]));
  assert.deepEqual(byDep, {
    'unused-a': 'unused warning dependencies',
    'only-tests': 'dev-only note dependencies',
    'doc-only': 'dev-only note dependencies',
    getrandom: 'feature-only note dependencies',
    'optional-thing': 'feature-only note dependencies',
    'unix-unused': "unused warning target.'cfg(unix)'.dependencies",
    criterion: 'unused warning dev-dependencies',
    vergen: 'unused warning build-dependencies',
  });
  assert.deepEqual(places(findings, root), [
    'dev-only@Cargo.toml:15:1',
    'dev-only@Cargo.toml:21:1',
    'feature-only@Cargo.toml:16:1',
    'feature-only@Cargo.toml:17:1',
    'unused@Cargo.toml:14:1',
    'unused@Cargo.toml:24:1',
    'unused@Cargo.toml:29:1',
    'unused@Cargo.toml:35:1',
  ]);
  const unused = findings.find((f) => f.data.dep === 'unused-a')!;
  assert.equal(unused.member, 'bad');
  assert.equal(unused.crate, 'unused-a');
  assert.equal(unused.data.scope, 'library and binary sources');
});

test('unused/dependency accepts renames, leading ::, `use x as y` and dev entries of a used dependency', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'good'), 'unused/dependency'), []);
});

test('unused/dependency points inherited dependencies at [workspace.dependencies] too', async () => {
  const root = join(FIXTURES, 'rules/unused-workspace-dependency/bad');
  const findings = await sourceFindings(root, 'unused/dependency');
  assert.deepEqual(places(findings, root), ['unused@crates/a/Cargo.toml:8:1']);
  assert.equal(findings[0]!.data.dep, 'json');
  assert.equal(findings[0]!.crate, 'serde_json');
  assert.deepEqual(findings[0]!.related?.map((r) => `${r.location.line} ${r.message}`), ['9 declared in [workspace.dependencies]']);
});

test('unused/dependency is skipped without sources (--no-sources)', async () => {
  const { auditPath } = await import('../../src/audit.js');
  const { prepareSources } = await import('../../src/source/service.js');
  const result = await auditPath(join(dir, 'bad'), {
    only: ['unused/dependency'],
    prepare: { offline: true, refresh: false, sources: false, licenses: false },
    preparers: [prepareSources],
  });
  assert.equal(result.rules.find((r) => r.id === 'unused/dependency')?.skipped, 'needs sources');
});

test('unused/dependency honors its `ignore` option', async () => {
  const root = join(dir, 'bad');
  const { loadWorkspaceSync } = await import('../../src/project/workspace.js');
  const { loadConfig } = await import('../../src/engine/config.js');
  const { runAudit } = await import('../../src/engine/run.js');
  const { loadDefaultKb } = await import('../../src/kb/load.js');
  const { ALL_RULES } = await import('../../src/rules/index.js');
  const { createSourceService } = await import('../../src/source/service.js');
  const workspace = loadWorkspaceSync(root);
  const config = loadConfig(workspace, ALL_RULES);
  config.rules.set('unused/dependency', { options: { ignore: ['unused-a', 'vergen'] }, location: { file: join(root, 'Cargo.toml'), line: 1, column: 1 } });
  const result = await runAudit(workspace, { kb: loadDefaultKb(), rules: ALL_RULES, only: ['unused/dependency'], config, services: { sources: createSourceService(workspace, { workers: 0 }) }, capabilities: ['kb', 'sources'] });
  const deps = result.findings.map((f) => f.data.dep);
  assert.ok(!deps.includes('unused-a') && !deps.includes('vergen'));
  assert.ok(deps.includes('criterion'));
});

test('unused/dependency follows workspace macros (macro_rules!, proc-macro crate names), renamed forks, never-built targets and test harnesses', async () => {
  // app: `paste` comes from `rules::make!`, `generated-target` from the derive in `macros` (through
  // `mid`), `widget-maintained` is imported as `widget`, `pinned` never builds; harness is
  // unpublished, so its test-only normal dependency is not worth a note.
  const findings = await sourceFindings(join(dir, 'workspace'), 'unused/dependency');
  assert.deepEqual(findings.map((f) => `${f.member} ${f.data.dep} ${f.messageId}`), ['app really-unused unused']);
});

test('unused/dependency keeps normal entries that steer the library graph, and tells pins and caps from path and inherited requirements', async () => {
  // app: `shell` (tests only) is referenced by [features], `spans` (tests only) adds a feature to
  // the copy `parser` uses: neither could be a dev-dependency. `capped = "~1.1.1"` holds back the
  // `capped` that parser uses, `exact = "=3.0.0"` pins one; `loose = "~1"` allows what `^1` does.
  // `sibling` is a path dependency (that `tool` uses) and `shared-pin`'s `=` comes from
  // [workspace.dependencies], which `sibling` inherits too: neither entry pins anything.
  const findings = await sourceFindings(join(dir, 'steering'), 'unused/dependency');
  assert.deepEqual(findings.map((f) => `${f.data.dep} ${f.messageId} ${f.data.purpose}`).sort(), [
    'capped feature-only caps the version (~1.1.1) of a crate another dependency uses',
    'exact feature-only pins the version (=3.0.0) of a crate another dependency uses',
    'loose unused ',
    'plain-test-dep dev-only ',
    'shared-pin unused ',
    'sibling unused ',
  ]);
});

test('unused/dependency without Cargo.lock takes a crate another member depends on as part of the graph', async () => {
  const findings = await sourceFindings(join(dir, 'nolock'), 'unused/dependency');
  assert.deepEqual(findings.map((f) => `${f.member} ${f.data.dep} ${f.messageId} ${f.data.purpose}`).sort(), ['b flags feature-only enables features (std) of a crate in the graph', 'b lonely unused ']);
});

test('unused/dependency counts what trybuild compiles (even another member\'s test cases) as dev usage', async () => {
  // runner's test hands ../ops/cases/pass/*.rs (names `blob`) and ../ops/cases/fail/**/*.rs
  // (names `fail_helper`) to trybuild, which builds them against runner's dev-dependencies.
  const findings = await sourceFindings(join(dir, 'compile-tests'), 'unused/dependency');
  assert.deepEqual(findings.map((f) => `${f.member} ${f.data.dep} ${f.messageId}`), ['runner never-used unused']);
});

test('unused/dependency reads the Rust file a doctest include!s as part of that doctest', async () => {
  // lib-a's doctest includes ../../shared/doctest_setup.rs, which is no member's and names `setup_dep`.
  const findings = await sourceFindings(join(dir, 'doctest-include'), 'unused/dependency');
  assert.deepEqual(findings.map((f) => `${f.member} ${f.data.dep} ${f.messageId}`), ['lib-a unused-dev unused']);
});
