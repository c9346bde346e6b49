import type { SgNode } from '@ast-grep/napi';
import type { RuleMessage } from '../../engine/define-rule.js';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { atLeast, versionOf } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, relatedAt, type Hit } from '../../source/scanner.js';
import { expandUse } from '../../source/use-paths.js';

/** A leptos 0.6 constructor function and what 0.7 wants instead (leptos v0.7.0 reactive_graph, leptos_server). */
interface OldCall {
  messageId: string;
  replacement: string;
  /** Gone in 0.7 (a build error); otherwise `#[deprecated]` (a warning). */
  removed: boolean;
}

const CALLS: Record<string, OldCall> = {
  create_resource: { messageId: 'createResource', replacement: 'Resource::new(source, fetcher)', removed: true },
  create_local_resource: { messageId: 'createLocalResource', replacement: 'LocalResource::new(fetcher)', removed: true },
  create_blocking_resource: { messageId: 'createBlockingResource', replacement: 'Resource::new_blocking(source, fetcher)', removed: true },
  create_server_action: { messageId: 'createServerAction', replacement: 'ServerAction::<F>::new()', removed: true },
  create_server_multi_action: { messageId: 'createServerMultiAction', replacement: 'ServerMultiAction::<F>::new()', removed: true },
  create_multi_action: { messageId: 'createMultiAction', replacement: 'MultiAction::new(action_fn)', removed: true },
  create_signal: { messageId: 'createSignal', replacement: 'signal(value)', removed: false },
  create_rw_signal: { messageId: 'createRwSignal', replacement: 'RwSignal::new(value)', removed: false },
  create_memo: { messageId: 'createMemo', replacement: 'Memo::new(f)', removed: false },
  create_effect: { messageId: 'createEffect', replacement: 'Effect::new(f)', removed: false },
  create_action: { messageId: 'createAction', replacement: 'Action::new(action_fn)', removed: false },
  create_node_ref: { messageId: 'createNodeRef', replacement: 'NodeRef::new()', removed: false },
  create_trigger: { messageId: 'createTrigger', replacement: 'ArcTrigger::new()', removed: false },
};

const CALLEE = `(^|::)(${Object.keys(CALLS).join('|')})\\s*(::\\s*<[\\s\\S]*>)?$`;
const CALLEE_RE = new RegExp(CALLEE);
const PREFILTER = new RegExp(`\\buse\\s+(?:::)?leptos\\s*::\\s*\\*|\\b(?:${Object.keys(CALLS).join('|')})\\b|\\.\\s*into_view\\s*\\(\\s*\\)|mount_to_body`);
/** Paths a leptos function may be called through; a path through anything else is someone else's function. */
const LEPTOS_ROOTS = /^(?:::)?\s*(?:leptos|leptos_reactive|leptos_server|reactive_graph|crate|self|super)\b/;

function callMessages(): Record<string, RuleMessage> {
  const out: Record<string, RuleMessage> = {};
  for (const [name, call] of Object.entries(CALLS)) {
    out[call.messageId] = call.removed
      ? { message: `\`${name}\` no longer exists in leptos {version} (removed in 0.7)`, fix: 'Use `{replacement}` instead.' }
      : { message: `\`${name}\` is deprecated in leptos {version} (since 0.7)`, fix: 'Use `{replacement}` instead.' };
  }
  return out;
}

/** The expression a match arm or branch evaluates to: a block's tail expression, else the expression itself. */
function tailOf(node: SgNode | null): SgNode | null {
  let current = node;
  while (current && kindOf(current) === 'block') {
    const kids = current.children().filter((c) => c.isNamed() && !kindOf(c).endsWith('comment'));
    const last = kids[kids.length - 1];
    current = last && kindOf(last) !== 'expression_statement' && kindOf(last) !== 'let_declaration' ? last : null;
  }
  return current;
}

/** The `into_view` name of a `<expr>.into_view()` call, else null. */
function intoViewCall(node: SgNode | null): SgNode | null {
  if (!node || kindOf(node) !== 'call_expression') return null;
  const fn = node.field('function');
  if (!fn || kindOf(fn) !== 'field_expression' || fn.field('field')?.text() !== 'into_view') return null;
  return (node.field('arguments')?.text().replace(/\s/g, '') ?? '') === '()' ? fn.field('field') : null;
}

/** Branch values of a `match` (its arms) or of an `if … else if … else` chain. */
function branchesOf(node: SgNode): SgNode[] {
  if (kindOf(node) === 'match_expression') {
    return node.field('body')?.children().filter((c) => kindOf(c) === 'match_arm').map((arm) => arm.field('value')).filter((v): v is SgNode => v !== null) ?? [];
  }
  const out: SgNode[] = [];
  let current: SgNode | null = node;
  while (current && kindOf(current) === 'if_expression') {
    const consequence = current.field('consequence');
    if (consequence) out.push(consequence);
    const alternative: SgNode | null = current.field('alternative');
    const next: SgNode | undefined = alternative?.children().find((c) => c.isNamed());
    if (next && kindOf(next) === 'block') out.push(next);
    current = next && kindOf(next) === 'if_expression' ? next : null;
  }
  return out;
}

