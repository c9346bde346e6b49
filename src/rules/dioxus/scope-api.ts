import type { SgNode } from '@ast-grep/napi';
import type { Package } from '../../project/model.js';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { atLeast, dependenciesOn, versionOf } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { useAliases } from '../../source/use-paths.js';

/** Packages that carry the dioxus version when a member does not depend on `dioxus` itself. */
const DIOXUS_PACKAGES = ['dioxus', 'dioxus-core', 'dioxus-hooks', 'dioxus-web', 'dioxus-desktop', 'dioxus-mobile', 'dioxus-fullstack', 'dioxus-ssr', 'dioxus-liveview'];

/** The dioxus version a member builds with (lockfile, else the requirement's minimum). */
export function dioxusVersion(member: Package): string | null {
  for (const name of DIOXUS_PACKAGES) {
    const version = versionOf(member, name);
    if (version) return version;
  }
  return null;
}

/** 0.4 hooks that took `cx` and what 0.5 offers instead (dioxus v0.5.0 packages/hooks). */
const HOOKS: Record<string, { messageId: string; replacement: string }> = {
  use_state: { messageId: 'useState', replacement: 'use_signal(|| initial)' },
  use_ref: { messageId: 'useRef', replacement: 'use_signal(|| initial)' },
  use_shared_state: { messageId: 'useSharedState', replacement: 'use_context::<Signal<T>>()' },
  use_shared_state_provider: { messageId: 'useSharedState', replacement: 'use_context_provider(|| Signal::new(initial))' },
};

/** `Scope` resolved through the file's imports points at dioxus (or is not imported by name, the 0.4 prelude's glob). */
function isDioxusName(name: string, aliases: ReadonlyMap<string, string>): boolean {
  const path = aliases.get(name);
  return path === undefined || /^(?:::)?dioxus/.test(path);
}

