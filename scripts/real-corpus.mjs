// Rebuilds the real-world corpus that scripts/compare-real.ts and scripts/audit-real.ts read (see
// scripts/real-cases.md). Nothing it writes is committed: it all lives under /tmp.
//
//   node scripts/real-corpus.mjs extract <bare-git-dir> <dest>   HEAD of a fetched snapshot, skipping missing blobs
//   node scripts/real-corpus.mjs oracle                          cargo metadata for the curated cases -> /tmp/real-oracle
//   node scripts/real-corpus.mjs sweep                           every Cargo.toml under /tmp/real -> /tmp/real-sweep/oracle
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CASES = fileURLToPath(new URL('./real-cases.txt', import.meta.url));

function metadata(manifest, toolchain) {
  const started = performance.now();
  const r = spawnSync('cargo', ['metadata', '--no-deps', '--format-version', '1', '--offline', '--manifest-path', manifest], {
    cwd: '/tmp',
    // A rust-toolchain.toml pin names a toolchain that may not be installed.
    env: { ...process.env, RUSTUP_TOOLCHAIN: toolchain ?? 'stable' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString(), ms: Math.round(performance.now() - started) };
}

/** `git archive` stops at the first blob a snapshot lacks; this reads blob by blob and skips those. */
async function extract(gitDir, dest) {
  const tree = spawnSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', 'HEAD'], { maxBuffer: 1 << 30 });
  if (tree.status !== 0) throw new Error(tree.stderr.toString());
  const entries = tree.stdout.toString('utf8').split('\0').filter(Boolean).map((line) => {
    const [meta, path] = line.split('\t');
    const [mode, type, sha] = meta.split(' ');
    return { mode, type, sha, path };
  }).filter((e) => e.type === 'blob');
  const cat = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = Buffer.alloc(0);
  const chunks = cat.stdout[Symbol.asyncIterator]();
  const need = async (n) => {
    while (buffer.length < n) {
      const { value, done } = await chunks.next();
      if (done) throw new Error('git cat-file ended early');
      buffer = Buffer.concat([buffer, value]);
    }
  };
  let missing = 0;
  for (const e of entries) {
    cat.stdin.write(`${e.sha}\n`);
    let eol;
    for (;;) {
      eol = buffer.indexOf(10);
      if (eol >= 0) break;
      await need(buffer.length + 1);
    }
    const header = buffer.subarray(0, eol).toString();
    buffer = buffer.subarray(eol + 1);
    if (header.endsWith(' missing')) {
      missing++;
      continue;
    }
    const size = Number(header.split(' ')[2]);
    await need(size + 1);
    const data = buffer.subarray(0, size);
    buffer = buffer.subarray(size + 1);
    const full = join(dest, e.path);
    mkdirSync(dirname(full), { recursive: true });
    if (e.mode === '120000') {
      try {
        symlinkSync(data.toString(), full);
      } catch {
        // Already there.
      }
    } else {
      writeFileSync(full, data);
      if (e.mode === '100755') chmodSync(full, 0o755);
    }
  }
  cat.stdin.end();
  console.log(`${dest}: ${entries.length} files, ${missing} missing from the snapshot`);
}

function oracle() {
  mkdirSync('/tmp/real-oracle', { recursive: true });
  const cases = [];
  for (const line of readFileSync(CASES, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [name, dir, toolchain] = line.trim().split(/\s+/);
    const root = `/tmp/real/${dir}`;
    const manifest = `${root}/Cargo.toml`;
    const r = metadata(manifest, toolchain);
    const c = { case: name, root, manifest, ...(toolchain ? { toolchain } : {}), oracleMs: r.ms, ok: r.ok };
    if (r.ok) writeFileSync(`/tmp/real-oracle/${name}.json`, r.stdout);
    else c.error = r.stderr;
    cases.push(c);
    console.log(name, r.ok ? 'ok' : `cargo fails: ${r.stderr.split('\n').find((l) => l.includes('error')) ?? ''}`, `${r.ms} ms`);
  }
  writeFileSync('/tmp/real-oracle/cases.json', JSON.stringify(cases, null, 1));
}

function sweep() {
  mkdirSync('/tmp/real-sweep/oracle', { recursive: true });
  const found = spawnSync('find', ['/tmp/real', '-name', 'Cargo.toml', '-not', '-path', '*/target/*'], { maxBuffer: 1 << 28 });
  const manifests = found.stdout.toString().split('\n').filter(Boolean).sort();
  const roots = new Set();
  const cases = [];
  manifests.forEach((manifest, i) => {
    const name = `sweep-${i + 1}`;
    const root = dirname(manifest);
    const r = metadata(manifest);
    if (r.ok) {
      const workspaceRoot = JSON.parse(r.stdout).workspace_root;
      if (roots.has(workspaceRoot)) return;
      roots.add(workspaceRoot);
      writeFileSync(`/tmp/real-sweep/oracle/${name}.json`, r.stdout);
      cases.push({ case: name, root, manifest, oracleMs: r.ms, ok: true });
    } else cases.push({ case: name, root, manifest, oracleMs: r.ms, ok: false, error: r.stderr });
  });
  writeFileSync('/tmp/real-sweep/oracle/cases.json', JSON.stringify(cases, null, 1));
  console.log(`${manifests.length} manifests: ${cases.filter((c) => c.ok).length} workspaces Cargo loads, ${cases.filter((c) => !c.ok).length} manifests it rejects`);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'extract' && args.length === 2) await extract(args[0], args[1]);
else if (command === 'oracle') oracle();
else if (command === 'sweep') sweep();
else {
  console.error('usage: node scripts/real-corpus.mjs extract <bare-git-dir> <dest> | oracle | sweep');
  process.exit(2);
}
