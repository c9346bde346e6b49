// Runs the full offline audit on every workspace under a folder of real repositories (one per
// subfolder; see scripts/real-cases.md for how the corpus is made) and prints findings per rule
// and the time per workspace. Usage: node dist/scripts/audit-real.js /tmp/real [--json out.json]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../src/engine/run.js';
import { REPO_ROOT } from '../test/support/paths.js';

const [corpus = '/tmp/real', ...rest] = process.argv.slice(2);
const jsonOut = rest[0] === '--json' ? rest[1] : undefined;
const bin = join(REPO_ROOT, 'bin', 'cargo-stack.js');
const perRule = new Map<string, Map<string, number>>();
const rows: { repo: string; ms: number; members: number; error: number; warning: number; note: number }[] = [];
const results: Record<string, RunResult> = {};

for (const repo of readdirSync(corpus).sort()) {
  const dir = join(corpus, repo);
  if (!existsSync(join(dir, 'Cargo.toml'))) continue;
  const started = performance.now();
  let out: string;
  try {
    out = execFileSync(process.execPath, [bin, 'audit', dir, '--offline', '--format', 'json', '--fail-on', 'never'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (error) {
    console.log(`${repo}: failed: ${(error as Error).message.split('\n')[0]}`);
    continue;
  }
  const ms = performance.now() - started;
  const result = JSON.parse(out) as RunResult;
  results[repo] = result;
  rows.push({ repo, ms, members: result.workspace.members.length, ...result.summary });
  for (const f of result.findings) {
    const counts = perRule.get(f.ruleId) ?? new Map<string, number>();
    counts.set(repo, (counts.get(repo) ?? 0) + 1);
    perRule.set(f.ruleId, counts);
  }
}

console.log('workspace'.padEnd(16), 'members'.padStart(7), 'time'.padStart(8), 'errors'.padStart(7), 'warnings'.padStart(9), 'notes'.padStart(6));
for (const r of rows) console.log(r.repo.padEnd(16), String(r.members).padStart(7), `${(r.ms / 1000).toFixed(2)}s`.padStart(8), String(r.error).padStart(7), String(r.warning).padStart(9), String(r.note).padStart(6));
console.log('');
console.log('rule'.padEnd(36), 'total'.padStart(6), 'workspaces'.padStart(11));
for (const [rule, counts] of [...perRule].sort((a, b) => a[0].localeCompare(b[0]))) {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(rule.padEnd(36), String(total).padStart(6), String(counts.size).padStart(11));
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results));