export const scanner = defineScanner({
  tokens: ['Scope', 'cx'],
  prefilter: (text) => /\bScope\b(?!\s*::)|\bcx\s*\.\s*render\s*\(|\buse_[a-z_]+\s*\(\s*&?\s*cx\b/.test(text),
  scan(root) {
    const hits: Hit[] = [];
    const aliases = useAliases(root, 'Scope');
    const ownScope = root.find({ rule: { any: [{ kind: 'struct_item' }, { kind: 'type_item' }, { kind: 'enum_item' }, { kind: 'trait_item' }], has: { field: 'name', regex: '^Scope$' } } });
    const scopeOk = !ownScope && isDioxusName('Scope', aliases);
    const stateOk = isDioxusName('ScopeState', aliases);
    for (const type of root.findAll({ rule: { kind: 'type_identifier', regex: '^(Scope|ScopeState)$' } })) {
      const parent = type.parent();
      if (!parent) continue;
      const parentKind = kindOf(parent);
      if (type.text() === 'ScopeState') {
        // Custom 0.4 hooks took `cx: &ScopeState`.
        if (stateOk && parentKind === 'reference_type') hits.push(hitAt(parent, 'scopeState', { found: parent.text().replace(/\s+/g, ' '), replacement: 'fn use_thing() -> T' }));
        continue;
      }
      if (!scopeOk) continue;
      // `Scope` was itself a reference type: `&Scope<…>` is std::thread, rayon or crossbeam.
      const typeNode = parentKind === 'generic_type' && parent.field('type')?.id() === type.id() ? parent : type;
      const holder = typeNode.parent();
      if (!holder || kindOf(holder) === 'reference_type') continue;
      if (kindOf(holder) === 'parameter' && holder.field('type')?.id() === typeNode.id()) {
        hits.push(hitAt(holder, 'scopeParam', { found: holder.text().replace(/\s+/g, ' '), replacement: '#[component] fn Name(prop: T) -> Element' }));
      } else if (typeNode !== type) {
        hits.push(hitAt(typeNode, 'scopeType', { found: typeNode.text().replace(/\s+/g, ' '), replacement: '#[component] fn Name(prop: T) -> Element' }));
      }
    }
    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', kind: 'field_expression', regex: '^cx\\s*\\.\\s*render$' } } })) {
      hits.push(hitAt(call.field('function')!, 'render', { found: 'cx.render(rsx! { … })', replacement: 'rsx! { … }' }));
    }
    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: '^use_[a-z0-9_]+\\s*(::\\s*<[\\s\\S]*>)?$' } } })) {
      const first = call.field('arguments')?.children().find((c) => c.isNamed() && !kindOf(c).endsWith('comment'));
      if (!first || !/^&?\s*cx$/.test(first.text())) continue;
      let at: SgNode = call.field('function')!;
      if (kindOf(at) === 'generic_function') at = at.field('function') ?? at;
      if (kindOf(at) !== 'identifier') continue;
      const hook = at.text();
      const known = HOOKS[hook];
      hits.push(hitAt(at, known?.messageId ?? 'hookWithCx', { hook, replacement: known?.replacement ?? `${hook}(…) without the cx argument` }));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'dioxus/scope-api',
    description: 'the dioxus 0.4 scope API (`cx: Scope`, `cx.render`, hooks taking `cx`, `&ScopeState`) and the dioxus-tui renderer with dioxus 0.5 or later',
    defaultSeverity: 'error',
    messages: {
      scopeParam: {
        message: '`{found}`: components take no `Scope` on dioxus {version} (the scope API was removed in 0.5)',
        fix: 'Drop the `cx` parameter, return `rsx!` directly and pass props as parameters of a `#[component]` function (`{replacement}`).',
      },
      scopeType: {
        message: '`{found}` does not exist on dioxus {version} (the scope API was removed in 0.5)',
        fix: 'Write components without a scope: `{replacement}`.',
      },
      render: {
        message: '`cx.render(…)` does not exist on dioxus {version}: components return `rsx!` directly since 0.5',
        fix: 'Return `{replacement}` instead of `{found}`.',
      },
      useState: {
        message: '`{hook}(cx, …)` was removed in dioxus 0.5 and does not exist on dioxus {version}',
        fix: 'Use `{replacement}` (a Signal: read with `()`/`.read()`, write with `.set()`/`.write()`).',
      },
      useRef: {
        message: '`{hook}(cx, …)` was removed in dioxus 0.5 and does not exist on dioxus {version}',
        fix: 'Use `{replacement}` and `.write()` to mutate it.',
      },
      useSharedState: {
        message: '`{hook}(cx, …)` was removed in dioxus 0.5 and does not exist on dioxus {version}',
        fix: 'Share a Signal through context: `{replacement}`.',
      },
      hookWithCx: {
        message: '`{hook}` takes no `cx` argument on dioxus {version} (hooks lost the scope parameter in 0.5)',
        fix: 'Call `{replacement}`.',
      },
      scopeState: {
        message: '`{found}`: custom hooks take no `&ScopeState` on dioxus {version} (the scope API was removed in 0.5)',
        fix: 'Write the hook without the scope parameter (`{replacement}`) and call other hooks inside it.',
      },
      tui: {
        message: '`{dependency}` is the dioxus 0.4 TUI renderer; it was dropped in dioxus 0.5 and cannot render dioxus {version} components',
        fix: 'Remove `{dependency}`; for a terminal or native UI use one of the renderers dioxus {version} supports (Blitz/native, desktop).',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member) => atLeast(dioxusVersion(member), '0.5.0') },
  check({ workspace, hits, scan, report }) {
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      report({
        messageId: hit.messageId,
        data: { ...hit.data, version: dioxusVersion(file.member) ?? '0.5' },
        location: scan.location(fileHit),
        member: file.member.name,
        crate: 'dioxus',
      });
    }
    for (const member of workspace.members) {
      const version = dioxusVersion(member);
      if (!atLeast(version, '0.5.0')) continue;
      for (const dep of dependenciesOn(member, ['dioxus-tui'])) {
        report({ messageId: 'tui', data: { dependency: dep.rename ?? dep.name, version: version ?? '0.5' }, location: dep.location, member: member.name, crate: dep.name });
      }
    }
  },
});
