import { isTable } from '../../project/manifest.js';
import type { Package, Workspace } from '../../project/model.js';

const norm = (name: string): string => name.toLowerCase().replace(/_/g, '-');

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function fromMetadata(metadata: Record<string, unknown> | null): string[] {
  if (!metadata) return [];
  const out: string[] = [];
  for (const tool of ['cargo-machete', 'cargo-shear']) {
    const table = metadata[tool];
    if (isTable(table)) out.push(...strings(table.ignored));
  }
  const udeps = metadata['cargo-udeps'];
  if (isTable(udeps) && isTable(udeps.ignore)) for (const kind of ['normal', 'development', 'build']) out.push(...strings(udeps.ignore[kind]));
  return out;
}

/**
 * Dependencies the team declared used on purpose, in the other tools' own config so nobody has to
 * rewrite it: `[package.metadata.cargo-machete] ignored`, `[package.metadata.cargo-shear] ignored`,
 * `[package.metadata.cargo-udeps.ignore]`, and the same machete/shear tables under
 * `[workspace.metadata]`. Names are compared with `-` and `_` alike.
 */
export function ignoredDependencies(workspace: Workspace, member: Package | null): Set<string> {
  return new Set([...fromMetadata(workspace.metadata), ...fromMetadata(member?.metadata ?? null)].map(norm));
}

export function isIgnored(ignored: ReadonlySet<string>, ...keys: string[]): boolean {
  return keys.some((k) => ignored.has(norm(k)));
}
