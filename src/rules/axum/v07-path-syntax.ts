import type { SgNode } from '@ast-grep/napi';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { atLeast, versionOf } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';

const ROUTE_METHODS = '^(route|nest|route_service|nest_service)$';
// A route method called with a string literal (raw ones too) holding a `/:…` or `/*…` segment.
const PREFILTER = /\.\s*(?:route|nest)(?:_service)?\s*\(\s*(?:r#*)?"[^"]*\/[:*]/;

/** The axum 0.8 spelling of a 0.7 path (`/users/:id` → `/users/{id}`, `/files/*rest` → `/files/{*rest}`), or null when it has no old segment. */
export function rewriteV07Path(path: string): string | null {
  let changed = false;
  const segments = path.split('/').map((segment) => {
    const m = /^([:*])([A-Za-z0-9_]*)(.*)$/s.exec(segment);
    if (!m) return segment;
    changed = true;
    const [, sigil, name, rest] = m;
    return sigil === ':' ? `{${name || 'param'}}${rest}` : `{*${name || 'rest'}}${rest}`;
  });
  return changed ? segments.join('/') : null;
}

/** The value of a plain or raw string literal node, or null for anything else (escapes are kept as written). */
function literalValue(node: SgNode): string | null {
  const kind = kindOf(node);
  if (kind === 'string_literal') return node.text().slice(1, -1);
  if (kind === 'raw_string_literal') return node.text().replace(/^r(#*)"([\s\S]*)"\1$/, '$2');
  return null;
}

export const scanner = defineScanner({
  tokens: ['.route', '.nest'],
  prefilter: (text) => PREFILTER.test(text) && !text.includes('without_v07_checks'),
  scan(root) {
    const hits: Hit[] = [];
    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', kind: 'field_expression', has: { field: 'field', regex: ROUTE_METHODS } } } })) {
      const first = call.field('arguments')?.children().find((c) => c.isNamed() && !kindOf(c).endsWith('comment'));
      if (!first) continue;
      const path = literalValue(first);
      const fixed = path === null ? null : rewriteV07Path(path);
      if (path === null || fixed === null) continue;
      const method = call.field('function')?.field('field')?.text() ?? 'route';
      hits.push(hitAt(first, path.split('/').some((s) => s.startsWith('*')) ? 'wildcard' : 'param', { path, fixed, method }));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'axum/v07-path-syntax',
    description: 'axum 0.7 route syntax (`/:id`, `/*rest`) with axum 0.8 or later, where the router panics at startup',
    defaultSeverity: 'error',
    messages: {
      param: {
        message: '`.{method}("{path}")` uses the axum 0.7 `:param` syntax: axum {version} panics when the router is built',
        fix: 'Write the path as "{fixed}".',
      },
      wildcard: {
        message: '`.{method}("{path}")` uses the axum 0.7 `*wildcard` syntax: axum {version} panics when the router is built',
        fix: 'Write the path as "{fixed}".',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member) => atLeast(versionOf(member, 'axum'), '0.8.0') },
  check({ hits, scan, report }) {
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      report({
        messageId: hit.messageId,
        data: { ...hit.data, version: versionOf(file.member, 'axum') ?? '0.8' },
        location: scan.location(fileHit),
        member: file.member.name,
        crate: 'axum',
      });
    }
  },
});
