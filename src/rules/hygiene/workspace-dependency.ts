import { defineRule } from '../../engine/define-rule.js';
import { locate } from '../../project/manifest.js';
import type { DeclaredDependency } from '../../project/dependencies.js';
import type { Dependency } from '../../project/model.js';
import { compatibleReqs, directDeclarations, listNames, manifestAt, sourceKey, type Declaration } from './_shared.js';

/** ` at different requirements: `^1.0` · `^1.0.29`` when the declarations do not all say the same. */
function requirementsText(reqs: readonly string[]): string {
  const distinct = [...new Set(reqs)];
  return distinct.length > 1 ? ` at different requirements: ${distinct.map((r) => `\`${r}\``).join(' · ')}` : '';
}

function tableLabel(dep: Dependency): string {
  const table = dep.kind === 'normal' ? 'dependencies' : `${dep.kind}-dependencies`;
  return dep.target ? `[target.'${dep.target}'.${table}]` : `[${table}]`;
}

export default defineRule({
  meta: {
    id: 'hygiene/workspace-dependency',
    description: 'a registry or git crate declared directly in several members instead of once in [workspace.dependencies]',
    defaultSeverity: 'note',
    requires: [],
    messages: {
      share: {
        message: '{crate} is declared directly in {count} members ({members}){requirements}',
        fix: 'Declare {crate} once in [workspace.dependencies] and write `{key}.workspace = true` in each member.',
      },
      inherit: {
        message: '{crate} is in [workspace.dependencies] but declared directly in {members}{requirements}',
        fix: 'Replace the direct declarations with `{key}.workspace = true`, so the version is set in one place.',
      },
      adopt: {
        message: '{count} crates are declared directly in several members ({crates}); [workspace.dependencies] would set each version in one place',
        fix: 'Declare shared dependencies once in [workspace.dependencies] (Cargo 1.64+) and write `<name>.workspace = true` in the members, so each version is set in one place.',
      },
    },
    since: '0.1.0',
  },
  check({ workspace, report }) {
    if (workspace.members.length < 2) return;
    const groups = directDeclarations(workspace);

    const workspaceEntries = new Map<string, [string, DeclaredDependency]>();
    for (const [key, wsDep] of workspace.workspaceDependencies) {
      const source = sourceKey(wsDep.source);
      if (source !== undefined) workspaceEntries.set(`${wsDep.name}\u0000${source}`, [key, wsDep]);
    }

    const shared: Declaration[][] = [];
    for (const [groupKey, declarations] of groups) {
      const wsEntry = workspaceEntries.get(groupKey);
      if (!wsEntry) {
        if (new Set(declarations.map((d) => d.member)).size >= 2) shared.push(declarations);
        continue;
      }
      // A member that needs a version the workspace entry cannot give (a legacy API, a
      // compatibility test) declares it on purpose; inheriting would change its code's meaning.
      const [wsKey, wsDep] = wsEntry;
      const direct = declarations.filter((d) => compatibleReqs(d.dep.req, wsDep.req));
      const [head, ...rest] = direct;
      if (!head) continue;
      const members = [...new Set(direct.map((d) => d.member.name))];
      report({
        messageId: 'inherit',
        data: { crate: head.dep.name, count: members.length, members: listNames(members), key: wsKey, requirements: requirementsText([wsDep.req, ...direct.map((d) => d.dep.req)]) },
        location: head.dep.location,
        related: [
          ...rest.map((d) => ({ location: d.dep.location, message: `declared in ${d.member.name} ${tableLabel(d.dep)}` })),
          { location: wsDep.location, message: 'declared in [workspace.dependencies]' },
        ],
        member: head.member.name,
        crate: head.dep.name,
      });
    }

    // A workspace that has not (or barely) adopted [workspace.dependencies] gets one note, not one
    // per crate; once the table is the convention, each crate left out of it is worth its own note.
    if (shared.length > 1 && shared.length > workspace.workspaceDependencies.size) {
      const root = manifestAt(workspace.rootManifestPath);
      const names = shared.map((d) => d[0]!.dep.name);
      report({
        messageId: 'adopt',
        data: { count: shared.length, crates: listNames(names, 8) },
        location: root ? locate(root, ['workspace']) : { file: workspace.rootManifestPath, line: 1, column: 1 },
        related: shared.map((d) => ({
          location: d[0]!.dep.location,
          message: `${d[0]!.dep.name}: ${listNames([...new Set(d.map((x) => x.member.name))], 3)}${requirementsText(d.map((x) => x.dep.req))}`,
        })),
      });
      return;
    }
    for (const declarations of shared) {
      const [head, ...rest] = declarations as [Declaration, ...Declaration[]];
      const members = [...new Set(declarations.map((d) => d.member.name))];
      report({
        messageId: 'share',
        data: { crate: head.dep.name, count: members.length, members: listNames(members), key: head.dep.rename ?? head.dep.name, requirements: requirementsText(declarations.map((d) => d.dep.req)) },
        location: head.dep.location,
        related: rest.map((d) => ({ location: d.dep.location, message: `declared in ${d.member.name} ${tableLabel(d.dep)}` })),
        member: head.member.name,
        crate: head.dep.name,
      });
    }
  },
});
