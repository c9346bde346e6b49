import { basename, isAbsolute, relative, resolve } from 'node:path';
import { Option as CommanderOption, type Command } from 'commander';
import type { Io, RunState } from '../main.js';
import { loadDefaultKb, type Kb } from '../../kb/load.js';
import { ExitCode, ToolError } from '../../util/errors.js';
import { colorsFor } from '../../util/color.js';
import { crateNameProblem, suggestCrateName } from '../../scaffold/names.js';
import { planFiles, type PlannedFile } from '../../scaffold/plan.js';
import { linePrompter, type Prompter } from '../../scaffold/prompt.js';
import { DATABASES, DEFAULT_LICENSE, LICENSE_CHOICES, SCENARIO_IDS, type Choices, type Database, type Scenario, type ScenarioId } from '../../scaffold/scenario.js';
import { SCENARIOS } from '../../scaffold/scenarios/index.js';
import { describeProblem, describeVersions, kbVersionSource, resolveVersions, type Resolution, type VersionSource } from '../../scaffold/versions.js';
import { collisions, inspectTarget, writePlan } from '../../scaffold/write.js';
import { cratesIoVersionSource } from '../../scaffold/registry-versions.js';

export interface NewOptions {
  template?: ScenarioId;
  database?: Database;
  license?: string;
  name?: string;
  yes?: boolean;
  force?: boolean;
  offline?: boolean;
  refresh?: boolean;
  dryRun?: boolean;
  list?: boolean;
}

/** What `runNew` needs from its surroundings; tests replace each part. */
export interface NewEnvironment {
  io: Io;
  /** Set when questions can be asked (a terminal on both ends); used only without --template. */
  prompter?: Prompter | undefined;
  kb?: Kb;
  /** Newest releases when not --offline; the crates.io sparse index unless a test replaces it. */
  registry?: VersionSource;
  cwd?: string;
}

const DEFAULT_SCENARIO: ScenarioId = 'cli';
const DEFAULT_DATABASE: Database = 'postgres';

export function registerNew(program: Command, io: Io, state: RunState): void {
  program
    .command('new')
    .summary('start a workspace on the recommended stack for a scenario')
    .description(
      'Create a Cargo workspace for a scenario (CLI, library, HTTP API, full-stack web, desktop, game,\n' +
        'firmware, WebAssembly) the way a careful Rust team sets one up: edition 2024, resolver 3,\n' +
        '[workspace.dependencies] with current versions, rust-version, a release profile that says why,\n' +
        'a CI workflow (fmt, clippy -D warnings, nextest, cargo-deny, cargo-machete), deny.toml, README.\n' +
        'The crate name comes from the directory name unless --name is given.',
    )
    .argument('[path]', 'directory to create (or an empty one); its name becomes the crate name')
    .addOption(new CommanderOption('-t, --template <scenario>', 'what to create (see --list)').choices([...SCENARIO_IDS]))
    .addOption(new CommanderOption('--database <database>', 'database of the backend template').choices([...DATABASES]))
    .option('--license <spdx>', `SPDX license expression for the crates, or "none" (default: ${DEFAULT_LICENSE})`)
    .option('--name <crate>', 'crate name, when the directory name is not one')
    .option('-y, --yes', 'ask nothing: defaults for everything not given on the command line')
    .option('--force', 'write into a non-empty directory; every replaced file is listed')
    .option('--offline', 'take versions from the knowledge base instead of the crates.io index')
    .option('--refresh', 'revalidate cached crates.io index files now')
    .option('--dry-run', 'list the files that would be written, write nothing')
    .option('--list', 'show the scenarios and what each one contains')
    .addHelpText(
      'after',
      `
Examples:
  cargo-stack new --list                              what each template contains
  cargo-stack new my-api --template backend           axum + sqlx (Postgres) + tracing
  cargo-stack new my-api -t backend --database sqlite
  cargo-stack new tool -t cli --license MIT --offline
  cargo-stack new pico-blink -t embedded              Embassy firmware for the RP2040
  cargo-stack new app                                 asks which template (on a terminal)`,
    )
    .action(async (path: string | undefined, options: NewOptions) => {
      const interactive = io.isTTY && process.stdin.isTTY === true && options.yes !== true && !options.list && options.template === undefined;
      const prompter = interactive ? linePrompter(process.stdin, io.stderr) : undefined;
      try {
        state.exitCode = await runNew(path, options, { io, ...(prompter ? { prompter } : {}) });
      } finally {
        prompter?.close();
      }
    });
}

