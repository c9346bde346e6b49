import type { Command } from 'commander';
import { formatOption, type Io, type RunState } from '../main.js';
import { loadAllWorkspaces, loadWorkspaceSync } from '../../project/workspace.js';
import { toCargoMetadata } from '../../project/metadata-json.js';
import { renderMapText } from '../../report/map-text.js';
import { colorsFor } from '../../util/color.js';
import { ToolError } from '../../util/errors.js';
import type { Workspace } from '../../project/model.js';

export function registerMap(program: Command, io: Io, state: RunState): void {
  program
    .command('map')
    .summary('show the workspace: members, targets and every direct dependency')
    .description(
      'Show the workspace as Cargo sees it: the root, each member with its edition, rust-version and\n' +
        'targets, and each member\'s direct dependencies with requirement, kind, target condition and\n' +
        'the version Cargo.lock resolved. Reads manifests only; cargo is not needed.',
    )
    .argument('[path]', 'a directory inside the workspace, or a Cargo.toml', '.')
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('--all', 'load every independent workspace found under <path> (repositories with no root manifest)')
    .addHelpText(
      'after',
      `
The JSON output uses cargo metadata's field names (packages[].name, version, edition,
manifest_path, targets[], dependencies[] with name, rename, req, kind, target, optional,
uses_default_features, features) and adds resolved_version and location.

Examples:
  cargo-stack map                      the workspace around the current directory
  cargo-stack map crates/api           the workspace that crates/api belongs to
  cargo-stack map --format json | jq '.packages[].name'
  cargo-stack map --all ~/src/embassy  every workspace under a folder`,
    )
    .action((path: string, options: { format: 'text' | 'json'; all?: boolean }) => {
      const workspaces: Workspace[] = options.all ? loadAllWorkspaces(path) : [loadWorkspaceSync(path)];
      if (workspaces.length === 0) throw new ToolError('no-manifest', `no Cargo.toml under ${path}`);
      if (options.format === 'json') {
        const json = workspaces.map(toCargoMetadata);
        io.stdout(JSON.stringify(options.all ? json : json[0], null, 2) + '\n');
      } else {
        const colors = colorsFor(io.isTTY);
        io.stdout(workspaces.map((ws) => renderMapText(ws, colors)).join('\n'));
      }
      state.exitCode = 0;
    });
}
