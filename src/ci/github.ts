import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { Location } from '../project/location.js';
import { actionEffect } from './actions.js';
import type { CiCommand, CiFile, CiOpaque } from './model.js';
import { commandsOfScript } from './script.js';
import { get, getPair, items, locateInScalar, nodeLocation, pairsOf, keyOf, parseYaml, str, stringMap, type YamlFile, type YamlRead } from './yaml.js';

export interface ReadPart {
  files: CiFile[];
  commands: CiCommand[];
  opaque: CiOpaque[];
  unreadable: { file: string; message: string; location: Location }[];
}

export function emptyPart(): ReadPart {
  return { files: [], commands: [], opaque: [], unreadable: [] };
}

/** CI files larger than this are not read (real workflows are a few KiB to a few hundred). */
export const MAX_CI_BYTES = 4 * 1024 * 1024;

export function readSmallText(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_CI_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

interface StepsContext {
  file: YamlFile;
  repoRoot: string;
  ciFile: string;
  origin: string;
  /** Static env: workflow + job (+ the composite action's caller). */
  env: Record<string, string>;
  /** `$GITHUB_ENV` writes and env set by setup actions, shared by the job's later steps. */
  jobEnv: Record<string, string>;
  workingDirectory: string;
  /** Composite actions already entered, against cycles. */
  visited: Set<string>;
  /** Composite action files parsed so far in this analysis (wasmtime's workflows use one action 50 times). */
  actions: Map<string, YamlRead | undefined>;
  out: ReadPart;
}

/** Reads one workflow file (`text` is its content) into commands, with exact locations. */
export function readGithubWorkflow(path: string, text: string, repoRoot: string, actions: Map<string, YamlRead | undefined> = new Map()): ReadPart {
  const out = emptyPart();
  const read = parseYaml(path, text);
  if (!read.ok) {
    out.unreadable.push({ file: path, message: read.message, location: read.location });
    return out;
  }
  const file = read.file;
  const root = file.doc.contents;
  const jobsPair = getPair(file, root, 'jobs');
  if (!jobsPair) return out;
  const ciFile: CiFile = { path, kind: 'github', anchor: nodeLocation(file, jobsPair.key), calls: [] };
  out.files.push(ciFile);
  const workflowEnv = stringMap(file, get(file, root, 'env'));
  const workflowDir = str(file, get(file, get(file, get(file, root, 'defaults'), 'run'), 'working-directory'));
  for (const jobPair of pairsOf(file, jobsPair.value)) {
    const jobId = keyOf(file, jobPair) ?? '?';
    const job = jobPair.value;
    const reusable = str(file, get(file, job, 'uses'));
    if (reusable !== undefined) {
      // A local reusable workflow is a file of .github/workflows and is read on its own.
      const local = localPath(reusable);
      if (local !== undefined) ciFile.calls.push(join(repoRoot, local));
      else if (/^[\w.-]+\/[\w.-]+\/.+@.+$/.test(reusable)) out.opaque.push({ what: `reusable workflow ${reusable}`, location: nodeLocation(file, get(file, job, 'uses')) });
      continue;
    }
    const jobDir = str(file, get(file, get(file, get(file, job, 'defaults'), 'run'), 'working-directory')) ?? workflowDir;
    readSteps(items(file, get(file, job, 'steps')), {
      file,
      repoRoot,
      ciFile: path,
      origin: `${basename(path)} job \`${jobId}\``,
      env: { ...workflowEnv, ...stringMap(file, get(file, job, 'env')) },
      jobEnv: {},
      workingDirectory: resolveDir(repoRoot, repoRoot, jobDir),
      visited: new Set(),
      actions,
      out,
    });
  }
  return out;
}

/**
 * The repository path of a same-repository reference: `./path` (relative to the checkout) or
 * GitHub's self-repository `$/path` (July 2026); undefined for `owner/repo…@ref` and docker refs.
 */
export function localPath(uses: string): string | undefined {
  if (uses.startsWith('./')) return uses.slice(2).split('@')[0];
  if (uses.startsWith('$/')) return uses.slice(2);
  return undefined;
}

function resolveDir(repoRoot: string, base: string, dir: string | undefined): string {
  if (!dir || dir.includes('${{')) return base;
  return isAbsolute(dir) ? dir : resolve(base === repoRoot ? repoRoot : base, dir);
}

function readSteps(steps: unknown[], context: StepsContext): void {
  const { file, out } = context;
  for (const step of steps) {
    const stepEnv = { ...context.env, ...context.jobEnv, ...stringMap(file, get(file, step, 'env')) };
    const cwd = resolveDir(context.repoRoot, context.workingDirectory, str(file, get(file, step, 'working-directory')));
    const runNode = get(file, step, 'run');
    const run = str(file, runNode);
    if (run !== undefined) {
      const result = commandsOfScript(run, (offsets) => locateInScalar(file, runNode, run, offsets), {
        env: stepEnv,
        origin: context.origin,
        cwd,
        repoRoot: context.repoRoot,
        ciFile: context.ciFile,
      });
      out.commands.push(...result.commands);
      Object.assign(context.jobEnv, result.githubEnv);
      continue;
    }
    const usesNode = get(file, step, 'uses');
    const uses = str(file, usesNode);
    if (uses === undefined) continue;
    const local = localPath(uses);
    if (local !== undefined) {
      readCompositeAction(local, stepEnv, context);
      continue;
    }
    const effect = actionEffect(uses, stringMap(file, get(file, step, 'with')));
    if (!effect) continue;
    const location = nodeLocation(file, usesNode);
    for (const argv of effect.commands ?? []) {
      out.commands.push({ argv, env: stepEnv, location, origin: context.origin, cwd, repoRoot: context.repoRoot, ciFile: context.ciFile });
    }
    if (effect.script !== undefined) {
      const scriptNode = get(file, get(file, step, 'with'), 'command');
      const script = effect.script;
      const result = commandsOfScript(script, (offsets) => locateInScalar(file, scriptNode, script, offsets), {
        env: stepEnv,
        origin: context.origin,
        cwd,
        repoRoot: context.repoRoot,
        ciFile: context.ciFile,
      });
      out.commands.push(...result.commands);
      Object.assign(context.jobEnv, result.githubEnv);
    }
    for (const [name, value] of Object.entries(effect.setsEnv ?? {})) {
      if (!(name in stepEnv)) context.jobEnv[name] = value;
    }
  }
}

/** Follows `uses: ./path` (or `$/path`) into the composite action's `runs.steps`, with the caller's env. */
function readCompositeAction(local: string, env: Record<string, string>, context: StepsContext): void {
  const dir = join(context.repoRoot, local);
  const path = ['action.yml', 'action.yaml'].map((name) => join(dir, name)).find((p) => existsSync(p));
  if (!path || context.visited.has(path)) return;
  if (!context.actions.has(path)) {
    const text = readSmallText(path);
    context.actions.set(path, text === undefined ? undefined : parseYaml(path, text));
  }
  const read = context.actions.get(path);
  if (read === undefined) return;
  if (!read.ok) {
    context.out.unreadable.push({ file: path, message: read.message, location: read.location });
    return;
  }
  const file = read.file;
  const steps = items(file, get(file, get(file, file.doc.contents, 'runs'), 'steps'));
  // The action's inputs reach its steps as `${{ inputs.x }}`, which stay opaque.
  readSteps(steps, {
    ...context,
    file,
    env,
    origin: `action ${relative(context.repoRoot, dir) || '.'} (${context.origin})`,
    visited: new Set([...context.visited, path]),
  });
}
