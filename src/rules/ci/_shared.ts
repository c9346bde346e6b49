import { relative } from 'node:path';
import type { Location } from '../../project/location.js';
import { locate, readManifest } from '../../project/manifest.js';
import type { Workspace } from '../../project/model.js';

/** " (CI also runs `cargo xtask`, which cargo-stack cannot look into)", or "". */
export function opaqueNote(opaque: readonly string[]): string {
  if (opaque.length === 0) return '';
  const shown = opaque.slice(0, 3).map((o) => `\`${o}\``);
  const more = opaque.length > 3 ? ` and ${opaque.length - 3} more` : '';
  return ` (CI also runs ${shown.join(', ')}${more}, which cargo-stack cannot look into)`;
}

/** The `[workspace]` header of the root manifest, else `[package]`, else its first line. */
export function rootManifestLocation(workspace: Workspace): Location {
  const read = readManifest(workspace.rootManifestPath);
  if (!read.ok) return { file: workspace.rootManifestPath, line: 1, column: 1 };
  return locate(read.manifest, [workspace.explicitWorkspace ? 'workspace' : 'package']);
}

export function relativeTo(root: string, path: string): string {
  const rel = relative(root, path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}
