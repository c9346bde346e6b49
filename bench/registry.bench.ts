// A 1,000-package lockfile audited against a local registry that adds 50 ms to every answer:
// cold cache, warm cache (fresh entries, no requests) and warm with --refresh (ETag revalidation).
// Run: npm run build && node dist/bench/registry.bench.js
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexPath } from '../src/registry/sparse-index.js';
import { auditWithRegistry, cleanTemps, seedAdvisoryCache, tempDir, testSettings } from '../test/registry/support/env.js';
import { SHARED_DATA, TestRegistry } from '../test/registry/support/server.js';
import { makeTarGz, type TarInput } from '../test/registry/support/tar-writer.js';

const COUNT = 1000;
const LATENCY_MS = 50;
const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';

function name(i: number): string {
  return `bench-crate-${String(i).padStart(4, '0')}`;
}

function makeWorkspace(): string {
  const dir = tempDir('cargo-stack-bench-');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'lib.rs'), '');
  const direct = Array.from({ length: 100 }, (_, i) => `${name(i)} = "1"`).join('\n');
  writeFileSync(join(dir, 'Cargo.toml'), `[package]\nname = "bench"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${direct}\n`);
  const lines = ['version = 4', '', '[[package]]', 'name = "bench"', 'version = "0.1.0"', 'dependencies = [', ...Array.from({ length: 100 }, (_, i) => ` "${name(i)}",`), ']', ''];
  for (let i = 0; i < COUNT; i++) {
    // Each crate depends on the next ten, so the graph is deep as well as wide.
    const deps = i < 100 ? Array.from({ length: 9 }, (_, k) => name(100 + i * 9 + k)) : [];
    lines.push('[[package]]', `name = "${name(i)}"`, `version = "1.${i % 7}.0"`, `source = "${CRATES_IO}"`);
    if (deps.length > 0) lines.push('dependencies = [', ...deps.map((d) => ` "${d}",`), ']');
    lines.push('');
  }
  writeFileSync(join(dir, 'Cargo.lock'), lines.join('\n'));
  return dir;
}

function indexLines(i: number): object[] {
  return Array.from({ length: 12 }, (_, v) => ({ name: name(i), vers: `1.${v}.0`, deps: [], cksum: '0'.repeat(64), features: {}, yanked: v === 3, rust_version: '1.70' }));
}

function advisoryArchive(): Buffer | null {
  const db = join(SHARED_DATA, 'advisory-db', 'crates');
  if (!existsSync(db)) return null;
  const files: TarInput[] = [];
  for (const crate of readdirSync(db)) for (const f of readdirSync(join(db, crate))) files.push({ path: `advisory-db-main/crates/${crate}/${f}`, data: readFileSync(join(db, crate, f)) });
  return makeTarGz(files, { comment: 'b'.repeat(40) });
}

const server = new TestRegistry();
await server.start();
for (let i = 0; i < COUNT; i++) server.setIndexFile(indexPath(name(i)), indexLines(i));
const archive = advisoryArchive();
if (archive) server.files.set('/advisory-db.tar.gz', archive);
server.latencyMs = LATENCY_MS;
const workspace = makeWorkspace();
const settings = testSettings({ cratesIoIndex: server.indexUrl, advisoryUrl: `${server.url}/advisory-db.tar.gz`, now: Date.now });
if (!archive) seedAdvisoryCache(settings.cacheDir, Date.now());
const rules = ['security/vulnerability', 'deps/yanked', 'deps/outdated'];

async function run(label: string, refresh: boolean): Promise<void> {
  const before = server.log.length;
  const started = performance.now();
  const { result, service } = await auditWithRegistry(workspace, rules, settings, { refresh });
  const ms = performance.now() - started;
  const answers = server.log.slice(before);
  const notModified = answers.filter((r) => r.status === 304).length;
  console.log(
    `${label.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  ${String(service.requests).padStart(5)} requests (${notModified} × 304)  ${result.findings.length} findings`,
  );
}

console.log(`${COUNT} locked packages, ${LATENCY_MS} ms added latency per request${archive ? ', advisory archive served too' : ''}`);
await run('cold cache', false);
await run('warm cache', false);
await run('warm cache, --refresh', true);
await server.stop();
cleanTemps();
