import { basename } from 'node:path';
import type { CiCommand } from './model.js';
import { splitWords } from './shell.js';

/** What one CI command contributes to the standard bundle. */
export type CiFact =
  | { kind: 'fmt'; check: boolean }
  | { kind: 'clippy'; denied: boolean; fix: boolean }
  | { kind: 'tests'; tool: string }
  /**
   * `checks` empty means every check (cargo-deny's default); `config` is an explicit `--config`,
   * `manifestPath` an explicit `--manifest-path` (cargo-deny looks for its config from there).
   */
  | { kind: 'deny'; checks: string[]; config?: string; manifestPath?: string }
  | { kind: 'audit' }
  | { kind: 'unused-deps'; tool: string }
  | { kind: 'opaque'; what: string };

/** `[alias]` entries of `.cargo/config.toml`, as argv. */
export type CargoAliases = Map<string, string[]>;

/** Cargo's own subcommands (aliases cannot shadow them) and its global options that take a value. */
const BUILTIN = new Set(['build', 'b', 'check', 'c', 'clean', 'doc', 'd', 'new', 'init', 'add', 'remove', 'run', 'r', 'test', 't', 'bench', 'update', 'search', 'publish', 'install', 'uninstall', 'fmt', 'clippy', 'fix', 'tree', 'vendor', 'metadata', 'package', 'fetch', 'generate-lockfile', 'locate-project', 'login', 'logout', 'owner', 'yank', 'version', 'help', 'rustc', 'rustdoc', 'report', 'pkgid', 'verify-project', 'info', 'config']);
const GLOBAL_VALUED = new Set(['-Z', '--config', '-C', '--color', '--explain']);

/** Cargo plugins that run another cargo subcommand: `cargo hack clippy`, `cargo llvm-cov nextest`. */
const RUNNERS = new Set(['hack', 'all-features', 'minimal-versions', 'llvm-cov', 'miri', 'careful', 'insta', 'zigbuild', 'xwin', 'ndk', 'msrv']);
const INNER = ['fmt', 'clippy', 'test', 'nextest', 'check', 'build', 'doc', 'run', 'bench', 'report', 'clean', 'show-env', 'setup', 'review', 'accept', 'reject', 'udeps', 'deny', 'machete', 'llvm-cov', 'verify'];

export interface CargoCall {
  sub: string;
  args: string[];
  /** The alias it came through, when it did. */
  alias?: string;
}

/** Reads `cargo [+toolchain] [global options] <sub> args…` (also `cross`, and `cargo-<sub>` binaries). */
export function parseCargo(argv: string[], aliases: CargoAliases = new Map()): CargoCall | undefined {
  const program = basename(argv[0] ?? '').replace(/\.exe$/, '');
  let rest: string[];
  if (program === 'cargo' || program === 'cross') rest = argv.slice(1);
  else if (program.startsWith('cargo-') && program.length > 6) {
    const sub = program.slice(6);
    // Cargo runs plugins as `cargo-foo foo args`; people call them both ways.
    rest = [sub, ...(argv[1] === sub ? argv.slice(2) : argv.slice(1))];
  } else return undefined;
  let alias: string | undefined;
  for (let expansions = 0; expansions < 5; expansions++) {
    let k = 0;
    while (k < rest.length) {
      const word = rest[k]!;
      if (word.startsWith('+')) k++;
      else if (GLOBAL_VALUED.has(word)) k += 2;
      else if (word.startsWith('-')) k++;
      else break;
    }
    const sub = rest[k];
    if (sub === undefined) return undefined;
    const expansion = BUILTIN.has(sub) ? undefined : aliases.get(sub);
    if (!expansion) return { sub, args: rest.slice(k + 1), ...(alias ? { alias } : {}) };
    alias ??= sub;
    rest = [...expansion, ...rest.slice(k + 1)];
  }
  return undefined;
}

const RUSTFLAGS_VARS = ['RUSTFLAGS', 'CARGO_BUILD_RUSTFLAGS'];

/** `-D warnings`, `-Dwarnings`, `--deny warnings`, `--deny=warnings` among the words. */
export function deniesWarnings(words: readonly string[]): boolean {
  return words.some((w, k) => w === '-Dwarnings' || w === '--deny=warnings' || ((w === '-D' || w === '--deny') && words[k + 1] === 'warnings'));
}

/**
 * Whether warnings fail the build through the environment: `-D warnings` in RUSTFLAGS (or its
 * CARGO_BUILD_/CARGO_ENCODED_ forms), or Cargo's `build.warnings = "deny"` (stable since 1.97)
 * as CARGO_BUILD_WARNINGS=deny.
 */
