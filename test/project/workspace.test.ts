import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { loadAllWorkspaces, loadWorkspaceSync } from '../../src/project/workspace.js';
import { ToolError } from '../../src/util/errors.js';
import { FIXTURES, REPO_ROOT } from '../support/paths.js';

/** Writes a tree of files into a fresh temporary directory and returns its path. */
function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'cargo-stack-ws-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const pkg = (name: string, extra = ''): string => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${extra}`;

test('finds the workspace root from a member directory and from a nested source directory', () => {
  const demo = join(REPO_ROOT, 'examples/demo');
  for (const start of [join(demo, 'crates/api'), join(demo, 'crates/api/src'), join(demo, 'crates/core/Cargo.toml')]) {
    const ws = loadWorkspaceSync(start);
    assert.equal(ws.root, demo);
    assert.equal(ws.members.length, 4);
  }
});

test('resolves each declared dependency to the version Cargo.lock picked for that member', () => {
  const ws = loadWorkspaceSync(join(REPO_ROOT, 'examples/demo'));
  const core = ws.members.find((m) => m.name === 'demo-core')!;
  assert.equal(core.dependencies.find((d) => d.name === 'thiserror')?.resolved?.version, '1.0.69');
  const api = ws.members.find((m) => m.name === 'demo-api')!;
  assert.equal(api.dependencies.find((d) => d.name === 'axum')?.resolved?.version, '0.8.4');
  const cli = ws.members.find((m) => m.name === 'demo-cli')!;
  const renamed = cli.dependencies.find((d) => d.rename === 'core_types')!;
  assert.equal(renamed.name, 'demo-core');
  assert.equal(renamed.resolved?.version, '0.3.1');
  assert.equal(ws.lockfile?.version, 4);
});

test('dependency locations point at the key in the right Cargo.toml', () => {
  const ws = loadWorkspaceSync(join(FIXTURES, 'workspaces/deps-tables'));
  const deps = ws.members[0]!.dependencies;
  const at = (name: string): string => {
    const d = deps.find((x) => (x.rename ?? x.name) === name)!;
    return `${d.location.line}:${d.location.column}`;
  };
  assert.equal(at('plain'), '7:1');
  assert.equal(at('table-style'), '25:15');
  assert.equal(at('unix-only'), '38:1');
  const inherited = loadWorkspaceSync(join(FIXTURES, 'workspaces/inheritance')).members.find((m) => m.name === 'member')!;
  const serde = inherited.dependencies.find((d) => d.name === 'serde')!;
  assert.ok(serde.location.file.endsWith('inheritance/member/Cargo.toml'));
  assert.equal(serde.location.line, 10);
});

test('inherited dependencies merge features and default-features the way Cargo does', () => {
  const ws = loadWorkspaceSync(join(FIXTURES, 'workspaces/inheritance'));
  const root = ws.members.find((m) => m.name === 'root-app')!;
  const serde = root.dependencies.find((d) => d.name === 'serde')!;
  assert.deepEqual(serde.features, ['derive', 'std']);
  assert.equal(serde.usesDefaultFeatures, false);
  assert.equal(serde.inherited, true);
  const member = ws.members.find((m) => m.name === 'member')!;
  assert.equal(member.dependencies.find((d) => d.name === 'serde')!.usesDefaultFeatures, true);
  assert.equal(member.dependencies.find((d) => d.name === 'anyhow')!.optional, true);
  assert.equal(member.rustVersion, null);
  assert.equal(root.rustVersion, '1.85');
  assert.equal(ws.resolver, '3');
  assert.equal(ws.resolverExplicit, false);
});

test('members: globs, exclude, default-members, path dependencies inside the root', () => {
  const ws = loadWorkspaceSync(join(FIXTURES, 'workspaces/virtual-globs'));
  assert.deepEqual(ws.members.map((m) => m.name).sort(), ['a', 'b', 'deep', 'gen', 'helper']);
  assert.equal(ws.defaultMembers.length, 1);
  assert.ok(ws.defaultMembers[0]!.endsWith('crates/a/Cargo.toml'));
  assert.equal(ws.virtual, true);
  assert.equal(ws.resolver, '2');
  assert.deepEqual(ws.diagnostics, []);
});

