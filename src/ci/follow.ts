import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Location } from '../project/location.js';
import { readSmallText } from './github.js';
import type { CiCommand } from './model.js';
import { commandsOfScript } from './script.js';

/**
 * Follows a CI command into the file it runs: a `just` recipe, a `make` target, or a shell
 * script in the repository. Returns the commands found there (not followed further: the reader
 * calls this again on them), or undefined when the command runs no such file.
 *
 * Limits, on purpose: justfile `import`/`mod`, Makefile `include` and conditionals, and
 * variables other than a Makefile's simple `NAME = value` for the program name are not
 * evaluated; a recipe's parameters are consumed by count only.
 */
export function follow(command: CiCommand): CiCommand[] | undefined {
  const program = basename(command.argv[0] ?? '');
  if (program === 'just') return followJust(command);
  if (program === 'make' || program === 'gmake' || program === '$(MAKE)' || program === '${MAKE}') return followMake(command);
  return followScript(command);
}

/** Finds a file relative to the command's directory, else to the repository root. */
function findFile(command: CiCommand, names: string[], dir?: string): string | undefined {
  const bases = dir ? [resolve(command.cwd, dir), resolve(command.repoRoot, dir)] : [command.cwd, command.repoRoot];
  for (const base of bases) {
    if (!isInside(command.repoRoot, base)) continue;
    for (const name of names) {
      const path = isAbsolute(name) ? name : join(base, name);
      if (existsSync(path) && isInside(command.repoRoot, path)) return path;
    }
  }
  return undefined;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Runs a recipe body (or a script) through the shell splitter, located in its own file. */
function bodyCommands(command: CiCommand, path: string, text: string, start: number, end: number, origin: string, cwd: string): CiCommand[] {
  const body = text.slice(start, end);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const locate = (offsets: number[]): Location[] =>
    offsets.map((offset) => {
      const at = start + offset;
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid]! <= at) lo = mid;
        else hi = mid - 1;
      }
      return { file: path, line: lo + 1, column: at - lineStarts[lo]! + 1 };
    });
  const result = commandsOfScript(body, locate, { env: command.env, origin, cwd, repoRoot: command.repoRoot, ciFile: command.ciFile });
  // just and make take `@` (quiet), `-` (ignore errors) and `+` before a recipe line's command.
  return result.commands
    .map((c) => ({ ...c, argv: [c.argv[0]!.replace(/^[@+-]+/, ''), ...c.argv.slice(1)] }))
    .filter((c) => c.argv[0] !== '');
}

// ---- just ----

interface Recipe {
  name: string;
  params: number;
  variadic: boolean;
  deps: string[];
  bodyStart: number;
  bodyEnd: number;
}

const JUST_VALUED = new Set(['-f', '--justfile', '-d', '--working-directory', '--shell', '--shell-arg', '--dotenv-path', '--dotenv-filename', '--color', '--command-color', '--chooser', '--list-heading', '--list-prefix', '--timestamp-format']);
const JUST_NO_RUN = new Set(['-l', '--list', '--summary', '--evaluate', '--show', '-s', '--fmt', '--choose', '--help', '-h', '--version', '-V', '--init', '--dump', '--edit', '-e', '--changelog', '--completions', '--variables', '--groups', '-n', '--dry-run']);

