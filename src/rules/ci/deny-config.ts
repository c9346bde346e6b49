import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { defineRule } from '../../engine/define-rule.js';
import { ciAnalysisFor } from '../../ci/bundle.js';
import type { Workspace } from '../../project/model.js';
import { opaqueNote, relativeTo } from './_shared.js';

const CONFIG_NAMES = ['deny.toml', '.deny.toml', join('.cargo', 'deny.toml')];

/**
 * The config cargo-deny would pick without `--config`: it walks up from the manifest's directory
 * looking for deny.toml, .deny.toml, then .cargo/deny.toml. The walk stops at the repository
 * root here, since directories above a CI checkout do not exist in CI.
 */
export function findDenyConfig(workspaceRoot: string, stopAt: string): string | undefined {
  let dir = resolve(workspaceRoot);
  for (;;) {
    for (const name of CONFIG_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
    if (dir === stopAt) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** cargo-deny also reads `[workspace.metadata.deny]` or the root package's `[package.metadata.deny]`. */
function hasMetadataConfig(workspace: Workspace): boolean {
  if (workspace.metadata && 'deny' in workspace.metadata) return true;
  const root = workspace.members.find((m) => m.manifestPath === workspace.rootManifestPath);
  return root?.metadata !== null && root?.metadata !== undefined && 'deny' in root.metadata;
}

export default defineRule({
  meta: {
    id: 'ci/deny-config',
    description: 'cargo-deny in CI and its deny.toml go together: a run without a config, or a config nothing runs',
    defaultSeverity: 'note',
    requires: [],
    messages: {
      'missing-config': {
        message: 'CI runs cargo-deny ({origin}) but there is no {config}, so it checks with the built-in defaults, whose empty license allow-list rejects every crate',
        fix: 'Run `cargo deny init` at the workspace root and commit the deny.toml it writes, with your allowed licenses.',
      },
      'unused-config': {
        message: '{config} configures cargo-deny, but no CI job runs `cargo deny check`{opaque}',
        fix: 'Add a CI step that runs `cargo deny check` (or EmbarkStudios/cargo-deny-action).',
      },
    },
    since: '0.1.0',
  },
  async check({ workspace, report }) {
    const analysis = await ciAnalysisFor(workspace);
    const outermost = analysis.config.roots[analysis.config.roots.length - 1]!;
    if (analysis.deny.length > 0) {
      let defaultReported = false;
      for (const { fact, command } of analysis.deny) {
        if (fact.config === undefined && fact.manifestPath !== undefined && !fact.manifestPath.includes('$')) {
          // cargo-deny looks for its config from the manifest's directory upwards.
          const manifestDir = dirname(isAbsolute(fact.manifestPath) ? fact.manifestPath : resolve(command.cwd, fact.manifestPath));
          if (!findDenyConfig(manifestDir, command.repoRoot)) report({ messageId: 'missing-config', data: { origin: command.origin, config: 'deny.toml' }, location: command.location });
          continue;
        }
        if (fact.config !== undefined) {
          if (fact.config.includes('$')) continue;
          const candidates = isAbsolute(fact.config) ? [fact.config] : [resolve(command.cwd, fact.config), resolve(command.repoRoot, fact.config)];
          if (candidates.some((p) => existsSync(p))) continue;
          report({ messageId: 'missing-config', data: { origin: command.origin, config: fact.config }, location: command.location });
        } else if (!defaultReported && !findDenyConfig(workspace.root, outermost) && !hasMetadataConfig(workspace)) {
          defaultReported = true;
          report({ messageId: 'missing-config', data: { origin: command.origin, config: 'deny.toml' }, location: command.location });
        }
      }
      return;
    }
    if (analysis.config.files.length === 0) return;
    const config = findDenyConfig(workspace.root, outermost);
    if (!config) return;
    report({ messageId: 'unused-config', data: { config: relativeTo(workspace.root, config), opaque: opaqueNote(analysis.opaque) }, location: { file: config, line: 1, column: 1 } });
  },
});
