import { defineRule } from '../../engine/define-rule.js';
import { ignoredDependencies, isIgnored } from './_ignored.js';

export default defineRule({
  meta: {
    id: 'unused/workspace-dependency',
    description: '`[workspace.dependencies]` entries that no member inherits with `workspace = true`',
    defaultSeverity: 'warning',
    requires: [],
    messages: {
      unused: { message: '[workspace.dependencies] declares {dep}, but no member inherits it', fix: 'Remove {dep} from [workspace.dependencies], or use it from a member with `{dep}.workspace = true`.' },
    },
    since: '0.1.0',
  },
  check({ workspace, report }) {
    if (workspace.workspaceDependencies.size === 0) return;
    // A member that did not load has dependencies we cannot see: do not guess.
    if (workspace.diagnostics.some((d) => d.code === 'manifest/parse-error' || d.code === 'manifest/package-without-name')) return;
    const inherited = new Set<string>();
    for (const member of workspace.members) for (const dep of member.dependencies) if (dep.inherited) inherited.add(dep.rename ?? dep.name);
    const ignored = ignoredDependencies(workspace, null);
    for (const [key, dep] of workspace.workspaceDependencies) {
      if (inherited.has(key) || isIgnored(ignored, key, dep.name)) continue;
      report({ messageId: 'unused', data: { dep: key }, location: dep.location, crate: dep.name });
    }
  },
});
