import { basename, resolve } from 'node:path';
import type { Location } from '../project/location.js';
import type { CiCommand } from './model.js';
import { isAssignment, splitShell } from './shell.js';

/** Where a script runs: the environment it starts with and what to record on its commands. */
export interface ScriptContext {
  env: Record<string, string>;
  origin: string;
  cwd: string;
  repoRoot: string;
  ciFile: string;
}

export interface ScriptResult {
  commands: CiCommand[];
  /** `NAME=value` lines the script appends to `$GITHUB_ENV` (they hold for the job's later steps). */
  githubEnv: Record<string, string>;
}

/** Programs that run the rest of their arguments as a command (after their own options). */
const WRAPPERS: Record<string, { valued: string[]; positional?: number }> = {
  sudo: { valued: ['-u', '-g', '-C', '-D', '-h', '-p', '-U'] },
  time: { valued: ['-f', '-o'] },
  nohup: { valued: [] },
  exec: { valued: ['-a'] },
  command: { valued: [] },
  builtin: { valued: [] },
  nice: { valued: ['-n'] },
  stdbuf: { valued: ['-i', '-o', '-e'] },
  'xvfb-run': { valued: ['-s', '--server-args', '-n', '--server-num', '-e', '--error-file', '-f', '--auth-file', '-p', '--xauth-protocol', '-w', '--wait'] },
  catchsegv: { valued: [] },
  chronic: { valued: [] },
  timeout: { valued: ['-s', '--signal', '-k', '--kill-after'], positional: 1 },
};

/**
 * Strips wrappers (`sudo`, `env A=b`, `timeout 10m`, `xvfb-run -a`, `rustup run nightly`) from
 * the front of a command; returns the real argv and the assignments `env` made.
 */
export function unwrap(argv: string[]): { argv: string[]; assignments: Record<string, string> } {
  const assignments: Record<string, string> = {};
  let rest = argv;
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    const program = basename(rest[0]!);
    if (program === 'env') {
      let k = 1;
      while (k < rest.length && rest[k]!.startsWith('-')) k += ['-u', '--unset', '-C', '--chdir'].includes(rest[k]!) ? 2 : 1;
      while (k < rest.length && isAssignment(rest[k]!)) {
        const word = rest[k]!;
        assignments[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
        k++;
      }
      rest = rest.slice(k);
      continue;
    }
    if (program === 'rustup' && rest[1] === 'run' && rest.length > 3) {
      rest = rest.slice(3);
      continue;
    }
    const wrapper = WRAPPERS[program];
    if (!wrapper) break;
    let k = 1;
    while (k < rest.length && rest[k]!.startsWith('-') && rest[k] !== '--') k += wrapper.valued.includes(rest[k]!) ? 2 : 1;
    if (rest[k] === '--') k++;
    k += wrapper.positional ?? 0;
    rest = rest.slice(k);
  }
  return { argv: rest, assignments };
}

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh']);

/** `${{ env.NAME }}`, `${{ env['NAME'] }}`, `${{ env["NAME"] }}`. */
const ENV_EXPRESSION = /\$\{\{\s*env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])\s*\}\}/g;

/**
 * Fills in what is known before the shell runs: GitHub's `${{ env.NAME }}` anywhere (GitHub
 * substitutes it into the script text, so a multi-word value splits into words), and a program
 * given as `$NAME`/`${NAME}` (ripgrep's `${{ env.CARGO }} test`, GitLab's `$CARGO test`).
 */
export function substituteEnv(argv: string[], env: Record<string, string>): string[] {
  const known = (name: string): string | undefined => {
    const value = env[name];
    return value !== undefined && !value.includes('${{') ? value : undefined;
  };
  const out = argv.flatMap((word) => {
    if (!word.includes('${{')) return [word];
    const replaced = word.replace(ENV_EXPRESSION, (whole, dotted: string | undefined, quoted: string | undefined) => known((dotted ?? quoted)!) ?? whole);
    const whole = word.replace(ENV_EXPRESSION, '') === '' && word.startsWith('${{') && word.endsWith('}}') && word.indexOf('${{', 1) < 0;
    return whole && replaced !== word ? replaced.split(/\s+/).filter((w) => w !== '') : [replaced];
  });
  const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(out[0] ?? '');
  const program = variable ? known(variable[1]!) : undefined;
  return program !== undefined ? [...program.split(/\s+/).filter((w) => w !== ''), ...out.slice(1)] : out;
}

/**
 * The commands of a shell script, each with the environment in effect (exports and assignments
 * earlier in the script count) and its location. `locate` maps offsets in `script` to locations.
 */
export function commandsOfScript(script: string, locate: (offsets: number[]) => Location[], context: ScriptContext, depth = 0): ScriptResult {
  const parsed = splitShell(script);
  const locations = locate(parsed.map((c) => c.offset));
  const local: Record<string, string> = {};
  const githubEnv: Record<string, string> = {};
  const commands: CiCommand[] = [];
  let cwd = context.cwd;
  parsed.forEach((command, index) => {
    const location = locations[index]!;
    const inline: Record<string, string> = {};
    for (const a of command.assignments) inline[a.name] = a.value;
    if (command.argv.length === 0) {
      Object.assign(local, inline);
      return;
    }
    const env = { ...context.env, ...local, ...inline };
    const { argv, assignments } = unwrap(substituteEnv(command.argv, env));
    Object.assign(env, assignments);
    const program = argv[0] === undefined ? '' : basename(argv[0]);
    if (program === 'export' || program === 'declare' || program === 'typeset') {
      for (const word of argv.slice(1)) if (isAssignment(word)) local[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
      return;
    }
    if (program === 'cd' && argv[1] && !argv[1].includes('$') && argv[1] !== '-') {
      cwd = resolve(cwd, argv[1]);
      return;
    }
    if ((program === 'echo' || program === 'printf') && command.redirects.some((r) => r.includes('GITHUB_ENV'))) {
      for (const word of argv.slice(1)) {
        if (isAssignment(word)) githubEnv[word.slice(0, word.indexOf('='))] = word.slice(word.indexOf('=') + 1).replace(/\\n$/, '');
      }
      return;
    }
    const dashC = SHELLS.has(program) ? argv.indexOf('-c') : -1;
    if (dashC > 0 && argv[dashC + 1] !== undefined && depth < 3) {
      const inner = commandsOfScript(argv[dashC + 1]!, (offsets) => offsets.map(() => location), { ...context, env, cwd }, depth + 1);
      commands.push(...inner.commands);
      return;
    }
    if (argv.length > 0) commands.push({ argv, env, location, origin: context.origin, cwd, repoRoot: context.repoRoot, ciFile: context.ciFile });
  });
  return { commands, githubEnv };
}
