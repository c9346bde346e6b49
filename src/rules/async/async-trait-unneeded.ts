import type { SourceFile } from '../../source/service.js';
import type { SgNode } from '@ast-grep/napi';
import { defineSourceRule } from '../../source/define-source-rule.js';
import type { Package } from '../../project/model.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { baseName, inTestCode, isAsyncTraitAttribute, isPub, itemAfter, ModuleChains, msrvAllows } from '../errors/_shared.js';

const ID = 'async/async-trait-unneeded';
/** Native `async fn` in traits is stable since this release. */
const NATIVE_SINCE = '1.75';

/** Names of a trait's `async fn`s. */
function asyncMethods(trait: SgNode): Set<string> {
  const names = new Set<string>();
  for (const fn of trait.field('body')?.children() ?? []) {
    const modifiers = fn.children().find((c) => kindOf(c) === 'function_modifiers');
    const name = fn.field('name')?.text();
    if (name && modifiers && /\basync\b/.test(modifiers.text())) names.add(name);
  }
  return names;
}

/**
 * A function of the file that returns one of `methods`' futures as a value of a named type
 * (`fn make(x: &mut T) -> DynFuture<'_> { x.ready() }`): code that relies on async-trait's
 * `Pin<Box<dyn Future>>` return type, which native `async fn` (an opaque type) would break.
 */
function boxedFutureUse(root: SgNode, methods: ReadonlySet<string>): SgNode | undefined {
  if (methods.size === 0) return undefined;
  return root.findAll({ rule: { kind: 'function_item' } }).find((fn) => {
    const returned = fn.field('return_type');
    const modifiers = fn.children().find((c) => kindOf(c) === 'function_modifiers');
    if (!returned || /^impl\b/.test(returned.text()) || (modifiers && /\basync\b/.test(modifiers.text()))) return false;
    const tail = fn.field('body')?.children().filter((c) => c.isNamed() && !kindOf(c).endsWith('comment')).at(-1);
    const callee = tail && kindOf(tail) === 'call_expression' ? tail.field('function') : null;
    return !!callee && kindOf(callee) === 'field_expression' && methods.has(callee.field('field')?.text() ?? '');
  });
}

export const scanner = defineScanner({
  tokens: ['async_trait'],
  scan(root) {
    const hits: Hit[] = [];
    for (const attribute of root.findAll({ rule: { kind: 'attribute_item', regex: 'async_trait' } })) {
      const text = attribute.find({ rule: { kind: 'attribute' } })?.text() ?? '';
      if (!isAsyncTraitAttribute(text)) continue;
      const item = itemAfter(attribute);
      if (!item) continue;
      const kind = kindOf(item);
      if (kind === 'trait_item') {
        const name = item.field('name')?.text();
        const boxed = boxedFutureUse(root, asyncMethods(item));
        if (name) hits.push(hitAt(attribute, 'trait', { name, pub: isPub(item) ? 1 : 0, test: inTestCode(item) ? 1 : 0, boxed: boxed ? 1 : 0 }));
      } else if (kind === 'impl_item') {
        const trait = item.field('trait');
        if (trait) hits.push(hitAt(attribute, 'impl', { name: baseName(trait.text()) }));
      }
    }
    return hits;
  },
});

/** Names among `names` that some workspace file uses as a trait object (`dyn Name`, `dyn a::b::Name<…>`), comments and strings included (the cautious answer; the lexer records every file's `dyn` paths). */
function usedAsDyn(files: readonly SourceFile[], names: readonly string[]): Set<string> {
  const wanted = new Set(names);
  const found = new Set<string>();
  for (const file of files) for (const name of file.dynNames) if (wanted.has(name)) found.add(name);
  return found;
}

export default defineSourceRule({
  meta: {
    id: ID,
    description: '`#[async_trait]` on a trait never used as `dyn` in the workspace, where native `async fn` in traits (Rust 1.75) fits',
    defaultSeverity: 'note',
    messages: {
      trait: {
        message: '`#[async_trait]` on trait `{name}`, which no code in the workspace uses as `dyn {name}`: native `async fn` in traits (Rust 1.75) avoids the boxed future per call',
        fix: 'Remove `#[async_trait]` from the trait and its impls; if callers need `Send` futures, use `#[trait_variant::make(Send{name}: Send)]` or write `fn …(&self) -> impl Future<Output = T> + Send`.',
      },
      public: {
        message: '`#[async_trait]` on public trait `{name}`, which no code in the workspace uses as `dyn {name}`: native `async fn` in traits (Rust 1.75) avoids the boxed future per call, but dependents may rely on `dyn {name}`',
        fix: 'If `dyn {name}` is not part of the API, remove `#[async_trait]` from the trait and its impls (a breaking change), using `trait_variant::make` or `-> impl Future<Output = T> + Send` where callers need `Send` futures.',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member) => member.dependencies.some((d) => d.name === 'async-trait') },
  check({ hits, scan, report, workspace }) {
    const modules = new ModuleChains(workspace);
    const implMembers = new Map<string, Set<Package>>();
    for (const h of hits) if (h.hit.messageId === 'impl') implMembers.set(String(h.hit.data?.name), (implMembers.get(String(h.hit.data?.name)) ?? new Set()).add(h.file.member));
    const candidates = hits.filter(({ file, hit }) => {
      if (hit.messageId !== 'trait' || hit.data?.test === 1 || hit.data?.boxed === 1 || !modules.product(file)) return false;
      // Every member that defines or implements the trait must be able to use native async fns.
      const members = new Set([file.member, ...(implMembers.get(String(hit.data?.name)) ?? [])]);
      return [...members].every((m) => msrvAllows(workspace, m, NATIVE_SINCE).ok);
    });
    const dyn = usedAsDyn(scan.files, [...new Set(candidates.map((h) => String(h.hit.data?.name)))]);
    for (const fileHit of candidates) {
      const { file, hit } = fileHit;
      const name = String(hit.data?.name);
      if (dyn.has(name)) continue;
      const published = file.member.publish !== false && modules.library(file) && hit.data?.pub === 1 && modules.reachable(file);
      report({ messageId: published ? 'public' : 'trait', data: { name }, location: scan.location(fileHit), member: file.member.name, crate: 'async-trait' });
    }
  },
});
