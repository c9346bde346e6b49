import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'smol-toml';
import type { CargoAliases } from './classify.js';
import { follow } from './follow.js';
import { readGithubWorkflow, readSmallText, type ReadPart } from './github.js';
import type { YamlRead } from './yaml.js';
import { readGitlab } from './gitlab.js';
import type { CiCommand, CiConfig } from './model.js';
import { readSourcehut, sourcehutManifests } from './sourcehut.js';
import { splitWords } from './shell.js';

/** The nearest directory at or above `start` holding `.git` (a directory, or a file for worktrees). */
export function findGitRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function workflowFiles(root: string): string[] {
  const dir = join(root, '.github', 'workflows');
  try {
    return readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/** How many levels of justfile/Makefile/script a command is followed through. */
const FOLLOW_DEPTH = 4;

/**
 * Reads the CI configuration of a workspace: GitHub Actions workflows, GitLab CI (with local
 * includes) and builds.sr.ht manifests, under the workspace root and under the enclosing git
 * repository's root when that is another directory. Commands that run a justfile recipe, a
 * Makefile target or a repository script are followed into it. Never throws.
 */
export function readCi(workspaceRoot: string): CiConfig {
  const roots = [resolve(workspaceRoot)];
  const gitRoot = findGitRoot(workspaceRoot);
  if (gitRoot && gitRoot !== roots[0]) roots.push(gitRoot);
  const config: CiConfig = { roots, files: [], commands: [], opaque: [], unreadable: [] };
  const add = (part: ReadPart): void => {
    config.files.push(...part.files);
    config.commands.push(...part.commands);
    config.opaque.push(...part.opaque);
    config.unreadable.push(...part.unreadable);
  };
  // Composite actions parsed once for all the workflows that use them.
  const actions = new Map<string, YamlRead | undefined>();
  for (const root of roots) {
    for (const path of workflowFiles(root)) {
      const text = readSmallText(path);
      if (text !== undefined) add(readGithubWorkflow(path, text, root, actions));
    }
    add(readGitlab(root));
    for (const path of sourcehutManifests(root)) add(readSourcehut(path, root));
  }
  config.commands = expand(config.commands);
  return config;
}

/** The commands plus, after each, what it runs through just, make or a script (depth-limited). */
function expand(commands: CiCommand[], depth = 0): CiCommand[] {
  if (depth >= FOLLOW_DEPTH) return commands;
  return commands.flatMap((command) => {
    const followed = follow(command);
    return followed && followed.length > 0 ? [command, ...expand(followed, depth + 1)] : [command];
  });
}

/** `[alias]` of `.cargo/config.toml` (or `.cargo/config`) in the given directories; the first wins. */
export function readCargoAliases(dirs: readonly string[]): CargoAliases {
  const aliases: CargoAliases = new Map();
  for (const dir of dirs) {
    for (const name of ['config.toml', 'config']) {
      const text = readSmallText(join(dir, '.cargo', name));
      if (text === undefined) continue;
      let table: Record<string, unknown>;
      try {
        table = parse(text) as Record<string, unknown>;
      } catch {
        continue;
      }
      const alias = table['alias'];
      if (typeof alias !== 'object' || alias === null) continue;
      for (const [key, value] of Object.entries(alias)) {
        if (aliases.has(key)) continue;
        if (typeof value === 'string') aliases.set(key, splitWords(value));
        else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) aliases.set(key, value as string[]);
      }
    }
  }
  return aliases;
}
