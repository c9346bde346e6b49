import { join } from 'node:path';
import type { Diagnostic } from './location.js';
import { isTable, locate, type Manifest, type TomlTable } from './manifest.js';
import type { Package } from './model.js';
import { readPackageDependencies, type WorkspaceDependencyTable } from './dependencies.js';
import { discoverTargets } from './targets.js';

/** What a member may inherit from the workspace root. */
export interface InheritanceContext {
  rootManifest: Manifest;
  workspacePackage: TomlTable;
  workspaceDependencies: WorkspaceDependencyTable | undefined;
}

/** Keys of `[workspace.package]` that hold paths, which Cargo rebases onto the member. */
const PATH_FIELDS = new Set(['license-file', 'readme']);

/**
 * Reads `package.<field>` after `field.workspace = true` inheritance. Returns undefined when the
 * field is absent (or inherited from a workspace that does not define it, which is reported).
 */
function field(
  manifest: Manifest,
  pkg: TomlTable,
  name: string,
  context: InheritanceContext | undefined,
  diagnostics: Diagnostic[],
): unknown {
  const value = pkg[name];
  if (isTable(value) && value.workspace === true) {
    const inherited = context?.workspacePackage[name];
    if (inherited === undefined) {
      diagnostics.push({
        code: 'manifest/missing-workspace-field',
        severity: 'error',
        message: `\`package.${name}\` is inherited with \`workspace = true\` but \`[workspace.package]\` has no \`${name}\``,
        location: locate(manifest, ['package', name]),
      });
      return undefined;
    }
    if (PATH_FIELDS.has(name) && typeof inherited === 'string' && context) return join(context.rootManifest.dir, inherited);
    return inherited;
  }
  return value;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Builds the package of a manifest that has a `[package]` table. */
export function buildPackage(manifest: Manifest, context: InheritanceContext | undefined, diagnostics: Diagnostic[]): Package | undefined {
  const pkg = isTable(manifest.doc.package) ? manifest.doc.package : isTable(manifest.doc.project) ? manifest.doc.project : undefined;
  if (!pkg) return undefined;
  const location = locate(manifest, [manifest.doc.package ? 'package' : 'project']);
  const name = pkg.name;
  if (typeof name !== 'string' || name === '') {
    diagnostics.push({ code: 'manifest/package-without-name', severity: 'error', message: '`[package]` has no `name`', location });
    return undefined;
  }
  const version = field(manifest, pkg, 'version', context, diagnostics);
  const edition = field(manifest, pkg, 'edition', context, diagnostics);
  const rustVersion = field(manifest, pkg, 'rust-version', context, diagnostics);
  const publish = field(manifest, pkg, 'publish', context, diagnostics);
  const editionText = typeof edition === 'string' ? edition : '2015';
  const metadata = pkg.metadata;
  const features: Record<string, string[]> = {};
  if (isTable(manifest.doc.features)) {
    for (const [feature, enables] of Object.entries(manifest.doc.features)) {
      features[feature] = Array.isArray(enables) ? enables.filter((v): v is string => typeof v === 'string') : [];
    }
  }
  const dependencies = readPackageDependencies(manifest, context?.workspaceDependencies, editionText, diagnostics);
  addImplicitFeatures(features, dependencies);
  if (Array.isArray(manifest.doc['cargo-features'])) {
    diagnostics.push({
      code: 'manifest/nightly-features',
      severity: 'warning',
      message: `\`cargo-features\` (${(manifest.doc['cargo-features'] as unknown[]).map(String).join(', ')}) needs a nightly Cargo; stable Cargo rejects this manifest`,
      location: locate(manifest, ['cargo-features']),
    });
  }
  return {
    name,
    version: typeof version === 'string' ? version : '0.0.0',
    edition: editionText,
    rustVersion: typeof rustVersion === 'string' ? rustVersion : null,
    manifestPath: manifest.path,
    dir: manifest.dir,
    license: stringOrNull(field(manifest, pkg, 'license', context, diagnostics)),
    licenseFile: stringOrNull(field(manifest, pkg, 'license-file', context, diagnostics)),
    description: stringOrNull(field(manifest, pkg, 'description', context, diagnostics)),
    repository: stringOrNull(field(manifest, pkg, 'repository', context, diagnostics)),
    // A package without a version cannot be published (Cargo 1.75+ implies `publish = false`).
    publish: publish === false || (version === undefined && publish === undefined) ? false : Array.isArray(publish) ? publish.filter((v): v is string => typeof v === 'string') : true,
    metadata: isTable(metadata) ? metadata : null,
    links: stringOrNull(pkg.links),
    dependencies,
    features,
    targets: discoverTargets(manifest, name, editionText, diagnostics),
    location,
  };
}

/**
 * Cargo gives every optional dependency an implicit feature of the same name, unless some feature
 * refers to it as `dep:<name>` or a feature of that name already exists.
 */
function addImplicitFeatures(features: Record<string, string[]>, dependencies: Package['dependencies']): void {
  const explicit = new Set(Object.values(features).flatMap((list) => list.filter((f) => f.startsWith('dep:')).map((f) => f.slice(4))));
  for (const dep of dependencies) {
    const name = dep.rename ?? dep.name;
    if (!dep.optional || explicit.has(name) || name in features) continue;
    features[name] = [`dep:${name}`];
  }
}
