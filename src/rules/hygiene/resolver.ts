import { defineRule } from '../../engine/define-rule.js';
import { locate } from '../../project/manifest.js';
import { listNames, manifestAt } from './_shared.js';

export default defineRule({
  meta: {
    id: 'hygiene/resolver',
    description: 'a virtual workspace of edition 2021/2024 members that sets no resolver, so Cargo falls back to resolver 1',
    defaultSeverity: 'warning',
    requires: [],
    messages: {
      missing: {
        message: 'this virtual workspace sets no `resolver`, so Cargo uses resolver 1 although {members} use edition {edition}',
        fix: 'Add `resolver = "{resolver}"` to [workspace]{requirement}.',
      },
    },
    fixable: 'safe',
    since: '0.1.0',
  },
  check({ workspace, report }) {
    // A root package's edition picks the resolver; only a virtual workspace falls back to 1.
    if (!workspace.virtual || !workspace.explicitWorkspace || workspace.resolverExplicit) return;
    const edition = workspace.members.some((m) => m.edition === '2024') ? '2024' : workspace.members.some((m) => m.edition === '2021') ? '2021' : undefined;
    if (!edition) return;
    const members = workspace.members.filter((m) => m.edition === edition).map((m) => m.name);
    const manifest = manifestAt(workspace.rootManifestPath);
    report({
      messageId: 'missing',
      data: {
        members: members.length === workspace.members.length && members.length > 1 ? `all ${members.length} members` : listNames(members),
        edition,
        resolver: edition === '2024' ? '3' : '2',
        requirement: edition === '2024' ? ' (Cargo 1.84 or newer reads it; edition 2024 needs 1.85 anyway)' : '',
      },
      location: manifest ? locate(manifest, ['workspace']) : { file: workspace.rootManifestPath, line: 1, column: 1 },
      applicability: 'safe',
    });
  },
});
