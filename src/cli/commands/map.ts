import type { Command } from 'commander';
import { formatOption, type Io, type RunState } from '../main.js';
import { loadAllWorkspaces, loadWorkspaceSync } from '../../project/workspace.js';
import { toCargoMetadata, type Metadata, type MetadataDependency } from '../../project/metadata-json.js';
import { dependencyStack, renderMapText, type DependencyStack } from '../../report/map-text.js';
import { loadDefaultKb, type Kb } from '../../kb/load.js';
import { colorsFor } from '../../util/color.js';
import { ToolError } from '../../util/errors.js';
import type { Workspace } from '../../project/model.js';

export function registerMap(program: Command, io: Io, state: RunState): void {
  program
    .command('map')
    .summary('show the workspace: members, targets and every direct dependency by stack layer')
    .description(
      'Show the workspace as Cargo sees it: the root, each member with its edition, rust-version and\n' +
        'targets, and each member\'s direct dependencies grouped by stack layer, with requirement, kind,\n' +
        'target condition, the version Cargo.lock resolved and the crate\'s status in the knowledge base\n' +
        '(deprecated, unmaintained and superseded-by-std in red). Crates the knowledge base does not\n' +
        'know are listed under "unclassified". Reads manifests only; cargo is not needed.',
    )
    .argument('[path]', 'a directory inside the workspace, or a Cargo.toml', '.')
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('--all', 'load every independent workspace found under <path> (repositories with no root manifest)')
    .addHelpText(
      'after',
      `
The JSON output uses cargo metadata's field names (packages[].name, version, edition,
manifest_path, targets[], dependencies[] with name, rename, req, kind, target, optional,
uses_default_features, features) and adds resolved_version, location and, from the knowledge
base, layer, category and status (null for path dependencies and crates it does not know).

Examples:
  cargo-stack map                      the workspace around the current directory
  cargo-stack map crates/api           the workspace that crates/api belongs to
  cargo-stack map --format json | jq '.packages[].name'
  cargo-stack map --all ~/src/embassy  every workspace under a folder`,
    )
    .action((path: string, options: { format: 'text' | 'json'; all?: boolean }) => {
      const workspaces: Workspace[] = options.all ? loadAllWorkspaces(path) : [loadWorkspaceSync(path)];
      if (workspaces.length === 0) throw new ToolError('no-manifest', `no Cargo.toml under ${path}`);
      const kb = loadDefaultKb();
      if (options.format === 'json') {
        const json = workspaces.map((ws) => withStack(toCargoMetadata(ws), ws, kb));
        io.stdout(JSON.stringify(options.all ? json : json[0], null, 2) + '\n');
      } else {
        const colors = colorsFor(io.isTTY);
        io.stdout(workspaces.map((ws) => renderMapText(ws, colors, kb)).join('\n'));
      }
      state.exitCode = 0;
    });
}

type StackedMetadata = Omit<Metadata, 'packages'> & {
  packages: (Omit<Metadata['packages'][number], 'dependencies'> & { dependencies: (MetadataDependency & DependencyStack)[] })[];
};

/** Adds each dependency's KB layer, category and status; toCargoMetadata keeps the members' dependency order. */
function withStack(metadata: Metadata, ws: Workspace, kb: Kb): StackedMetadata {
  return {
    ...metadata,
    packages: metadata.packages.map((pkg, i) => ({
      ...pkg,
      dependencies: pkg.dependencies.map((dep, j) => {
        const source = ws.members[i]?.dependencies[j];
        return { ...dep, ...(source ? dependencyStack(source, kb) : { layer: null, category: null, status: null }) };
      }),
    })),
  };
}