function followJust(command: CiCommand): CiCommand[] {
  const args = command.argv.slice(1);
  let justfile: string | undefined;
  let workdir: string | undefined;
  const positional: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (JUST_NO_RUN.has(arg)) return [];
    if (arg === '--set') k += 2;
    else if (JUST_VALUED.has(arg)) {
      if (arg === '-f' || arg === '--justfile') justfile = args[k + 1];
      if (arg === '-d' || arg === '--working-directory') workdir = args[k + 1];
      k++;
    } else if (arg.startsWith('--justfile=')) justfile = arg.slice('--justfile='.length);
    else if (arg.startsWith('-')) continue;
    else if (!/^[A-Za-z_][A-Za-z0-9_-]*=/.test(arg)) positional.push(arg);
  }
  const path = justfile ? findFile(command, [justfile]) : findFile(command, ['justfile', 'Justfile', 'JUSTFILE', '.justfile']);
  if (!path) return [];
  const text = readSmallText(path);
  if (text === undefined) return [];
  const { recipes, aliases, first } = parseJustfile(text);
  const cwd = workdir ? resolve(command.cwd, workdir) : dirname(path);
  const wanted: string[] = [];
  if (positional.length === 0) {
    if (first) wanted.push(first);
  } else {
    for (let k = 0; k < positional.length; k++) {
      const recipe = recipes.get(aliases.get(positional[k]!) ?? positional[k]!);
      if (!recipe) continue;
      wanted.push(recipe.name);
      k += recipe.variadic ? positional.length : recipe.params;
    }
  }
  const out: CiCommand[] = [];
  const seen = new Set<string>();
  const run = (name: string, depth: number): void => {
    const recipe = recipes.get(aliases.get(name) ?? name);
    if (!recipe || seen.has(recipe.name) || depth > 16) return;
    seen.add(recipe.name);
    for (const dep of recipe.deps) run(dep, depth + 1);
    out.push(...bodyCommands(command, path, text, recipe.bodyStart, recipe.bodyEnd, `${relative(command.repoRoot, path)} recipe \`${recipe.name}\` (${command.origin})`, cwd));
  };
  for (const name of wanted) run(name, 0);
  return out;
}