export const scanner = defineScanner({
  tokens: ['leptos', 'create_', 'into_view', 'mount_to_body'],
  prefilter: (text) => PREFILTER.test(text),
  scan(root) {
    const hits: Hit[] = [];
    const uses = root.findAll({ rule: { kind: 'use_declaration', regex: 'leptos' } });
    const hasPrelude = uses.some((u) => /leptos\s*::\s*prelude\s*::\s*\*/.test(u.text()));
    for (const decl of uses) {
      const arg = decl.field('argument');
      if (!arg) continue;
      const tree = arg.text().replace(/\s+/g, '');
      if (!hasPrelude && /^(?:::)?leptos::\*$/.test(tree)) hits.push(hitAt(decl, 'globImport', { found: decl.text().replace(/\s+/g, ' '), replacement: 'use leptos::prelude::*;' }));
      if (tree.includes('mount_to_body')) {
        const aliases = new Map<string, string>();
        expandUse(arg.text(), aliases);
        const old = [...aliases.entries()].find(([, path]) => /^(?:::)?leptos::mount_to_body$/.test(path));
        const name = old ? arg.find({ rule: { kind: 'identifier', regex: '^mount_to_body$' } }) : null;
        if (name) hits.push(hitAt(name, 'mountToBody', { found: 'leptos::mount_to_body', replacement: 'leptos::mount::mount_to_body' }));
      }
    }
    for (const path of root.findAll({ rule: { kind: 'scoped_identifier', regex: '^(::)?\\s*leptos\\s*::\\s*mount_to_body$' } })) {
      if (path.ancestors().some((a) => kindOf(a) === 'use_declaration')) continue;
      hits.push(hitAt(path, 'mountToBody', { found: 'leptos::mount_to_body', replacement: 'leptos::mount::mount_to_body' }));
    }

    // A function of the same name defined in this file is the author's own, not leptos's.
    const local = new Set(root.findAll({ rule: { kind: 'function_item', has: { field: 'name', regex: CALLEE } } }).map((f) => f.field('name')?.text() ?? ''));
    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: CALLEE } } })) {
      let callee = call.field('function');
      if (callee && kindOf(callee) === 'generic_function') callee = callee.field('function');
      if (!callee || (kindOf(callee) !== 'identifier' && kindOf(callee) !== 'scoped_identifier')) continue;
      const text = callee.text().replace(/\s+/g, '');
      const name = CALLEE_RE.exec(text)?.[2];
      const old = name ? CALLS[name] : undefined;
      if (!name || !old || local.has(name)) continue;
      if (kindOf(callee) === 'scoped_identifier' && !LEPTOS_ROOTS.test(text)) continue;
      const at = kindOf(callee) === 'scoped_identifier' ? (callee.field('name') ?? callee) : callee;
      hits.push(hitAt(at, old.messageId, { call: name, replacement: old.replacement, removed: old.removed ? 1 : 0 }));
    }

    for (const node of root.findAll({ rule: { any: [{ kind: 'match_expression' }, { kind: 'if_expression', not: { inside: { kind: 'else_clause' } } }], regex: 'into_view' } })) {
      const calls = branchesOf(node)
        .map((b) => intoViewCall(tailOf(b)))
        .filter((c): c is SgNode => c !== null);
      if (calls.length < 2) continue;
      const [first, ...rest] = calls;
      hits.push(hitAt(first!, 'intoViewBranches', { construct: kindOf(node) === 'match_expression' ? 'match arms' : 'if/else branches', count: calls.length, replacement: '.into_any()' }, rest.map((c) => relatedAt(c, '`.into_view()` here'))));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'leptos/removed-api',
    description: 'leptos 0.6 APIs used with leptos 0.7 or later: `use leptos::*`, `create_resource` and the `create_*` constructors, `.into_view()` to unify branches, `leptos::mount_to_body`',
    defaultSeverity: 'error',
    messages: {
      globImport: {
        message: '`{found}` does not bring the prelude into scope on leptos {version}: signals, components and view helpers moved to `leptos::prelude` in 0.7',
        fix: 'Write `{replacement}` instead.',
      },
      ...callMessages(),
      intoViewBranches: {
        message: '{count} {construct} end in `.into_view()`, which returns a typed `View<T>` on leptos {version}, so branches of different types no longer unify',
        fix: 'Call `{replacement}` on each branch to erase its type.',
      },
      mountToBody: {
        message: '`{found}` is not at the crate root on leptos {version} (it moved to the `mount` module in 0.7)',
        fix: 'Use `{replacement}` (it is also in `leptos::prelude`).',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member) => atLeast(versionOf(member, 'leptos'), '0.7.0') },
  check({ hits, scan, report }) {
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      const version = versionOf(file.member, 'leptos') ?? '0.7';
      const deprecated = hit.messageId === 'globImport' || (hit.data?.removed === 0 && hit.messageId.startsWith('create'));
      report({
        messageId: hit.messageId,
        data: { ...hit.data, version },
        location: scan.location(fileHit),
        related: scan.related(fileHit),
        member: file.member.name,
        crate: 'leptos',
        ...(deprecated ? { severity: 'warning' as const } : {}),
      });
    }
  },
});
