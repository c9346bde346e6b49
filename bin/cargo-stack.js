#!/usr/bin/env node
const argv = process.argv.slice(2);
const args = argv[0] === 'stack' ? argv.slice(1) : argv;
// An audit that reads Rust sources starts its scan workers now, while this thread loads the
// workspace (their start-up then costs no wall time); small workspaces leave them unused.
if (args[0] === 'audit' && !args.some((a) => a === '--no-sources' || a === '-h' || a === '--help')) {
  const { prestartWorkers } = await import('../dist/src/source/pool.js');
  prestartWorkers();
}
const { main } = await import('../dist/src/cli/main.js');

// A closed pipe (`cargo-stack rules | head`) is a normal end of output, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(argv);