function envDenies(env: Record<string, string>): boolean {
  if (env['CARGO_BUILD_WARNINGS']?.trim() === 'deny') return true;
  for (const name of RUSTFLAGS_VARS) if (env[name] !== undefined && deniesWarnings(splitWords(env[name]!))) return true;
  const encoded = env['CARGO_ENCODED_RUSTFLAGS'];
  return encoded !== undefined && deniesWarnings(encoded.split('\x1f'));
}

/** `--config 'build.warnings="deny"'` or `--config 'build.rustflags=["-Dwarnings"]'` on the command line. */
function configDenies(args: readonly string[]): boolean {
  return args.some((a, k) => (args[k - 1] === '--config' || a.startsWith('--config=')) && /build\.warnings\s*=\s*['"]?deny|build\.rustflags.*-D\s*warnings/.test(a));
}

function isInfoOnly(args: readonly string[]): boolean {
  return args.some((a) => a === '--version' || a === '-V' || a === '--help' || a === '-h');
}

/** The first word of `args` that is one of `known` (a runner's inner subcommand). */
function firstOf(args: readonly string[], known: readonly string[]): number {
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--') return -1;
    if (known.includes(args[k]!)) return k;
  }
  return -1;
}

const DENY_GLOBAL_VALUED = new Set(['--manifest-path', '-L', '--log-level', '--format', '-f', '--color', '-c', '--features', '-F', '--target', '-t', '--exclude', '--config']);
const DENY_CHECK_VALUED = new Set(['-c', '--config', '-g', '--graph', '-A', '--allow', '-W', '--warn', '-D', '--deny', '--feature-depth', '--metadata-path', '-s']);

function denyFact(args: readonly string[]): CiFact[] {
  let k = 0;
  let config: string | undefined;
  let manifestPath: string | undefined;
  for (; k < args.length; k++) {
    const word = args[k]!;
    if (DENY_GLOBAL_VALUED.has(word)) {
      if (word === '-c' || word === '--config') config = args[k + 1];
      if (word === '--manifest-path') manifestPath = args[k + 1];
      k++;
    } else if (word.startsWith('--manifest-path=')) manifestPath = word.slice('--manifest-path='.length);
    else if (word.startsWith('-')) continue;
    else if (word === 'check') break;
    else return [];
  }
  if (k >= args.length) return [];
  const checks: string[] = [];
  for (k++; k < args.length; k++) {
    const word = args[k]!;
    if (DENY_CHECK_VALUED.has(word)) {
      if (word === '-c' || word === '--config') config = args[k + 1];
      k++;
    } else if (word.startsWith('--config=')) config = word.slice('--config='.length);
    else if (!word.startsWith('-')) checks.push(word);
  }
  const normalized = checks.map((c) => (c === 'ban' ? 'bans' : c === 'license' ? 'licenses' : c));
  // `all`, or a `${{ matrix.check }}` we cannot expand, may include advisories: count it as all.
  const all = normalized.some((c) => c === 'all' || c.includes('${{') || c.startsWith('$'));
  return [{ kind: 'deny', checks: all ? [] : normalized, ...(config !== undefined ? { config } : {}), ...(manifestPath !== undefined ? { manifestPath } : {}) }];
}

/** Package or binary names of in-repository tools that usually run checks (`xtask`, bevy's `ci`). */
const TOOLISH = /xtask|^(ci|tidy|lints?|checks?|dev|tools?|tasks?)$|[-_](ci|tidy|lints?|dev)$|^(ci|tidy|lints?)[-_]/;

/** The `-p`/`--package`/`--bin` value of `cargo run`. */
function runTarget(args: readonly string[]): string | undefined {
  for (let k = 0; k < args.length; k++) {
    const word = args[k]!;
    if (word === '--') return undefined;
    if (word === '-p' || word === '--package' || word === '--bin') return args[k + 1];
    const m = /^(?:--package|--bin)=(.+)$/.exec(word);
    if (m) return m[1];
  }
  return undefined;
}

/** Facts of a cargo subcommand call. */
function cargoFacts(sub: string, args: readonly string[], env: Record<string, string>, depth: number): CiFact[] {
  if (isInfoOnly(args) || depth > 4) return [];
  switch (sub) {
    case 'fmt':
      return [{ kind: 'fmt', check: args.includes('--check') }];
    case 'clippy':
      return [{ kind: 'clippy', denied: deniesWarnings(args) || envDenies(env) || configDenies(args), fix: args.includes('--fix') }];
    case 'test':
    case 't':
      // `--no-run` only builds the tests.
      return args.includes('--no-run') ? [] : [{ kind: 'tests', tool: 'cargo test' }];
    case 'nextest': {
      const action = args.find((a) => !a.startsWith('-'));
      return (action === 'run' || action === 'r') && !args.includes('--no-run') ? [{ kind: 'tests', tool: 'cargo nextest run' }] : [];
    }
    case 'tarpaulin':
      return [{ kind: 'tests', tool: 'cargo tarpaulin' }];
    case 'deny':
      return denyFact(args);
    case 'audit':
      return [{ kind: 'audit' }];
    case 'machete':
    case 'shear':
    case 'udeps':
      return [{ kind: 'unused-deps', tool: `cargo ${sub}` }];
    case 'xtask':
    case 'make':
      return [{ kind: 'opaque', what: `cargo ${sub}` }];
    case 'run':
    case 'r': {
      const tool = runTarget(args);
      return tool !== undefined && TOOLISH.test(tool) ? [{ kind: 'opaque', what: `cargo run -p ${tool}` }] : [];
    }
  }
  if (!RUNNERS.has(sub)) return [];
  const at = firstOf(args, INNER);
  // `cargo llvm-cov` alone runs `cargo test`; `cargo llvm-cov nextest` runs nextest (no `run`).
  if (sub === 'llvm-cov' && (at < 0 || args[at] === 'test' || args[at] === 'nextest')) return [{ kind: 'tests', tool: 'cargo llvm-cov' }];
  if (at < 0) return [];
  return cargoFacts(args[at]!, args.slice(at + 1), env, depth + 1);
}

const INTERPRETERS = new Set(['python', 'python3', 'node', 'deno', 'bun', 'ruby', 'perl', 'nu', 'pwsh']);
const SCRIPT_FILE = /\.(py|js|mjs|cjs|ts|rb|pl|nu|ps1)$/;
/** Script names that say they run Rust checks (`lint.js`, `run-tests.py`), not any `check_*` helper. */
const CHECK_SCRIPT = /(^|[-_.])(lint|fmt|format|clippy|deny|audit|ci|tests?)([-_.]|$)/i;

/**
 * A program in another language run by CI: `python3 tools/cargo-fail-warning.py clippy …` is a
 * cargo wrapper (its arguments are a cargo command; "fail…warning" in its name means warnings
 * fail); `deno run ./tools/lint.js` is a check script cargo-stack cannot read (opaque).
 */
function interpreted(command: CiCommand, aliases: CargoAliases): CiFact[] | undefined {
  const argv = command.argv;
  const program = basename(argv[0] ?? '');
  let at = SCRIPT_FILE.test(program) ? 0 : -1;
  if (at < 0 && INTERPRETERS.has(program.replace(/\.exe$/, ''))) at = argv.findIndex((a, k) => k > 0 && SCRIPT_FILE.test(a));
  if (at < 0) return undefined;
  const script = argv[at]!;
  const name = basename(script);
  if (/cargo/i.test(name) && argv[at + 1] !== undefined && !argv[at + 1]!.startsWith('-')) {
    const failsOnWarnings = /warn/i.test(name) && /fail|deny|error/i.test(name);
    return classify({ ...command, argv: ['cargo', ...argv.slice(at + 1)], env: failsOnWarnings ? { ...command.env, CARGO_BUILD_WARNINGS: 'deny' } : command.env }, aliases);
  }
  return CHECK_SCRIPT.test(name) ? [{ kind: 'opaque', what: script }] : [];
}

/** What a command contributes to the bundle; most commands contribute nothing. */
export function classify(command: CiCommand, aliases: CargoAliases = new Map()): CiFact[] {
  const script = interpreted(command, aliases);
  if (script) return script;
  const program = basename(command.argv[0] ?? '');
  if (program === 'rustfmt') return [{ kind: 'fmt', check: command.argv.includes('--check') }];
  if (program === 'makers' || program === 'cargo-make') return [{ kind: 'opaque', what: 'cargo make' }];
  const call = parseCargo(command.argv, aliases);
  if (!call) return [];
  // An alias for `run` (the usual `xtask = "run --package xtask --"`) runs a program we cannot read.
  if (call.alias && (call.sub === 'run' || call.sub === 'r')) return [{ kind: 'opaque', what: `cargo ${call.alias}` }];
  return cargoFacts(call.sub, call.args, command.env, 0);
}