test('a package with an empty [workspace] is detached from the enclosing workspace', () => {
  const ws = loadWorkspaceSync(join(FIXTURES, 'workspaces/detached/inner'));
  assert.equal(ws.members.length, 1);
  assert.equal(ws.members[0]!.name, 'inner');
  const outer = loadWorkspaceSync(join(FIXTURES, 'workspaces/detached'), { scanStrays: true });
  assert.deepEqual(outer.members.map((m) => m.name), ['sub']);
  assert.deepEqual(outer.strayManifests, []);
});

test('package.workspace points a member at its root', () => {
  const ws = loadWorkspaceSync(join(FIXTURES, 'workspaces/detached/pointing/sub'));
  assert.ok(ws.rootManifestPath.endsWith('detached/Cargo.toml'));
});

test('profiles, [patch] and [replace] are read with locations', () => {
  const ws = loadWorkspaceSync(join(FIXTURES, 'workspaces/patches'));
  assert.deepEqual(ws.profiles.map((p) => p.name), ['release', 'dev']);
  assert.equal(ws.profiles[0]!.settings.lto, 'fat');
  assert.deepEqual(ws.patches.map((p) => `${p.registry}/${p.key}`), ['crates-io/serde', 'https://github.com/example/repo/thing']);
  assert.equal(ws.patches[0]!.dependency.source.type, 'git');
  const replaced = loadWorkspaceSync(join(FIXTURES, 'workspaces/replace'));
  assert.deepEqual(replaced.replace.map((r) => r.key), ['foo:0.1.0']);
});

test('cfg(any()) tables are kept, with the target Cargo prints', () => {
  const ws = loadWorkspaceSync(join(FIXTURES, 'workspaces/deps-tables'));
  const targets = new Set(ws.members[0]!.dependencies.map((d) => d.target));
  assert.ok(targets.has('cfg(any())'));
  assert.ok(targets.has('cfg(all(target_os = "linux", not(target_env = "musl")))'));
  assert.ok(targets.has('x86_64-pc-windows-msvc'));
});

