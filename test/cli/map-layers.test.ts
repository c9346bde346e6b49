import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';

const demo = join(REPO_ROOT, 'examples/demo');

interface Dep {
  name: string;
  req: string;
  kind: string | null;
  source: string | null;
  layer: string | null;
  category: string | null;
  status: string | null;
}
interface Json {
  packages: { name: string; dependencies: Dep[] }[];
}

/** The lines of one member's block in `map` text output. */
function memberBlock(stdout: string, member: string): string {
  const start = stdout.indexOf(`\n  ${member} `);
  assert.ok(start >= 0, `no member ${member}`);
  const end = stdout.indexOf('\n\n', start + 1);
  return stdout.slice(start, end < 0 ? undefined : end);
}

function withWorkspace(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-map-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('map: dependencies by stack layer', () => {
  it('groups each member\'s direct dependencies under KB layer titles, with status, keeping requirement, kind, target and resolved version', async () => {
    const { code, stdout } = await runCli(['map', demo]);
    assert.equal(code, 0);
    const api = memberBlock(stdout, 'demo-api');
    assert.match(api, /\n {6}Web and networking \(web\)\n {8}axum \^0\.8\.4 → 0\.8\.4 recommended\n/);
    assert.match(api, /\n {6}Data \(data\)\n {8}sqlx \^0\.8 → 0\.8\.6 recommended \[no-default-features;/);
    assert.match(api, /tokio \^1\.47 → 1\.47\.1 recommended \[dev; features rt-multi-thread,macros,test-util; workspace\]/);
    assert.match(api, /\n {6}local \(path dependencies\)\n {8}demo-core path crates\/core → 0\.3\.1 \[workspace\]/);
    const worker = memberBlock(stdout, 'demo-worker');
    assert.match(worker, /async-std \^1\.13 → 1\.13\.1 ✖ deprecated \[features attributes\]/);
    assert.match(worker, /atty \^0\.2 → 0\.2\.14 ✖ unmaintained/);
    assert.match(worker, /nix \^0\.29 → 0\.29\.0 solid \[target cfg\(unix\); no-default-features; features signal\]/);
    assert.match(memberBlock(stdout, 'demo-core'), /lazy_static \^1\.5 → 1\.5\.0 ✖ superseded-by-std/);
    // Layers appear in kb/layers.toml order inside a member.
    assert.ok(api.indexOf('Async runtime') < api.indexOf('Web and networking') && api.indexOf('Web and networking') < api.indexOf('Foundations'));
  });

  it('paints move-away statuses red on a terminal', async () => {
    const saved = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      const { stdout } = await runCli(['map', demo], { isTTY: true });
      for (const status of ['deprecated', 'unmaintained', 'superseded-by-std']) assert.match(stdout, new RegExp(`\\x1b\\[31m✖ ${status}\\x1b\\[39m`));
      assert.doesNotMatch(stdout, /\x1b\[31mrecommended/);
    } finally {
      if (saved !== undefined) process.env.NO_COLOR = saved;
    }
  });

  it('lists crates the KB does not know under "unclassified", never dropping one', async () => {
    await withWorkspace(
      {
        'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ntokio = "1"\nzz-not-a-kb-crate = "0.1"\nmy_git = { git = "https://example.com/x.git" }\n\n[build-dependencies]\nweird-build-helper = "2"\n',
        'src/main.rs': 'fn main() {}\n',
      },
      async (dir) => {
        const { code, stdout } = await runCli(['map', dir]);
        assert.equal(code, 0);
        assert.match(stdout, /\n {6}unclassified \(not in the knowledge base\)\n {8}zz-not-a-kb-crate \^0\.1\n {8}my_git git https:\/\/example\.com\/x\.git\n {8}weird-build-helper \^2 \[build\]\n/);
        assert.match(stdout, /dependencies \(4\)/);
        const json = JSON.parse((await runCli(['map', dir, '--format', 'json'])).stdout) as Json;
        const deps = json.packages[0]!.dependencies;
        assert.equal(deps.length, 4);
        assert.deepEqual(
          deps.map((d) => [d.name, d.layer, d.category, d.status]),
          [
            ['tokio', 'async-runtime', 'async-runtime', 'recommended'],
            ['zz-not-a-kb-crate', null, null, null],
            ['my_git', null, null, null],
            ['weird-build-helper', null, null, null],
          ],
        );
      },
    );
  });

  it('every dependency shown in text appears exactly once per member (nothing lost by grouping)', async () => {
    const { stdout } = await runCli(['map', demo]);
    const json = JSON.parse((await runCli(['map', demo, '--format', 'json'])).stdout) as Json;
    for (const pkg of json.packages) {
      const block = memberBlock(stdout, pkg.name);
      const depLines = block.split('\n').filter((l) => /^ {8}\S/.test(l));
      assert.equal(depLines.length, pkg.dependencies.length, pkg.name);
      assert.match(block, new RegExp(`dependencies \\(${pkg.dependencies.length}\\)`));
    }
  });
});

describe('map --format json: KB fields', () => {
  it('adds layer, category and status to every dependency, keeping cargo metadata\'s fields', async () => {
    const { code, stdout } = await runCli(['map', demo, '--format', 'json']);
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as Json;
    for (const pkg of json.packages) {
      for (const dep of pkg.dependencies) {
        for (const key of ['name', 'source', 'req', 'kind', 'rename', 'optional', 'uses_default_features', 'features', 'target', 'registry', 'resolved_version', 'location', 'layer', 'category', 'status']) {
          assert.ok(key in dep, `${pkg.name}/${dep.name} lacks ${key}`);
        }
      }
    }
    const api = json.packages.find((p) => p.name === 'demo-api')!;
    const axum = api.dependencies.find((d) => d.name === 'axum')!;
    assert.deepEqual([axum.layer, axum.category, axum.status], ['web', 'web-framework', 'recommended']);
    const core = api.dependencies.find((d) => d.name === 'demo-core')!;
    assert.deepEqual([core.layer, core.category, core.status], [null, null, null]);
    const worker = json.packages.find((p) => p.name === 'demo-worker')!;
    assert.equal(worker.dependencies.find((d) => d.name === 'async-std')!.status, 'deprecated');
  });
});
