import type { SgNode } from '@ast-grep/napi';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { defineScanner, hitAt, kindOf, relatedAt, type Hit } from '../../source/scanner.js';
import { resolvePath, useAliases } from '../../source/use-paths.js';
import { inPublicInlineModules, inTestCode, isPub, ModuleChains, oneLine } from './_shared.js';

const PREFILTER = /\bBox\s*<\s*dyn\s+(?:::)?(?:\w+\s*::\s*)*\w*Error\b/;
const RETURNS_FUTURE = /\bimpl\s+(?:(?:::)?(?:std|core)::future::)?Future\b|\bdyn\s+(?:(?:::)?(?:std|core)::future::)?Future\b|\b(?:Local)?BoxFuture\b/;
const ERROR_TRAITS = new Set(['Error', 'std::error::Error', 'core::error::Error']);

/** Whether code outside the file's module can call the function: `pub`, or any fn of a `pub trait`, in `pub` inline modules. */
function callableFromOutside(fn: SgNode): boolean {
  const owner = fn.parent()?.parent();
  const visible = owner && kindOf(owner) === 'trait_item' ? isPub(owner) : isPub(fn);
  return visible && inPublicInlineModules(fn);
}

/** `Box<dyn Error>` (std's or core's trait) whose bounds lack `Send`; the `dyn …` part, else null. */
function nonSendErrorBox(node: SgNode, aliases: ReadonlyMap<string, string>): SgNode | null {
  const base = node.field('type')?.text().replace(/\s+/g, '');
  if (base !== 'Box' && base !== 'std::boxed::Box' && base !== 'alloc::boxed::Box') return null;
  const argument = node.field('type_arguments')?.children().find((c) => c.isNamed());
  if (!argument) return null;
  const dyn = kindOf(argument) === 'dynamic_type' ? argument : argument.find({ rule: { kind: 'dynamic_type' } });
  const trait = dyn?.field('trait');
  if (!dyn || !trait || !ERROR_TRAITS.has(resolvePath(trait.text(), aliases))) return null;
  return /\bSend\b/.test(argument.text()) ? null : argument;
}

export const scanner = defineScanner({
  tokens: ['dyn'],
  allTokens: ['Box', 'Error'],
  prefilter: (text) => PREFILTER.test(text) && (text.includes('async') || text.includes('Future')),
  scan(root) {
    const hits: Hit[] = [];
    const aliases = useAliases(root, 'error');
    const boxesIn = (node: SgNode): SgNode[] =>
      node.findAll({ rule: { kind: 'generic_type', regex: '^(?:(?:std|alloc)::boxed::)?Box\\s*<' } }).filter((g) => nonSendErrorBox(g, aliases) !== null);
    // Type aliases of this file that hide such a box: `type Result<T> = std::result::Result<T, Box<dyn Error>>;`.
    // An alias is visible in the module that declares it (and, as far as this file shows, in its inline children).
    const hiding = new Map<string, { alias: SgNode; scope: number }[]>();
    const scopeOf = (node: SgNode): number => node.ancestors().find((a) => kindOf(a) === 'mod_item')?.id() ?? -1;
    for (const alias of root.findAll({ rule: { kind: 'type_item', regex: 'dyn' } })) {
      // Associated types (`type Error = Box<dyn Error>;` in an impl) are not aliases a signature can name.
      if (alias.ancestors().some((a) => kindOf(a) === 'impl_item' || kindOf(a) === 'trait_item')) continue;
      const name = alias.field('name')?.text();
      const value = alias.field('type');
      if (name && value && boxesIn(value).length > 0) hiding.set(name, [...(hiding.get(name) ?? []), { alias, scope: scopeOf(alias) }]);
    }
    const aliasFor = (name: string, fn: SgNode): SgNode | undefined => {
      const scopes = new Set([-1, ...fn.ancestors().filter((a) => kindOf(a) === 'mod_item').map((a) => a.id())]);
      return hiding.get(name)?.find((h) => scopes.has(h.scope))?.alias;
    };
    for (const fn of root.findAll({ rule: { any: [{ kind: 'function_item' }, { kind: 'function_signature_item' }] } })) {
      const returned = fn.field('return_type');
      if (!returned) continue;
      const modifiers = fn.children().find((c) => kindOf(c) === 'function_modifiers');
      const isAsync = !!modifiers && /\basync\b/.test(modifiers.text());
      if (!isAsync && !RETURNS_FUTURE.test(returned.text())) continue;
      const name = fn.field('name')?.text() ?? '?';
      // `async fn main() -> Result<(), Box<dyn Error>>` is the usual entry point: nothing spawns it.
      if (name === 'main' || inTestCode(fn)) continue;
      const api = callableFromOutside(fn) ? 1 : 0;
      const box = boxesIn(returned)[0];
      if (box) {
        const argument = nonSendErrorBox(box, aliases)!;
        hits.push(hitAt(box, 'box', { fn: name, written: oneLine(box.text()), replacement: `Box<${oneLine(argument.text())} + Send + Sync>`, api }));
        continue;
      }
      const viaAlias = [returned, ...returned.findAll({ rule: { kind: 'type_identifier' } })].find((t) => kindOf(t) === 'type_identifier' && aliasFor(t.text(), fn));
      if (viaAlias) {
        const alias = aliasFor(viaAlias.text(), fn)!;
        hits.push(hitAt(viaAlias, 'alias', { fn: name, alias: viaAlias.text(), api }, [relatedAt(alias, `\`${viaAlias.text()}\` holds a \`Box<dyn Error>\` without \`Send\``)]));
      }
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'errors/box-dyn-error-not-send',
    description: '`Box<dyn Error>` without `Send + Sync` returned from async code, whose futures then cannot go to `tokio::spawn`',
    defaultSeverity: 'warning',
    messages: {
      box: {
        message: '`{fn}` returns a future whose output holds `{written}`, which is not `Send`: it cannot be spawned on a multi-threaded runtime, nor kept across an `.await` inside a spawned task',
        fix: 'Return `{replacement}` (and define your error types with `Send + Sync` bounds).',
      },
      alias: {
        message: '`{fn}` returns `{alias}`, whose `Box<dyn Error>` is not `Send`: its future cannot be spawned on a multi-threaded runtime, nor kept across an `.await` inside a spawned task',
        fix: 'Add `+ Send + Sync` to the `Box<dyn Error>` in the `{alias}` type alias.',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, productOnly: true },
  check({ hits, scan, report, workspace }) {
    const modules = new ModuleChains(workspace);
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      if (!modules.product(file)) continue;
      // Inside the workspace, spawning such a future fails to compile, so code that builds never
      // does it: a warning for the public API of a library, whose users may want to; else a note.
      const { api, ...data } = hit.data ?? {};
      const publicApi = api === 1 && modules.library(file) && modules.reachable(file);
      report({ messageId: hit.messageId, data, location: scan.location(fileHit), related: scan.related(fileHit), member: file.member.name, ...(publicApi ? {} : { severity: 'note' as const }) });
    }
  },
});
