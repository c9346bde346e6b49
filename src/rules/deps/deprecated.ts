import { defineRule } from '../../engine/define-rule.js';
import { findCrate } from '../../kb/load.js';
import type { Replacement } from '../../kb/schema.js';

/** "smol or tokio", "`std::io::IsTerminal` (Rust 1.70)". */
export function describeReplacements(replacements: readonly Replacement[]): string {
  const names = replacements.map((r) => (r.crate ? r.crate : `\`${r.std}\` (Rust ${r.since})`));
  if (names.length <= 1) return names[0] ?? 'a maintained alternative';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export default defineRule({
  meta: {
    id: 'deps/deprecated',
    description: 'direct dependencies the knowledge base marks deprecated or unmaintained, with the structured replacement',
    defaultSeverity: 'warning',
    requires: ['kb'],
    messages: {
      deprecated: { message: '{crate} is deprecated: {summary}', fix: 'Move to {replacement}.' },
      unmaintained: { message: '{crate} is unmaintained{advisory}: {summary}', fix: 'Move to {replacement}.' },
    },
    since: '0.1.0',
  },
  check({ workspace, kb, report }) {
    for (const member of workspace.members) {
      for (const dep of member.dependencies) {
        if (dep.source.type === 'path') continue;
        const entry = findCrate(kb, dep.name);
        if (!entry || (entry.status !== 'deprecated' && entry.status !== 'unmaintained')) continue;
        const wsDep = dep.inherited ? workspace.workspaceDependencies.get(dep.rename ?? dep.name) : undefined;
        report({
          messageId: entry.status,
          data: {
            crate: dep.name,
            summary: entry.summary.replace(/\.$/, ''),
            replacement: describeReplacements(entry.replacements),
            advisory: entry.advisory ? ` (${entry.advisory.id})` : '',
          },
          location: dep.location,
          related: wsDep ? [{ location: wsDep.location, message: 'declared in [workspace.dependencies]' }] : [],
          member: member.name,
          crate: entry.name,
        });
      }
    }
  },
});
