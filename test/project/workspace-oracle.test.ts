import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { toCargoMetadata } from '../../src/project/metadata-json.js';
import { cargoMetadata, compareMetadata, formatComparison, hasCargo } from '../support/metadata-diff.js';
import { FIXTURES, REPO_ROOT } from '../support/paths.js';

/** Fixture workspaces that `cargo metadata --no-deps` accepts; the model must agree on every field. */
const CASES: { name: string; manifest: string }[] = [
  'virtual-globs',
  'inheritance',
  'deps-tables',
  'toml11',
  'targets',
  'targets2015',
  'targets-without-lib',
  'target-files-missing',
  'detached',
  'detached/inner',
  'symlinks',
  'patches',
  'replace',
  'real-quirks',
  'real-quirks/crates/x',
].map((name) => ({ name, manifest: join(FIXTURES, 'workspaces', name, 'Cargo.toml') }));
CASES.push({ name: 'examples/demo', manifest: join(REPO_ROOT, 'examples/demo/Cargo.toml') });

for (const { name, manifest } of CASES) {
  test(`model agrees with cargo metadata: ${name}`, { skip: hasCargo() ? false : 'cargo is not installed (CI installs it)' }, () => {
    const ours = toCargoMetadata(loadWorkspaceSync(manifest));
    const oracle = cargoMetadata(manifest);
    const comparison = compareMetadata(ours, oracle);
    assert.deepEqual(comparison.disagreements, [], formatComparison(comparison));
  });

  test(`no error diagnostic where Cargo accepts the workspace: ${name}`, () => {
    const errors = loadWorkspaceSync(manifest).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
  });
}

/** Manifests Cargo rejects: the model must say so with an error diagnostic (and Cargo must agree). */
const REJECTED: { name: string; code: string }[] = [
  { name: 'no-targets', code: 'manifest/no-targets' },
  { name: 'build-script-only', code: 'manifest/no-targets' },
  { name: 'bin-missing', code: 'manifest/target-source-missing' },
  { name: 'lib-missing', code: 'manifest/target-source-missing' },
  { name: 'no-source', code: 'manifest/dependency-without-source' },
  { name: 'default-features-2024', code: 'manifest/default-features-ignored' },
];

for (const { name, code } of REJECTED) {
  test(`a manifest Cargo rejects is an error diagnostic: ${name}`, () => {
    const dir = join(FIXTURES, 'workspaces/rejected', name);
    const ws = loadWorkspaceSync(dir);
    const diagnostic = ws.diagnostics.find((d) => d.code === code);
    assert.ok(diagnostic, JSON.stringify(ws.diagnostics));
    assert.equal(diagnostic.severity, 'error');
    if (hasCargo()) assert.throws(() => cargoMetadata(join(dir, 'Cargo.toml')));
  });
}
