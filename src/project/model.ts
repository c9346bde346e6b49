import type { Diagnostic, Location } from './location.js';
import type { Lockfile } from './lockfile.js';

/** Dependency kinds, spelled as `cargo metadata` spells them (`null` there is `normal` here). */
export type DependencyKind = 'normal' | 'dev' | 'build';

/** Where a dependency comes from, as written in the manifest (after workspace inheritance). */
export type DependencySource =
  | { type: 'registry'; registry?: string; registryIndex?: string }
  | { type: 'path'; path: string; /** Registry used when publishing (`path` + `registry`). */ registry?: string }
  | { type: 'git'; git: string; branch?: string; tag?: string; rev?: string };

/** One entry of a dependency table of one package, after `workspace = true` is resolved. */
export interface Dependency {
  /** The package name on the registry (`package = "…"` if renamed, else the key). */
  name: string;
  /** The key in the table when it differs from `name`, as `cargo metadata` reports `rename`. */
  rename: string | null;
  /** The version requirement as written; `*` when none is given (what cargo metadata reports). */
  req: string;
  kind: DependencyKind;
  /** `cfg(...)` expression or target triple of a `[target.*]` table, else null. */
  target: string | null;
  optional: boolean;
  usesDefaultFeatures: boolean;
  features: string[];
  source: DependencySource;
  /** True when the entry was `workspace = true` and inherited from `[workspace.dependencies]`. */
  inherited: boolean;
  /** Where the dependency is declared: the key in the member's Cargo.toml. */
  location: Location;
  /** The version Cargo.lock resolved for this dependency, when a lockfile exists and agrees. */
  resolved?: { version: string; source: string | null };
}

export type TargetKind = 'lib' | 'bin' | 'example' | 'test' | 'bench' | 'custom-build';

export interface Target {
  kind: TargetKind;
  /** Crate-type details (`cdylib`, `proc-macro`, …) for libs; `['bin']` for bins, etc. */
  crateTypes: string[];
  name: string;
  /** Absolute path of the target's root source file. */
  srcPath: string;
  edition: string;
  /** Whether Cargo found it by convention (`src/bin/*.rs`, …) instead of a manifest section. */
  autoDiscovered: boolean;
  requiredFeatures: string[];
}

export interface Package {
  name: string;
  version: string;
  edition: string;
  /** `package.rust-version` after inheritance, or null. */
  rustVersion: string | null;
  /** Absolute path of the package's Cargo.toml. */
  manifestPath: string;
  /** Absolute path of the directory that holds the Cargo.toml. */
  dir: string;
  license: string | null;
  licenseFile: string | null;
  description: string | null;
  repository: string | null;
  /** `package.publish`: false means never published; a list names the allowed registries. */
  publish: boolean | string[];
  /** `[package.metadata]` as parsed, or null. */
  metadata: Record<string, unknown> | null;
  links: string | null;
  dependencies: Dependency[];
  features: Record<string, string[]>;
  targets: Target[];
  /** Location of the `[package]` header (or of `name` when there is none). */
  location: Location;
}

export interface Profile {
  name: string;
  settings: Record<string, unknown>;
  location: Location;
}

export interface PatchEntry {
  /** `crates-io` or a registry/git URL. */
  registry: string;
  key: string;
  dependency: Omit<Dependency, 'kind' | 'target' | 'inherited' | 'resolved'>;
}

export interface Workspace {
  /** Directory of the root manifest. */
  root: string;
  /** Absolute path of the root Cargo.toml. */
  rootManifestPath: string;
  /** True when the root manifest has `[workspace]` and no `[package]`. */
  virtual: boolean;
  /** True when the root manifest has a `[workspace]` table at all (else a lone package). */
  explicitWorkspace: boolean;
  /** Resolver: explicit in `[workspace]`/`[package]`, else implied by the root package's edition. */
  resolver: string;
  resolverExplicit: boolean;
  members: Package[];
  /** Manifest paths of the default members (all members when not set). */
  defaultMembers: string[];
  /** `[workspace.package]` as written. */
  workspacePackage: Record<string, unknown>;
  /** `[workspace.dependencies]` entries, keyed by table key. */
  workspaceDependencies: Map<string, Omit<Dependency, 'kind' | 'target' | 'inherited' | 'resolved'>>;
  /** `[workspace.metadata]` as parsed, or null. */
  metadata: Record<string, unknown> | null;
  profiles: Profile[];
  patches: PatchEntry[];
  /** `[replace]` keys (`name:version`), deprecated but still honored by Cargo. */
  replace: { key: string; location: Location }[];
  lockfile: Lockfile | null;
  /** Path of Cargo.lock, whether or not it exists. */
  lockfilePath: string;
  /** Manifests under the root that Cargo.toml files that are neither members nor excluded. */
  strayManifests: string[];
  diagnostics: Diagnostic[];
}
