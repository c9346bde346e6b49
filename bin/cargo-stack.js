#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

// A closed pipe (`cargo-stack rules | head`) is a normal end of output, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
