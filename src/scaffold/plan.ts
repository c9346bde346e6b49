/**
 * Turns a scenario, the user's choices and resolved versions into the list of files to write.
 * Pure apart from reading the template folder, so tests can inspect a plan without touching disk.
 */
import { join } from 'node:path';
import { VERSION } from '../util/version.js';
import { crateIdent } from './names.js';
import type { Choices, PathDependency, RegistryDependency, Scenario } from './scenario.js';
import { outputPath, partialsFrom, readTemplateFolder, renderTemplate, templatesDir, type TemplateContext } from './template.js';
import { versionOriginPhrase, type ResolvedVersion } from './versions.js';

export interface PlannedFile {
  /** Relative to the new workspace's root, `/`-separated. */
  path: string;
  content: string | Uint8Array;
}

/**
 * Licenses dependencies of these stacks commonly use. cargo-deny rejects anything else, so a new
 * license is a decision someone makes on purpose.
 */
const DENY_LICENSES: readonly (readonly [string, string?])[] = [
  ['Apache-2.0'],
  ['Apache-2.0 WITH LLVM-exception'],
  ['BSD-2-Clause'],
  ['BSD-3-Clause'],
  ['BSL-1.0'],
  ['CC0-1.0'],
  ['CDLA-Permissive-2.0', 'webpki-roots'],
  ['ISC'],
  ['MIT'],
  ['MIT-0'],
  ['MPL-2.0', 'file-level copyleft: changes to MPL-licensed files must be shared'],
  ['Unicode-3.0'],
  ['Unicode-DFS-2016'],
  ['Zlib'],
];

/** The SPDX identifiers in an expression such as `MIT OR Apache-2.0`. */
function licenseIds(expression: string): string[] {
  return expression
    .replace(/[()]/g, ' ')
    .split(/\s+(?:OR|AND)\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function denyLicenses(own: string | undefined): string {
  const known = new Set(DENY_LICENSES.map(([id]) => id));
  const extra = own === undefined ? [] : licenseIds(own).filter((id) => !known.has(id));
  const entries: (readonly [string, string?])[] = [...DENY_LICENSES, ...extra.map((id) => [id, 'the license of this workspace'] as const)];
  return entries.map(([id, why]) => `    "${id}",${why ? ` # ${why}` : ''}`).join('\n');
}

function tomlString(value: string): string {
  return JSON.stringify(value);
}

function renderDependency(dep: RegistryDependency, version: string): string {
  const parts = [`version = ${tomlString(version)}`];
  if (dep.defaultFeatures === false) parts.push('default-features = false');
  if (dep.features && dep.features.length > 0) parts.push(`features = [${dep.features.map(tomlString).join(', ')}]`);
  const value = parts.length === 1 ? tomlString(version) : `{ ${parts.join(', ')} }`;
  return `${dep.comment ? `# ${dep.comment}\n` : ''}${dep.name} = ${value}`;
}

/** The body of `[workspace.dependencies]`: members first, then crates.io dependencies by name. */
function workspaceDependencies(paths: readonly PathDependency[], registry: readonly RegistryDependency[], versions: readonly ResolvedVersion[]): string {
  const byName = new Map(versions.map((v) => [v.name, v.version]));
  const lines = paths.map((p) => `${p.name} = { path = ${tomlString(p.path)} }`);
  for (const dep of [...registry].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(renderDependency(dep, byName.get(dep.name) ?? dep.baseline));
  }
  return lines.join('\n');
}

function templateContext(scenario: Scenario, choices: Choices, versions: readonly ResolvedVersion[]): TemplateContext {
  const wasmPackage = scenario.ci.wasmPackage?.(choices);
  const gitignore = scenario.gitignore(choices);
  return {
    vars: {
      name: choices.name,
      crate: crateIdent(choices.name),
      license: choices.license ?? '',
      cargo_stack_version: VERSION,
      rust_version: scenario.rustVersion,
      rust_version_reason: scenario.rustVersionReason,
      workspace_dependencies: workspaceDependencies(scenario.pathDependencies(choices), scenario.dependencies(choices), versions),
      deny_licenses: denyLicenses(choices.license),
      gitignore_extra: gitignore.length > 0 ? `${gitignore.join('\n')}\n` : '',
      apt_packages: (scenario.ci.apt ?? []).join(' '),
      wasm_package: wasmPackage ?? '',
      version_origin: versionOriginPhrase(versions),
      ...scenario.variables?.(choices),
    },
    flags: {
      license: choices.license !== undefined,
      apt: scenario.ci.apt !== undefined,
      doctests: scenario.ci.doctests,
      wasm_check: wasmPackage !== undefined,
      ...scenario.flags?.(choices),
    },
  };
}

/**
 * The files of the new workspace. A scenario's own file replaces the common one with the same
 * output path; a template that renders to nothing but whitespace is skipped (optional files).
 */
export function planFiles(scenario: Scenario, choices: Choices, versions: readonly ResolvedVersion[], root = templatesDir()): PlannedFile[] {
  const context = templateContext(scenario, choices, versions);
  const partials = partialsFrom(root);
  const files = new Map<string, PlannedFile>();
  for (const folder of ['_common', scenario.id]) {
    for (const template of readTemplateFolder(join(root, folder))) {
      const path = outputPath(template.source, context);
      const content = renderTemplate(template.text, context, `templates/${folder}/${template.source}`, partials);
      if (content.trim() === '') files.delete(path);
      else files.set(path, { path, content: content.replace(/\n*$/, '\n') });
    }
  }
  for (const file of scenario.binaryFiles?.(choices) ?? []) files.set(file.path, file);
  return [...files.values()].sort((a, b) => a.path.localeCompare(b.path));
}
