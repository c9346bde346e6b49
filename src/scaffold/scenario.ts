/**
 * What a scenario is: data the generator, `--list` and the tests read. The files themselves live
 * in templates/<id>/ at the package root (plus templates/_common/), because tsc does not compile them.
 */
import type { VersionRequest } from './versions.js';

export const SCENARIO_IDS = ['cli', 'lib', 'backend', 'fullstack', 'desktop', 'game', 'embedded', 'wasm'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export const DATABASES = ['postgres', 'sqlite'] as const;
export type Database = (typeof DATABASES)[number];

/** Offered in the interactive prompt; `--license` takes any SPDX expression. */
export const LICENSE_CHOICES = ['MIT OR Apache-2.0', 'MIT', 'Apache-2.0', 'MPL-2.0', 'none'] as const;
export const DEFAULT_LICENSE = 'MIT OR Apache-2.0';

/** What the user chose. `license` is undefined for "none". */
export interface Choices {
  name: string;
  license: string | undefined;
  database: Database;
}

/** A crates.io dependency, declared once in `[workspace.dependencies]`. */
export interface RegistryDependency extends VersionRequest {
  features?: readonly string[];
  defaultFeatures?: false;
  /** Why this dependency is set up the way it is; written above it in Cargo.toml. */
  comment?: string;
}

/** A member that other members depend on, declared in `[workspace.dependencies]` by path. */
export interface PathDependency {
  name: string;
  path: string;
}

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** One line for `--list` and the prompt. */
  summary: string;
  /** What the generated workspace contains, for `--list`. */
  contains: readonly string[];
  rustVersion: string;
  /** Why `rust-version` is what it is; written into Cargo.toml and the README. */
  rustVersionReason: string;
  /** Whether `--database` applies. */
  usesDatabase?: true;
  /** Suffixes of the extra packages (`-server`), for the crate-name length check. */
  packageSuffixes: readonly string[];
  dependencies(choices: Choices): RegistryDependency[];
  pathDependencies(choices: Choices): PathDependency[];
  ci: {
    /** Debian packages the crates need to build on the CI runner. */
    apt?: readonly string[];
    /** Whether the workspace has library crates with doctests (nextest does not run them). */
    doctests: boolean;
    /** A package that also ships to wasm32-unknown-unknown and gets a clippy run for it. */
    wasmPackage?: (choices: Choices) => string;
  };
  /** Extra `.gitignore` lines. */
  gitignore(choices: Choices): string[];
  /** Commands to print after generation, run from the new directory. */
  nextSteps(choices: Choices): string[];
  /** Template variables only this scenario uses. */
  variables?(choices: Choices): Record<string, string>;
  /** Template flags only this scenario uses. */
  flags?(choices: Choices): Record<string, boolean>;
  /** Files that are not text, generated in code (paths relative to the workspace root). */
  binaryFiles?(choices: Choices): { path: string; content: Uint8Array }[];
}

/** Keeps scenario modules typed as `Scenario` without widening their literal ids. */
export function defineScenario<S extends Scenario>(scenario: S): S {
  return scenario;
}
