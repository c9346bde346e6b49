// Building the workspace model vs `cargo metadata --no-deps` in the same run.
//
//   npm run build && node dist/bench/model.bench.js [extra-workspace-dir …]
//
// Cases: a generated workspace with 500 members (inheritance, globs, target tables, a lockfile)
// and any real workspaces given on the command line (e.g. /tmp/real/wasmtime). Each is timed
// best-of-N three ways: cargo-stack in-process (the library), cargo-stack as a process
// (`map --format json`, with Node's startup), and cargo as a process. Ratios < 1 mean faster.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkspaceSync } from '../src/project/workspace.js';
import { REPO_ROOT } from '../test/support/paths.js';
import { bestOf } from './support.js';

function generate(members: number): string {
  const root = mkdtempSync(join(tmpdir(), 'cargo-stack-bench-'));
  const deps = ['serde', 'tokio', 'tracing', 'anyhow', 'thiserror', 'regex', 'rand', 'clap'];
  writeFileSync(
    join(root, 'Cargo.toml'),
    `[workspace]\nmembers = ["crates/*"]\nresolver = "3"\n\n[workspace.package]\nversion = "0.1.0"\nedition = "2024"\nrust-version = "1.85"\n\n[workspace.dependencies]\n${deps.map((d) => `${d} = "1"`).join('\n')}\n`,
  );
  const lock = ['version = 4', ''];
  for (let i = 0; i < members; i++) {
    const dir = join(root, 'crates', `member-${i}`);
    mkdirSync(join(dir, 'src'), { recursive: true });
    const pathDep = i > 0 ? `member-${i - 1} = { path = "../member-${i - 1}" }\n` : '';
    writeFileSync(
      join(dir, 'Cargo.toml'),
      `[package]\nname = "member-${i}"\nversion.workspace = true\nedition.workspace = true\nrust-version.workspace = true\n\n[dependencies]\n${deps
        .slice(0, 1 + (i % deps.length))
        .map((d) => `${d} = { workspace = true }`)
        .join('\n')}\n${pathDep}\n[target.'cfg(unix)'.dependencies]\nlibc = "0.2"\n\n[dev-dependencies]\nproptest = "1"\n`,
    );
    writeFileSync(join(dir, 'src', 'lib.rs'), '');
    lock.push('[[package]]', `name = "member-${i}"`, 'version = "0.1.0"', '');
  }
  writeFileSync(join(root, 'Cargo.lock'), lock.join('\n'));
  return root;
}

const cargoOk = spawnSync('cargo', ['--version'], { env: { ...process.env, RUSTUP_TOOLCHAIN: 'stable' } }).status === 0;
const generated = generate(500);
const cases = [{ name: 'generated (500 members)', dir: generated }, ...process.argv.slice(2).map((dir) => ({ name: dir, dir }))];
const bin = join(REPO_ROOT, 'bin', 'cargo-stack.js');

console.log('case'.padEnd(40), 'members'.padStart(8), 'ours(lib)'.padStart(10), 'ours(cli)'.padStart(10), 'cargo'.padStart(8), 'lib/cargo'.padStart(10), 'cli/cargo'.padStart(10));
for (const { name, dir } of cases) {
  const members = loadWorkspaceSync(dir).members.length;
  const lib = bestOf(5, () => loadWorkspaceSync(dir));
  const cli = bestOf(3, () => execFileSync(process.execPath, [bin, 'map', dir, '--format', 'json'], { maxBuffer: 1 << 30 }));
  const cargo = cargoOk
    ? bestOf(3, () =>
        execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1', '--offline', '--manifest-path', join(dir, 'Cargo.toml')], {
          env: { ...process.env, RUSTUP_TOOLCHAIN: 'stable' },
          maxBuffer: 1 << 30,
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      )
    : NaN;
  const ms = (x: number): string => (Number.isNaN(x) ? 'n/a' : `${x.toFixed(0)}ms`);
  console.log(name.padEnd(40), String(members).padStart(8), ms(lib).padStart(10), ms(cli).padStart(10), ms(cargo).padStart(8), (lib / cargo).toFixed(2).padStart(10), (cli / cargo).toFixed(2).padStart(10));
}
if (!cargoOk) console.log('cargo not found: ratios need cargo on PATH');
rmSync(generated, { recursive: true, force: true });
