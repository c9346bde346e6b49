import type { Dependency, Package, Target, Workspace } from './model.js';

/** crates.io's index URL as Cargo writes it in `source` fields. */
export const CRATES_IO_SOURCE = 'registry+https://github.com/rust-lang/crates.io-index';

/** `cargo metadata`'s `source` string for a dependency; null for path dependencies. */
export function sourceString(dep: Pick<Dependency, 'source'>): string | null {
  const source = dep.source;
  switch (source.type) {
    case 'path':
      return null;
    case 'git': {
      const ref = source.branch !== undefined ? `?branch=${source.branch}` : source.tag !== undefined ? `?tag=${source.tag}` : source.rev !== undefined ? `?rev=${source.rev}` : '';
      return `git+${source.git}${ref}`;
    }
    case 'registry': {
      const index = source.registryIndex;
      if (!index) return source.registry ? `registry+${source.registry}` : CRATES_IO_SOURCE;
      return index.startsWith('sparse+') ? index : `registry+${index}`;
    }
  }
}

export interface MetadataDependency {
  name: string;
  source: string | null;
  req: string;
  kind: 'dev' | 'build' | null;
  rename: string | null;
  optional: boolean;
  uses_default_features: boolean;
  features: string[];
  target: string | null;
  registry: string | null;
  path?: string;
  /** cargo-stack additions (absent from cargo metadata). */
  resolved_version: string | null;
  location: { file: string; line: number; column: number };
}

export interface MetadataTarget {
  kind: string[];
  crate_types: string[];
  name: string;
  src_path: string;
  edition: string;
  'required-features'?: string[];
}

export interface MetadataPackage {
  name: string;
  version: string;
  id: string;
  license: string | null;
  description: string | null;
  source: null;
  dependencies: MetadataDependency[];
  targets: MetadataTarget[];
  features: Record<string, string[]>;
  manifest_path: string;
  edition: string;
  rust_version: string | null;
  publish: string[] | null;
  repository: string | null;
  metadata: Record<string, unknown> | null;
}

export interface Metadata {
  packages: MetadataPackage[];
  workspace_members: string[];
  workspace_default_members: string[];
  workspace_root: string;
  target_directory: string;
  version: 1;
  /** cargo-stack additions. */
  resolver: string;
  lockfile: { path: string; version: number; packages: number } | null;
  diagnostics: Workspace['diagnostics'];
}

function packageId(pkg: Package): string {
  return `path+file://${pkg.dir}#${pkg.name}@${pkg.version}`;
}

function targetJson(target: Target): MetadataTarget {
  // Cargo reports a library's crate types as its kind; every other target compiles to a binary
  // (an example with `crate-type` keeps `example` as its kind).
  const isLib = target.kind === 'lib';
  const customExample = target.kind === 'example' && target.crateTypes.some((t) => t !== 'example');
  const out: MetadataTarget = {
    kind: isLib ? target.crateTypes : [target.kind],
    crate_types: isLib || customExample ? target.crateTypes : ['bin'],
    name: target.name,
    src_path: target.srcPath,
    edition: target.edition,
  };
  if (target.requiredFeatures.length > 0) out['required-features'] = target.requiredFeatures;
  return out;
}

function dependencyJson(dep: Dependency): MetadataDependency {
  const out: MetadataDependency = {
    name: dep.name,
    source: sourceString(dep),
    req: dep.req,
    kind: dep.kind === 'normal' ? null : dep.kind,
    rename: dep.rename,
    optional: dep.optional,
    uses_default_features: dep.usesDefaultFeatures,
    features: dep.features,
    target: dep.target,
    registry: dep.source.type === 'registry' && dep.source.registryIndex ? sourceString(dep)!.replace(/^registry\+/, '') : null,
    resolved_version: dep.resolved?.version ?? null,
    location: dep.location,
  };
  if (dep.source.type === 'path') out.path = dep.source.path;
  return out;
}

/** The workspace in `cargo metadata --no-deps --format-version 1`'s shape, plus cargo-stack's additions. */
export function toCargoMetadata(ws: Workspace): Metadata {
  const packages = ws.members.map(
    (pkg): MetadataPackage => ({
      name: pkg.name,
      version: pkg.version,
      id: packageId(pkg),
      license: pkg.license,
      description: pkg.description,
      source: null,
      dependencies: pkg.dependencies.map(dependencyJson),
      targets: pkg.targets.map(targetJson),
      features: pkg.features,
      manifest_path: pkg.manifestPath,
      edition: pkg.edition,
      rust_version: pkg.rustVersion,
      publish: pkg.publish === true ? null : pkg.publish === false ? [] : pkg.publish,
      repository: pkg.repository,
      metadata: pkg.metadata,
    }),
  );
  const byPath = new Map(ws.members.map((m) => [m.manifestPath, packageId(m)]));
  return {
    packages,
    workspace_members: ws.members.map(packageId),
    workspace_default_members: ws.defaultMembers.map((p) => byPath.get(p)).filter((id): id is string => id !== undefined),
    workspace_root: ws.root,
    target_directory: `${ws.root}/target`,
    version: 1,
    resolver: ws.resolver,
    lockfile: ws.lockfile ? { path: ws.lockfile.path, version: ws.lockfile.version, packages: ws.lockfile.packages.length } : null,
    diagnostics: ws.diagnostics,
  };
}
