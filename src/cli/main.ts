import { Command, CommanderError, Option } from 'commander';
import { ExitCode, ToolError } from '../util/errors.js';
import { VERSION } from '../util/version.js';

// For bin/cargo-stack.js, which starts the scan workers of an audit early (and may run this module bundled: one module instance).
export { prestartWorkers } from '../source/pool.js';

type Register = (program: Command, io: Io, state: RunState) => void;

/**
 * Each command's module, loaded only when needed: importing all of them (rules, ast-grep, the web
 * app, templates) costs more than most commands take to run. The order is the order of `--help`.
 */
const COMMANDS: [names: string[], load: () => Promise<Register>][] = [
  [['audit', 'rules'], async () => (await import('./commands/audit.js')).registerAudit],
  [['map'], async () => (await import('./commands/map.js')).registerMap],
  [['new'], async () => (await import('./commands/new.js')).registerNew],
  [['serve'], async () => (await import('./commands/serve.js')).registerServe],
  [['explain'], async () => (await import('./commands/explain.js')).registerExplain],
  [['compare'], async () => (await import('./commands/compare.js')).registerCompare],
];

/** The commands `args` may run: the one it names, none for --version, else all (help, typos). */
function commandsFor(args: readonly string[]): typeof COMMANDS {
  const first = args[0];
  if (first === '-V' || first === '--version') return [];
  const named = COMMANDS.filter(([names]) => first !== undefined && names.includes(first));
  return named.length > 0 ? named : COMMANDS;
}

/** Output sink, replaceable in tests. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
};

/** The exit code a command wants, set by its action. */
export interface RunState {
  exitCode: number;
}

export function formatOption(formats: readonly string[], fallback: string): Option {
  return new Option('-f, --format <format>', 'output format').choices([...formats]).default(fallback);
}

async function buildProgram(args: readonly string[], io: Io, state: RunState): Promise<Command> {
  const program = new Command('cargo-stack');
  program
    .description('Pick, audit, fix and start Rust workspaces on the modern Rust stack.\n\nReads Cargo.toml and Cargo.lock the way Cargo does; never builds or runs project code.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    // Descriptions are written for 100 columns, like the rest of the output.
    .configureHelp({ helpWidth: 100 })
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes:
  0  success, no finding at or above --fail-on
  1  findings at or above --fail-on
  2  unusable arguments, or the workspace root cannot be read

Environment:
  NO_COLOR      disable colors (also off when output is not a terminal)

Run \`cargo-stack <command> --help\` for the options of a command.
Also works as a Cargo subcommand: \`cargo stack <command>\`.`,
    );
  const registers = await Promise.all(commandsFor(args).map(([, load]) => load()));
  for (const register of registers) register(program, io, state);
  return program;
}

/** Runs the CLI with `argv` (without `node` and the script path); returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  // Cargo runs external subcommands as `cargo-stack stack <args>`.
  const args = argv[0] === 'stack' ? argv.slice(1) : argv;
  const state: RunState = { exitCode: ExitCode.ok };
  const program = await buildProgram(args, io, state);
  try {
    await program.parseAsync(args, { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
      return ExitCode.usage;
    }
    if (error instanceof ToolError) {
      io.stderr(`error: ${error.message}\n`);
      if (error.hint) io.stderr(`  hint: ${error.hint}\n`);
      return error.exitCode;
    }
    // An unexpected failure is a bug: say so plainly, without a stack trace unless asked for.
    io.stderr(`error: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    io.stderr('  this is a bug in cargo-stack; set CARGO_STACK_DEBUG=1 for details and please report it\n');
    if (process.env.CARGO_STACK_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return ExitCode.usage;
  }
}