export function parseJustfile(text: string): { recipes: Map<string, Recipe>; aliases: Map<string, string>; first: string | undefined } {
  const recipes = new Map<string, Recipe>();
  const aliases = new Map<string, string>();
  let first: string | undefined;
  const lines = text.split('\n');
  let offset = 0;
  let current: Recipe | undefined;
  for (const line of lines) {
    const lineStart = offset;
    offset += line.length + 1;
    if (current && (/^[ \t]/.test(line) || line.trim() === '')) {
      if (line.trim() !== '') current.bodyEnd = lineStart + line.length;
      continue;
    }
    current = undefined;
    const alias = /^alias\s+([A-Za-z_][\w-]*)\s*:=\s*([A-Za-z_][\w-]*)/.exec(line);
    if (alias) {
      aliases.set(alias[1]!, alias[2]!);
      continue;
    }
    if (/^\s*(#|\[|set\s|export\s|import\s|mod\s)/.test(line) || /^[A-Za-z_][\w-]*\s*:=/.test(line)) continue;
    const header = /^@?([A-Za-z_][\w-]*)([^:]*):(?!=)(.*)$/.exec(line);
    if (!header) continue;
    const params = header[2]!.trim().split(/\s+/).filter((p) => p !== '');
    const deps = [...header[3]!.replace(/#.*$/, '').matchAll(/\(\s*([A-Za-z_][\w-]*)[^)]*\)|([A-Za-z_][\w-]*)/g)].map((m) => (m[1] ?? m[2])!);
    current = {
      name: header[1]!,
      params: params.filter((p) => !p.startsWith('$') || p.length > 1).length,
      variadic: params.some((p) => p.startsWith('*') || p.startsWith('+')),
      deps,
      bodyStart: offset,
      bodyEnd: offset,
    };
    if (!recipes.has(current.name)) recipes.set(current.name, current);
    first ??= current.name;
  }
  for (const recipe of recipes.values()) recipe.bodyEnd = Math.max(recipe.bodyStart, recipe.bodyEnd);
  return { recipes, aliases, first };
}

// ---- make ----

interface MakeRule {
  targets: string[];
  prereqs: string[];
  bodyStart: number;
  bodyEnd: number;
}

const MAKE_VALUED = new Set(['-C', '--directory', '-f', '--file', '--makefile', '-I', '--include-dir', '-o', '--old-file', '-W', '--what-if', '--new-file', '-l', '--load-average']);
const MAKE_NO_RUN = new Set(['-n', '--just-print', '--dry-run', '--recon', '-q', '--question', '-p', '--print-data-base', '-v', '--version', '-h', '--help']);

function followMake(command: CiCommand): CiCommand[] {
  const args = command.argv.slice(1);
  let dir: string | undefined;
  let makefile: string | undefined;
  const targets: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (MAKE_NO_RUN.has(arg)) return [];
    if (MAKE_VALUED.has(arg)) {
      if (arg === '-C' || arg === '--directory') dir = args[k + 1];
      if (arg === '-f' || arg === '--file' || arg === '--makefile') makefile = args[k + 1];
      k++;
    } else if (arg === '-j' || arg === '--jobs') {
      if (/^\d+$/.test(args[k + 1] ?? '')) k++;
    } else if (arg.startsWith('-C') && arg.length > 2) dir = arg.slice(2);
    else if (arg.startsWith('--directory=')) dir = arg.slice('--directory='.length);
    else if (arg.startsWith('--file=')) makefile = arg.slice('--file='.length);
    else if (arg.startsWith('-')) continue;
    else if (!arg.includes('=')) targets.push(arg);
  }
  const path = findFile(command, makefile ? [makefile] : ['GNUmakefile', 'makefile', 'Makefile'], dir);
  if (!path) return [];
  const text = readSmallText(path);
  if (text === undefined) return [];
  const { rules, variables } = parseMakefile(text);
  const cwd = dirname(path);
  const out: CiCommand[] = [];
  const seen = new Set<string>();
  const run = (target: string, depth: number): void => {
    if (seen.has(target) || depth > 16) return;
    seen.add(target);
    const match = findRule(rules, target);
    if (!match) return;
    for (const prereq of match.rule.prereqs) run(prereq.replace(/%/g, match.stem), depth + 1);
    const origin = `${relative(command.repoRoot, path)} target \`${target}\` (${command.origin})`;
    for (const c of bodyCommands(command, path, text, match.rule.bodyStart, match.rule.bodyEnd, origin, cwd)) {
      out.push({ ...c, argv: [substituteProgram(c.argv[0]!, variables), ...c.argv.slice(1)] });
    }
  };
  const defaultTarget = rules.find((r) => r.targets.some((t) => !t.startsWith('.') && !t.includes('%')))?.targets.find((t) => !t.startsWith('.') && !t.includes('%'));
  for (const target of targets.length > 0 ? targets : defaultTarget ? [defaultTarget] : []) run(target, 0);
  return out;
}

/** `$(CARGO)` → `cargo` when the Makefile says `CARGO ?= cargo`; `$(MAKE)` stays make. */
function substituteProgram(program: string, variables: Map<string, string>): string {
  const m = /^\$[({]([A-Za-z_][\w]*)[)}]$/.exec(program);
  if (!m) return program;
  if (m[1] === 'MAKE') return 'make';
  const value = variables.get(m[1]!) ?? (m[1] === 'CARGO' ? 'cargo' : undefined);
  return value?.split(/\s+/)[0] ?? program;
}

function findRule(rules: MakeRule[], target: string): { rule: MakeRule; stem: string } | undefined {
  const explicit = rules.find((r) => r.targets.includes(target));
  if (explicit) return { rule: explicit, stem: '' };
  // Pattern rules (`test-%:`) match any target with the same prefix and suffix; the longest
  // fixed part wins, roughly as GNU make prefers the most specific pattern.
  let best: { rule: MakeRule; stem: string; fixed: number } | undefined;
  for (const rule of rules) {
    for (const pattern of rule.targets) {
      const at = pattern.indexOf('%');
      if (at < 0) continue;
      const prefix = pattern.slice(0, at);
      const suffix = pattern.slice(at + 1);
      if (target.length >= prefix.length + suffix.length && target.startsWith(prefix) && target.endsWith(suffix)) {
        const fixed = prefix.length + suffix.length;
        if (!best || fixed > best.fixed) best = { rule, stem: target.slice(prefix.length, target.length - suffix.length), fixed };
      }
    }
  }
  return best;
}

const MAKE_ASSIGNMENT = /^\s*(?:override\s+|export\s+)?([A-Za-z_][\w.-]*)\s*(?:\?|\+|:|::|!)?=\s*(.*)$/;
const MAKE_DIRECTIVE = /^\s*(ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|sinclude|export|unexport|vpath|define|endef|override|undefine)\b/;

export function parseMakefile(text: string): { rules: MakeRule[]; variables: Map<string, string> } {
  const rules: MakeRule[] = [];
  const variables = new Map<string, string>();
  const lines = text.split('\n');
  let offset = 0;
  let current: MakeRule | undefined;
  let inDefine = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const lineStart = offset;
    offset += line.length + 1;
    if (inDefine) {
      if (/^\s*endef\b/.test(line)) inDefine = false;
      continue;
    }
    if (current && line.startsWith('\t')) {
      current.bodyEnd = lineStart + line.length;
      // A continued recipe line goes on, whatever its indentation.
      while (lines[k]!.endsWith('\\') && k + 1 < lines.length) {
        k++;
        current.bodyEnd = offset + lines[k]!.length;
        offset += lines[k]!.length + 1;
      }
      continue;
    }
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    current = undefined;
    if (/^\s*define\b/.test(line)) {
      inDefine = true;
      continue;
    }
    const assignment = MAKE_ASSIGNMENT.exec(line);
    if (assignment && !/^[^=]*[^:=]:[^=]/.test(line.slice(0, line.indexOf('=')))) {
      variables.set(assignment[1]!, assignment[2]!.trim());
      continue;
    }
    if (MAKE_DIRECTIVE.test(line)) continue;
    const colon = /^([^:#=]+?)::?(?!=)(.*)$/.exec(line);
    if (!colon) continue;
    const [prereqPart, inline] = splitOnce(colon[2]!, ';');
    if (prereqPart.includes('=')) continue;
    current = {
      targets: colon[1]!.trim().split(/\s+/),
      prereqs: prereqPart.replace(/#.*$/, '').split(/\s+/).filter((p) => p !== '' && p !== '|'),
      bodyStart: inline === undefined ? offset : lineStart + line.indexOf(';') + 1,
      bodyEnd: inline === undefined ? offset : lineStart + line.length,
    };
    rules.push(current);
  }
  return { rules, variables };
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)];
}

// ---- scripts ----

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'source', '.']);
const SHELL_VALUED = new Set(['-o', '-O', '--rcfile', '--init-file']);

/** `./ci/check.sh`, `bash scripts/lint.sh`, `source env.sh`: a shell script of the repository. */
function followScript(command: CiCommand): CiCommand[] | undefined {
  const program = command.argv[0]!;
  let script: string | undefined;
  if (SHELLS.has(basename(program))) {
    const args = command.argv.slice(1);
    for (let k = 0; k < args.length; k++) {
      if (args[k] === '-c') return undefined;
      if (SHELL_VALUED.has(args[k]!)) k++;
      else if (!args[k]!.startsWith('-')) {
        script = args[k];
        break;
      }
    }
  } else if (program.includes('/') || /\.(sh|bash)$/.test(program)) script = program;
  if (!script || script.includes('$')) return undefined;
  const path = findFile(command, [script]);
  if (!path || !/\.(sh|bash)$/.test(path) && !isShellScript(path)) return undefined;
  const text = readSmallText(path);
  if (text === undefined) return undefined;
  return bodyCommands(command, path, text, 0, text.length, `${relative(command.repoRoot, path)} (${command.origin})`, command.cwd);
}

function isShellScript(path: string): boolean {
  const head = readSmallText(path)?.slice(0, 64) ?? '';
  return /^#!.*\b(ba|z|da|k)?sh\b/.test(head);
}