test('malformed TOML in one member is a located diagnostic and the other members are still read', () => {
  const root = tree({
    'Cargo.toml': '[workspace]\nmembers = ["good", "bad"]\n',
    'good/Cargo.toml': pkg('good'),
    'good/src/lib.rs': '',
    'bad/Cargo.toml': '[package]\nname = "bad"\nversion = "0.1.0\n',
  });
  try {
    const ws = loadWorkspaceSync(root);
    assert.deepEqual(ws.members.map((m) => m.name), ['good']);
    const d = ws.diagnostics.find((x) => x.code === 'manifest/parse-error')!;
    assert.ok(d, JSON.stringify(ws.diagnostics));
    assert.ok(d.location!.file.endsWith('bad/Cargo.toml'));
    assert.equal(d.location!.line, 3);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a member glob that matches nothing and a missing member directory are reported at the members entry', () => {
  const root = tree({ 'Cargo.toml': '[workspace]\nmembers = [\n  "crates/*",\n  "missing",\n  "../outside",\n]\n', 'README.md': '' });
  try {
    const ws = loadWorkspaceSync(root);
    const byCode = new Map([...ws.diagnostics].reverse().map((d) => [d.code, d]));
    assert.equal(byCode.get('workspace/member-glob-empty')?.location?.line, 3);
    assert.equal(byCode.get('workspace/member-glob-empty')?.location?.column, 3);
    assert.equal(byCode.get('workspace/member-missing')?.location?.line, 4);
    assert.equal(byCode.get('workspace/member-outside-root')?.location?.line, 5);
    assert.equal(ws.members.length, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a symlink loop under a ** glob is reported and not followed forever', () => {
  const root = tree({ 'Cargo.toml': '[workspace]\nmembers = ["crates/**"]\n', 'crates/a/Cargo.toml': pkg('a'), 'crates/a/src/lib.rs': '' });
  try {
    symlinkSync('..', join(root, 'crates/a/back'));
    const ws = loadWorkspaceSync(root);
    assert.deepEqual(ws.members.map((m) => m.name), ['a']);
    assert.ok(ws.diagnostics.some((d) => d.code === 'workspace/symlink-loop'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('non-UTF-8 and huge manifests are diagnostics, not crashes', () => {
  const root = tree({
    'Cargo.toml': '[workspace]\nmembers = ["latin1", "huge", "ok"]\n',
    'latin1/Cargo.toml': Buffer.concat([Buffer.from('[package]\nname = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]),
    'huge/Cargo.toml': `${pkg('huge')}\n#${'x'.repeat(9 * 1024 * 1024)}\n`,
    'ok/Cargo.toml': pkg('ok'),
  });
  try {
    const ws = loadWorkspaceSync(root);
    assert.deepEqual(ws.members.map((m) => m.name), ['ok']);
    const codes = ws.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('manifest/file-not-utf8'), codes.join());
    assert.ok(codes.includes('manifest/file-too-large'), codes.join());
    const utf8 = ws.diagnostics.find((d) => d.code === 'manifest/file-not-utf8')!;
    assert.equal(utf8.location?.line, 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a lockfile of an unknown version is reported and the workspace is still read', () => {
  const root = tree({ 'Cargo.toml': pkg('solo'), 'src/main.rs': '', 'Cargo.lock': 'version = 9\n\n[[package]]\nname = "solo"\nversion = "0.1.0"\n' });
  try {
    const ws = loadWorkspaceSync(root);
    assert.equal(ws.members.length, 1);
    assert.ok(ws.diagnostics.some((d) => d.code === 'lockfile/unknown-version'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('Cargo.toml files that are neither members nor excluded are reported; fixtures that are not packages are not', () => {
  const root = tree({
    'Cargo.toml': '[workspace]\nmembers = ["a"]\n',
    'a/Cargo.toml': pkg('a'),
    'a/src/lib.rs': '',
    'forgotten/Cargo.toml': pkg('forgotten'),
    'a/tests/fixtures/broken/Cargo.toml': 'this is {not toml',
    'target/debug/build/x/Cargo.toml': pkg('x'),
  });
  try {
    const ws = loadWorkspaceSync(root, { scanStrays: true });
    assert.deepEqual(ws.strayManifests.map((p) => p.slice(root.length + 1)), ['forgotten/Cargo.toml']);
    const fromStray = loadWorkspaceSync(join(root, 'forgotten'));
    assert.ok(fromStray.diagnostics.some((d) => d.code === 'workspace/not-a-member'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a folder of independent workspaces with no root manifest loads each one once', () => {
  const root = tree({
    'one/Cargo.toml': '[workspace]\nmembers = ["x"]\n',
    'one/x/Cargo.toml': pkg('x'),
    'two/Cargo.toml': pkg('two'),
    'two/nested/Cargo.toml': pkg('nested', '\n[workspace]\n'),
  });
  try {
    assert.throws(() => loadWorkspaceSync(root), (e: unknown) => e instanceof ToolError && e.code === 'no-manifest');
    const all = loadAllWorkspaces(root);
    assert.deepEqual(all.map((ws) => ws.members.map((m) => m.name).join(',')).sort(), ['nested', 'two', 'x']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('mangled manifests never crash the loader (property)', () => {
  const base = '[workspace]\nmembers = ["m"]\n[workspace.dependencies]\nserde = { version = "1", features = ["derive"] }\n';
  const member = '[package]\nname = "m"\nversion.workspace = true\nedition = "2021"\n\n[dependencies]\nserde = { workspace = true }\n[target.\'cfg(unix)\'.dependencies]\nlibc = "0.2"\n[[bin]]\nname = "b"\n';
  fc.assert(
    fc.property(fc.nat(member.length), fc.nat(base.length), fc.string({ maxLength: 8 }), fc.boolean(), (cut, cut2, junk, which) => {
      const root = tree({
        'Cargo.toml': which ? base.slice(0, cut2) + junk + base.slice(cut2) : base,
        'm/Cargo.toml': member.slice(0, cut) + junk + member.slice(cut + 1),
      });
      try {
        loadWorkspaceSync(join(root, 'm'));
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }),
    { numRuns: 150 },
  );
});
