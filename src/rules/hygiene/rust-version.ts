import { defineRule } from '../../engine/define-rule.js';
import { locate } from '../../project/manifest.js';
import type { Location } from '../../project/location.js';
import type { Workspace } from '../../project/model.js';
import { GROUP_MEMBERS_AT, hasTarget, isAuxiliaryMember, listNames, manifestAt, publishableMembers } from './_shared.js';


const RESOLVER = 'resolver 3 then picks dependency versions that still build on that Rust, for you and for your users';

type Kind = 'missing' | 'notShared' | 'notInherited';

export default defineRule({
  meta: {
    id: 'hygiene/rust-version',
    description: 'a published library member without `rust-version` (its minimum supported Rust version)',
    defaultSeverity: 'note',
    requires: [],
    messages: {
      missing: {
        message: '{member} is a published library without `rust-version`, so Cargo cannot tell which Rust it needs',
        fix: `Add \`rust-version = "1.NN"\` (the oldest Rust you test with) to [package]; ${RESOLVER}. If it is never published, say so with \`publish = false\`.`,
      },
      notShared: {
        message: '{member} is a published library without `rust-version`; only the root package sets it ({rootRustVersion})',
        fix: `Move \`rust-version\` to [workspace.package] and add \`rust-version.workspace = true\` to each member; ${RESOLVER}.`,
      },
      notInherited: {
        message: '{member} is a published library without `rust-version`, although [workspace.package] sets {workspaceRustVersion}',
        fix: `Add \`rust-version.workspace = true\` to [package]; ${RESOLVER}.`,
      },
      missingMany: {
        message: '{count} published libraries have no `rust-version` ({members}), so Cargo cannot tell which Rust they need',
        fix: `Set \`rust-version = "1.NN"\` (the oldest Rust you test with) in [workspace.package] and add \`rust-version.workspace = true\` to each of them; ${RESOLVER}. Members that are never published say so with \`publish = false\`.`,
      },
      notSharedMany: {
        message: '{count} published libraries have no `rust-version` ({members}); only the root package sets it ({rootRustVersion})',
        fix: `Move \`rust-version\` to [workspace.package] and add \`rust-version.workspace = true\` to each member; ${RESOLVER}.`,
      },
      notInheritedMany: {
        message: '{count} published libraries do not inherit `rust-version` ({members}), although [workspace.package] sets {workspaceRustVersion}',
        fix: `Add \`rust-version.workspace = true\` to [package] of each; ${RESOLVER}.`,
      },
    },
    since: '0.1.0',
  },
  check({ workspace, report }) {
    const inherited = workspace.workspacePackage['rust-version'];
    const workspaceRustVersion = typeof inherited === 'string' ? inherited : '';
    const rootRustVersion = workspace.members.find((m) => m.manifestPath === workspace.rootManifestPath)?.rustVersion ?? '';
    const kind: Kind = workspaceRustVersion ? 'notInherited' : rootRustVersion ? 'notShared' : 'missing';
    const publishable = publishableMembers(workspace);
    const lacking = workspace.members.filter((m) => !m.rustVersion && hasTarget(m, 'lib') && publishable.has(m) && !isAuxiliaryMember(workspace, m));
    if (lacking.length >= GROUP_MEMBERS_AT) {
      report({
        messageId: `${kind}Many`,
        data: { count: lacking.length, members: listNames(lacking.map((m) => m.name)), workspaceRustVersion, rootRustVersion },
        location: sharedFixLocation(workspace, kind),
        related: lacking.map((m) => ({ location: m.location, message: `${m.name} has no rust-version` })),
      });
      return;
    }
    for (const member of lacking) {
      report({ messageId: kind, data: { member: member.name, workspaceRustVersion, rootRustVersion }, location: member.location, member: member.name });
    }
  },
});

/** Where the one change goes: the workspace's `rust-version`, the root package's, or `[workspace]`. */
function sharedFixLocation(workspace: Workspace, kind: Kind): Location {
  const root = manifestAt(workspace.rootManifestPath);
  if (!root) return { file: workspace.rootManifestPath, line: 1, column: 1 };
  if (kind === 'notInherited') return locate(root, ['workspace', 'package', 'rust-version']);
  if (kind === 'notShared') return locate(root, ['package', 'rust-version']);
  return locate(root, workspace.explicitWorkspace ? ['workspace', 'package'] : ['package']);
}