/** `cargo-stack new`: returns the exit code; usage problems throw `ToolError` (exit 2). */
export async function runNew(path: string | undefined, options: NewOptions, env: NewEnvironment): Promise<number> {
  const { io } = env;
  if (options.list) {
    io.stdout(renderList(io.isTTY));
    return ExitCode.ok;
  }
  if (path === undefined || path.trim() === '') {
    throw new ToolError('missing-path', 'missing the directory to create', { hint: 'cargo-stack new <path> --template <scenario>; see `cargo-stack new --list`' });
  }
  const cwd = env.cwd ?? process.cwd();
  const dir = resolve(cwd, path);
  const shown = shownPath(cwd, dir);
  // Everything that can be refused without the answers is refused before the first question.
  const target = inspectTarget(dir);
  if (target.kind === 'file') throw new ToolError('not-a-directory', `${shown} exists and is not a directory`);
  if (target.kind === 'directory' && target.entries.length > 0 && !options.force) {
    const listed = target.entries.slice(0, 5).join(', ') + (target.entries.length > 5 ? `, … (${target.entries.length} entries)` : '');
    throw new ToolError('directory-not-empty', `${shown} is not empty (${listed})`, {
      hint: 'choose a new directory, or pass --force to write into it (each replaced file is listed)',
    });
  }
  const rawName = options.name ?? basename(dir);
  crateName(rawName, options.name !== undefined, []);
  if (options.license !== undefined) validLicense(options.license);

  // Questions only when the template is not given: a command line with --template is a script.
  const asking: NewEnvironment = options.template === undefined && !options.yes ? env : { ...env, prompter: undefined };
  const scenario = SCENARIOS[await pickScenario(options, asking)];
  if (options.database !== undefined && !scenario.usesDatabase) {
    throw new ToolError('database-not-used', `--database only applies to the backend template, not to ${scenario.id}`);
  }
  const name = crateName(rawName, options.name !== undefined, scenario.packageSuffixes);
  const database = await pickDatabase(scenario, options, asking);
  const choices: Choices = { name, database, license: await pickLicense(options, asking) };

  const { resolution, notice } = await versions(scenario, choices, options, env);
  const files = planFiles(scenario, choices, resolution.versions);
  const clash = collisions(dir, files);
  if (clash.directories.length > 0) {
    throw new ToolError('path-is-directory', `cannot write ${clash.directories.join(', ')}: a directory of that name exists in ${shown}`);
  }

  const c = colorsFor(io.isTTY);
  const replaced = new Set(clash.files);
  if (options.dryRun) {
    io.stdout(`Would create the ${scenario.id} workspace "${choices.name}" in ${shown} (${files.length} files; nothing written):\n`);
    for (const file of files) io.stdout(`  ${replaced.has(file.path) ? 'replace' : 'create '} ${file.path}\n`);
  } else {
    for (const file of clash.files) io.stderr(`${c.yellow('overwriting')} ${file}\n`);
    writePlan(dir, files);
    io.stdout(`${c.green('Created')} the ${scenario.id} workspace "${choices.name}" in ${shown}: ${summarize(files, replaced)}\n`);
  }
  io.stdout(`\nVersions${notice ? ` (${notice})` : ''}:\n`);
  for (const line of describeVersions(resolution.versions)) io.stdout(`  ${line}\n`);
  for (const problem of resolution.problems) io.stderr(`${c.yellow('warning')}: ${describeProblem(problem)}\n`);
  if (!options.dryRun) {
    io.stdout(`\nNext:\n  cd ${/^[\w./-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", "'\\''")}'`}\n`);
    for (const step of scenario.nextSteps(choices)) io.stdout(`  ${step}\n`);
    io.stdout(`  cargo-stack audit\nThe README says how to build, test and run it.\n`);
  }
  return ExitCode.ok;
}

function summarize(files: readonly PlannedFile[], replaced: ReadonlySet<string>): string {
  return replaced.size > 0 ? `${files.length} files, ${replaced.size} of them replaced` : `${files.length} files`;
}

async function pickScenario(options: NewOptions, env: NewEnvironment): Promise<ScenarioId> {
  if (options.template) return options.template;
  if (options.yes) return DEFAULT_SCENARIO;
  if (!env.prompter) {
    throw new ToolError('missing-template', '--template is required when not running in a terminal', {
      hint: `one of ${SCENARIO_IDS.join(', ')} (see --list), or --yes for the ${DEFAULT_SCENARIO} template`,
    });
  }
  const options_ = SCENARIO_IDS.map((id) => ({ value: id, label: `${id.padEnd(9)} ${SCENARIOS[id].summary}` }));
  return env.prompter.choose('What are you building?', options_, DEFAULT_SCENARIO);
}

async function pickDatabase(scenario: Scenario, options: NewOptions, env: NewEnvironment): Promise<Database> {
  if (options.database) return options.database;
  if (!scenario.usesDatabase || options.yes || !env.prompter) return DEFAULT_DATABASE;
  return env.prompter.choose(
    'Which database?',
    [
      { value: 'postgres', label: 'Postgres (compose.yaml included for local development)' },
      { value: 'sqlite', label: 'SQLite (a file next to the server; nothing to install)' },
    ],
    DEFAULT_DATABASE,
  );
}

async function pickLicense(options: NewOptions, env: NewEnvironment): Promise<string | undefined> {
  let license = options.license;
  if (license === undefined && !options.yes && env.prompter) {
    license = await env.prompter.choose(
      'License?',
      LICENSE_CHOICES.map((value) => ({ value, label: value === 'none' ? 'none (not published; decide later)' : value })),
      DEFAULT_LICENSE,
    );
  }
  return validLicense(license ?? DEFAULT_LICENSE);
}

/** The license expression to write, or undefined for "none". */
function validLicense(raw: string): string | undefined {
  const license = raw.trim();
  if (license.toLowerCase() === 'none') return undefined;
  if (!/^[A-Za-z0-9.+\-() ]+$/.test(license) || /^\s*(OR|AND)\b|\b(OR|AND)\s*$/.test(license)) {
    throw new ToolError('invalid-license', `"${license}" is not an SPDX license expression`, { hint: 'for example "MIT OR Apache-2.0", "MIT" or "none"' });
  }
  return license;
}

function crateName(raw: string, explicit: boolean, packageSuffixes: readonly string[]): string {
  const longestSuffix = Math.max(0, ...packageSuffixes.map((s) => s.length));
  const problem = crateNameProblem(raw, longestSuffix);
  if (problem === undefined) return raw;
  const what = explicit ? `--name "${raw}"` : `the directory name "${raw}"`;
  throw new ToolError('invalid-crate-name', `${what} is not a valid crate name: ${problem}`, {
    hint: `pass --name with a valid name, e.g. --name ${suggestCrateName(raw, longestSuffix)}`,
  });
}

/** The new directory as the user will recognise it: relative below the working directory, else absolute. */
function shownPath(cwd: string, dir: string): string {
  const rel = relative(cwd, dir);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? dir : rel;
}

async function versions(scenario: Scenario, choices: Choices, options: NewOptions, env: NewEnvironment): Promise<{ resolution: Resolution; notice: string | undefined }> {
  const kb = kbVersionSource(env.kb ?? loadDefaultKb());
  const requests = scenario.dependencies(choices);
  if (options.offline) return { resolution: await resolveVersions(requests, [kb], scenario.rustVersion), notice: 'offline' };
  const registry = env.registry ?? cratesIoVersionSource({ refresh: options.refresh === true });
  const resolution = await resolveVersions(requests, [registry, kb], scenario.rustVersion);
  const failed = new Set(resolution.problems.flatMap((p) => p.crates));
  const notice = failed.size > 0 ? `${registry.label} could not answer for ${failed.size} of ${requests.length} crates; --offline skips the lookup` : undefined;
  return { resolution, notice };
}

function renderList(color: boolean): string {
  const c = colorsFor(color);
  const out: string[] = ['Templates for `cargo-stack new <path> --template <scenario>`:', ''];
  for (const id of SCENARIO_IDS) {
    const scenario = SCENARIOS[id];
    const defaults: Choices = { name: 'app', license: DEFAULT_LICENSE, database: DEFAULT_DATABASE };
    out.push(`${c.bold(id.padEnd(10))} ${scenario.title}: ${scenario.summary}`);
    out.push(`${' '.repeat(11)}crates: ${scenario.dependencies(defaults).map((d) => d.name).join(', ')}`);
    for (const item of scenario.contains) out.push(`${' '.repeat(11)}- ${item}`);
    out.push(`${' '.repeat(11)}rust-version ${scenario.rustVersion}${scenario.usesDatabase ? `; --database ${DATABASES.join(' | ')}` : ''}`);
    out.push('');
  }
  out.push(
    'Every workspace: edition 2024, resolver 3, [workspace.dependencies], rust-version, a release profile',
    'with the reason for each setting, .github/workflows/ci.yml (fmt, clippy -D warnings, nextest,',
    'cargo-deny, cargo-machete), deny.toml, README.md, .gitignore.',
  );
  return `${out.join('\n')}\n`;
}
