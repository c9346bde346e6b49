import type { Location } from '../project/location.js';

/** One command that CI runs, as found in a workflow, a pipeline, or a file a step calls. */
export interface CiCommand {
  /** Program and arguments, quotes removed; `${{ … }}` and `$VAR` are left as written. */
  argv: string[];
  /** Environment in effect: workflow, job and step env, `$GITHUB_ENV` writes, inline assignments. */
  env: Record<string, string>;
  location: Location;
  /** Human description of where it runs, e.g. "ci.yml job `lint`" or "justfile recipe `ci`". */
  origin: string;
  /** Directory the command runs in (absolute), for following `just`, `make` and scripts. */
  cwd: string;
  /** Root of the repository whose CI runs it. */
  repoRoot: string;
  /** The CI configuration file that runs it, directly or through a justfile, Makefile or script. */
  ciFile: string;
}

export type CiKind = 'github' | 'gitlab' | 'sourcehut';

/** One CI configuration file that was read. */
export interface CiFile {
  path: string;
  kind: CiKind;
  /** Where a finding about the file as a whole points: `jobs:`, the first job, or `tasks:`. */
  anchor: Location;
  /** Local reusable workflows its jobs call (`uses: ./.github/workflows/x.yml`), as paths. */
  calls: string[];
}

/** Something in CI that cargo-stack cannot see into (`cargo xtask`, a remote reusable workflow). */
export interface CiOpaque {
  what: string;
  location: Location;
}

export interface CiConfig {
  /** Repository roots searched (the workspace root, and the enclosing git root when different). */
  roots: string[];
  files: CiFile[];
  commands: CiCommand[];
  opaque: CiOpaque[];
  /** Files that could not be read as YAML (a broken workflow does not run). */
  unreadable: { file: string; message: string; location: Location }[];
}
