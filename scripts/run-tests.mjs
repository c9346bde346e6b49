// Runs every compiled test file with node's test runner. Node 20's `--test` does not expand
// globs, so the files are listed here; extra arguments filter by substring of the path.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir, out) {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (entry.endsWith('.test.js')) out.push(full);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = walk('dist/test', []).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
const reporter = process.env.CI ? ['--test-reporter=spec'] : [];
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...reporter, ...files], { stdio: ['ignore', 'inherit', 'inherit'] });
process.exit(result.status ?? 1);
