// The full offline audit (`cargo-stack audit --offline`, source rules included) of the largest real
// workspaces, against the floor any tool pays: `cargo metadata --no-deps` plus `rg` reading the
// same Rust files for the source rules' trigger words, measured in the same run. Prints the ratio
// and the audit's peak memory. Run: npm run build && node dist/bench/source.bench.js [dirs…]
// (default: /tmp/real/wasmtime, /tmp/real/bevy, /tmp/real/deno; missing ones are skipped).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadWorkspaceSync } from '../src/project/workspace.js';
import { walkSources } from '../src/source/walk.js';
import { bundleIsCurrent } from '../src/util/fs.js';
import { ALL_RULES } from '../src/rules/index.js';
import { isSourceRule } from '../src/source/define-source-rule.js';
import { SUPPRESSION_TOKEN } from '../src/source/suppression.js';
import type { Scanner } from '../src/source/scanner.js';

const RUNS = 3;
const repo = fileURLToPath(new URL('../../', import.meta.url));
const dirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['/tmp/real/wasmtime', '/tmp/real/bevy', '/tmp/real/deno'];

function ensureRipgrep(): void {
  if (spawnSync('rg', ['--version']).status === 0) return;
  console.error('rg (ripgrep) is missing: installing it with apt-get for the baseline…');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'ripgrep'], { stdio: 'inherit' });
  if (install.status !== 0 || spawnSync('rg', ['--version']).status !== 0) {
    console.error('could not install ripgrep; the baseline needs it');
    process.exit(1);
  }
}

async function triggerWords(): Promise<string[]> {
  const words = new Set<string>([SUPPRESSION_TOKEN]);
  for (const rule of ALL_RULES) {
    if (!isSourceRule(rule) || !rule.source.scanner) continue;
    const scanner: Scanner = rule.source.scanner.scanner;
    for (const t of [...scanner.tokens, ...(scanner.allTokens ?? [])]) words.add(t);
  }
  return [...words];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** One audit in a fresh process, as a user runs it (bin/cargo-stack.js, which starts the scan workers early): wall time from spawn to exit (node's start-up included), and the process's peak RSS. */
function audit(dir: string): { ms: number; maxRssMb: number; findings: number } {
  const script = `
    let out = '';
    process.stdout.write = (chunk) => { out += chunk; return true; };
    process.on('exit', () => process.stderr.write('\\n' + JSON.stringify({ maxRss: process.resourceUsage().maxRSS, findings: JSON.parse(out).findings.length })));
    process.argv = [process.argv[0], ${JSON.stringify(join(repo, 'bin/cargo-stack.js'))}, 'audit', ${JSON.stringify(dir)}, '--offline', '--format', 'json', '--fail-on', 'never'];
    await import(${JSON.stringify(pathToFileURL(join(repo, 'bin/cargo-stack.js')).href)});`;
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = performance.now() - started;
  const last = child.stderr.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) throw new Error(`audit of ${dir} failed: ${child.stderr.slice(-2000)}`);
  const { maxRss, findings } = JSON.parse(last) as { maxRss: number; findings: number };
  return { ms: wall, maxRssMb: maxRss / 1024, findings };
}

/** The toolchain active outside any project: a workspace's rust-toolchain.toml may pin one that is not installed. */
function defaultToolchain(): NodeJS.ProcessEnv {
  const shown = spawnSync('rustup', ['show', 'active-toolchain'], { cwd: '/', encoding: 'utf8' });
  const name = shown.status === 0 ? shown.stdout.trim().split(/\s+/)[0] : undefined;
  return name ? { ...process.env, RUSTUP_TOOLCHAIN: name } : process.env;
}
const cargoEnv = defaultToolchain();

/** `cargo metadata --no-deps` plus `rg` over the same files, in sequence, as one baseline. */
function baseline(dir: string, files: string[], words: string[]): number {
  const started = performance.now();
  const metadata = spawnSync('cargo', ['metadata', '--no-deps', '--format-version', '1', '--offline'], { cwd: dir, env: cargoEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (metadata.status !== 0) throw new Error(`cargo metadata failed in ${dir}: ${metadata.stderr.slice(0, 500)}`);
  // The file list goes through stdin-free argument batches; -F: the words are plain strings.
  const args = ['--count-matches', '--no-filename', '-F', ...words.flatMap((w) => ['-e', w])];
  for (let i = 0; i < files.length; i += 2000) {
    const rg = spawnSync('rg', [...args, ...files.slice(i, i + 2000)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (rg.status !== 0 && rg.status !== 1) throw new Error(`rg failed: ${rg.stderr.slice(0, 500)}`);
  }
  return performance.now() - started;
}

ensureRipgrep();
{
  // bin/cargo-stack.js runs the bundle only when it is not older than the compiled tree.
  const fresh = bundleIsCurrent(join(repo, 'dist/src/cli/main.bundle.js'), join(repo, 'dist/src/cli/main.js'));
  console.log(fresh ? 'CLI: bundled (dist/src/cli/main.bundle.js)' : 'CLI: compiled tree, the bundle is missing or older: run `npm run build` to measure what users run');
}
const words = await triggerWords();
console.log(`trigger words (${words.length}): ${words.join(' ')}`);
console.log('workspace   files   Rust MB   audit ms   metadata+rg ms   ratio   audit peak RSS   findings');
for (const dir of dirs) {
  if (!existsSync(join(dir, 'Cargo.toml'))) {
    console.log(`${dir}: no Cargo.toml, skipped`);
    continue;
  }
  const files = walkSources(loadWorkspaceSync(dir)).map((f) => f.path);
  const mb = files.reduce((sum, f) => sum + statSync(f).size, 0) / 1e6;
  const audits: { ms: number; maxRssMb: number; findings: number }[] = [];
  const baselines: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so that both see the same machine load and the same page cache.
    baselines.push(baseline(dir, files, words));
    audits.push(audit(dir));
  }
  const ours = median(audits.map((a) => a.ms));
  const floor = median(baselines);
  const name = dir.split('/').pop()!;
  console.log(
    `${name.padEnd(10)} ${String(files.length).padStart(6)} ${mb.toFixed(1).padStart(9)} ${ours.toFixed(0).padStart(10)} ${floor.toFixed(0).padStart(16)} ${(ours / floor).toFixed(1).padStart(7)} ${(Math.max(...audits.map((a) => a.maxRssMb)).toFixed(0) + ' MB').padStart(16)} ${String(audits[0]!.findings).padStart(10)}`,
  );
}
