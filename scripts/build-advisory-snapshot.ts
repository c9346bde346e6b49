// Builds data/advisory-db/ (the advisory snapshot shipped with cargo-stack) from a checkout of
// rustsec/advisory-db: parses every crates/<crate>/RUSTSEC-*.md into one gzipped JSON file and
// copies the license files and SNAPSHOT.txt next to it.
// Run: npx tsc -p . && node dist/scripts/build-advisory-snapshot.js [advisory-db dir] [out dir]
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildDb, encodeDb } from '../src/registry/advisory-db.js';
import { PACKAGE_ROOT } from '../src/util/paths.js';

const input = resolve(process.argv[2] ?? join(PACKAGE_ROOT, '..', 'shared', 'data', 'advisory-db'));
const out = resolve(process.argv[3] ?? join(PACKAGE_ROOT, 'data', 'advisory-db'));

function* advisoryFiles(root: string): Generator<{ path: string; text: string }> {
  const crates = join(root, 'crates');
  for (const crate of readdirSync(crates).sort()) {
    const dir = join(crates, crate);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.md')) yield { path: `crates/${crate}/${file}`, text: readFileSync(join(dir, file), 'utf8') };
    }
  }
}

const snapshotText = existsSync(join(input, 'SNAPSHOT.txt')) ? readFileSync(join(input, 'SNAPSHOT.txt'), 'utf8') : '';
const commit = /Snapshot commit:\s*([0-9a-f]{40})/.exec(snapshotText)?.[1] ?? null;
const dateText = /Commit date:\s*(\S+)/.exec(snapshotText)?.[1];
const commitDate = dateText ? new Date(dateText).toISOString() : null;
const db = buildDb(advisoryFiles(input), 'github.com/rustsec/advisory-db (branch main)', commit, commitDate);
if (db.advisories.length === 0) throw new Error(`no advisories under ${input}/crates`);

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'LICENSES'), { recursive: true });
writeFileSync(join(out, 'advisories.json.gz'), encodeDb(db));
for (const file of ['SNAPSHOT.txt', 'LICENSE.txt']) if (existsSync(join(input, file))) copyFileSync(join(input, file), join(out, file));
for (const file of readdirSync(join(input, 'LICENSES'))) copyFileSync(join(input, 'LICENSES', file), join(out, 'LICENSES', file));
// The source checkout may be read-only; the copies are the repository's own files.
for (const file of ['SNAPSHOT.txt', 'LICENSE.txt', ...readdirSync(join(input, 'LICENSES')).map((f) => join('LICENSES', f))]) if (existsSync(join(out, file))) chmodSync(join(out, file), 0o644);
writeFileSync(
  join(out, 'README.md'),
  `# RustSec advisory snapshot

\`advisories.json.gz\` holds the ${db.advisories.length} advisories of the RustSec advisory database
(https://github.com/rustsec/advisory-db, \`crates/\` only) at commit ${commit ?? 'unknown'}
(${commitDate ?? 'unknown date'}), parsed into cargo-stack's compact JSON form (front matter and
title; the Markdown descriptions are left out — each advisory keeps its \`url\`).

cargo-stack uses it when it cannot fetch the live database (\`--offline\` on a fresh machine) and
says how old it is. Rebuild it with \`node dist/scripts/build-advisory-snapshot.js <advisory-db checkout>\`.

License: the advisory data is dedicated to the public domain under CC0-1.0 (LICENSES/CC0-1.0.txt),
except advisories whose \`license\` field is "CC-BY-4.0": those are adapted from the GitHub Advisory
Database and licensed under CC-BY-4.0 (LICENSES/CC-BY-4.0.txt); their \`url\` field gives the
attribution. See LICENSE.txt and SNAPSHOT.txt (copied unchanged from the source).
`,
);
console.log(`wrote ${db.advisories.length} advisories (${db.problems.length} unreadable) to ${out}`);
for (const problem of db.problems) console.log(`  skipped ${problem}`);
