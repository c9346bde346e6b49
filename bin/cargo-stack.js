#!/usr/bin/env node
import { statSync } from 'node:fs';

// The CLI bundled into one file (npm run build) starts ~150 ms sooner than the compiled tree;
// a bundle older than the compiled tree (a build without the bundling step) is not used (the
// same test as bundleIsCurrent in src/util/fs.ts, which this file cannot import before choosing).
const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
const bundled = new URL('../dist/src/cli/main.bundle.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main, prestartWorkers } = await import(mtime(bundled) >= mtime(compiled) ? bundled.href : compiled.href);

const argv = process.argv.slice(2);
const args = argv[0] === 'stack' ? argv.slice(1) : argv;
// An audit that reads Rust sources starts its scan workers now, while this thread loads the
// workspace (their start-up then costs no wall time); small workspaces leave them unused.
if (args[0] === 'audit' && !args.some((a) => a === '--no-sources' || a === '-h' || a === '--help')) prestartWorkers();

// A closed pipe (`cargo-stack rules | head`) is a normal end of output, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(argv);
