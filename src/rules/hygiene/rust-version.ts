import { defineRule } from '../../engine/define-rule.js';
import { hasTarget, isAuxiliaryMember, isPublished } from './_shared.js';

export default defineRule({
  meta: {
    id: 'hygiene/rust-version',
    description: 'a published library member without `rust-version` (its minimum supported Rust version)',
    defaultSeverity: 'note',
    requires: [],
    messages: {
      missing: {
        message: '{member} is a published library without `rust-version`, so Cargo cannot tell which Rust it needs',
        fix: 'Add `rust-version = "1.NN"` (the oldest Rust you test with) to [package]; resolver 3 then picks dependency versions that still build on it, for you and for your users.',
      },
      notShared: {
        message: '{member} is a published library without `rust-version`; only the root package sets it ({rootRustVersion})',
        fix: 'Move `rust-version` to [workspace.package] and add `rust-version.workspace = true` to each member; resolver 3 then picks dependency versions that still build on that Rust, for you and for your users.',
      },
      notInherited: {
        message: '{member} is a published library without `rust-version`, although [workspace.package] sets {workspaceRustVersion}',
        fix: 'Add `rust-version.workspace = true` to [package]; resolver 3 then picks dependency versions that still build on that Rust, for you and for your users.',
      },
    },
    since: '0.1.0',
  },
  check({ workspace, report }) {
    const inherited = workspace.workspacePackage['rust-version'];
    const rootRustVersion = workspace.members.find((m) => m.manifestPath === workspace.rootManifestPath)?.rustVersion ?? null;
    for (const member of workspace.members) {
      if (member.rustVersion || !hasTarget(member, 'lib') || !isPublished(member)) continue;
      if (isAuxiliaryMember(workspace, member)) continue;
      report({
        messageId: typeof inherited === 'string' ? 'notInherited' : rootRustVersion ? 'notShared' : 'missing',
        data: { member: member.name, workspaceRustVersion: typeof inherited === 'string' ? inherited : '', rootRustVersion: rootRustVersion ?? '' },
        location: member.location,
        member: member.name,
      });
    }
  },
});
