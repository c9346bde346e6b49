import type { SgNode } from '@ast-grep/napi';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { defineScanner, hitAt, kindOf, relatedAt, type Hit } from '../../source/scanner.js';
import { attributesOf, inPublicInlineModules, inTestCode, isPub, libTarget, manifestLintLevel, ModuleChains } from '../errors/_shared.js';

const LINT = 'async_fn_in_trait';
// Attributes that make the trait's futures nameable or boxed, or that silence rustc's lint.
const HANDLED = /async_trait|trait_variant|dynosaur|async_fn_in_trait/;
const INNER_ALLOW = /^#!\[\s*(?:allow|expect)\s*\([^\]]*\basync_fn_in_trait\b/;

function asyncFnsOf(trait: SgNode): SgNode[] {
  const body = trait.field('body');
  if (!body) return [];
  return body.children().filter((c) => {
    const kind = kindOf(c);
    if (kind !== 'function_signature_item' && kind !== 'function_item') return false;
    const modifiers = c.children().find((m) => kindOf(m) === 'function_modifiers');
    return !!modifiers && /\basync\b/.test(modifiers.text()) && !attributesOf(c).some((a) => HANDLED.test(a.text()));
  });
}

const PUB_TRAIT = /\bpub\s+(?:unsafe\s+)?trait\b[^{;]*\{/g;

/**
 * Whether an `async fn` appears inside the braces of a `pub trait`, to parse only such files. Braces
 * are counted naively: a brace inside a string or char literal before the `async fn` can end the
 * body early and skip the file, a miss that trait bodies make rare.
 */
function pubTraitWithAsyncFn(text: string): boolean {
  for (const m of text.matchAll(PUB_TRAIT)) {
    let depth = 1;
    for (let i = m.index + m[0].length; i < text.length && depth > 0; i++) {
      const c = text[i];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === 'a' && text.startsWith('async', i) && /^async\s+(?:unsafe\s+)?fn\b/.test(text.slice(i, i + 24))) return true;
    }
  }
  return false;
}

export const scanner = defineScanner({
  tokens: ['async fn', LINT],
  allTokens: ['trait'],
  prefilter: (text) => text.includes(LINT) || pubTraitWithAsyncFn(text),
  scan(root) {
    const hits: Hit[] = [];
    for (const inner of root.findAll({ rule: { kind: 'inner_attribute_item', regex: LINT } })) {
      if (INNER_ALLOW.test(inner.text())) {
        // The whole file (module) allows the lint; the check also applies a crate root's allow to the crate.
        return [hitAt(inner, 'allowed')];
      }
    }
    for (const trait of root.findAll({ rule: { kind: 'trait_item', has: { kind: 'visibility_modifier', regex: '^pub$' } } })) {
      if (!isPub(trait) || !inPublicInlineModules(trait) || inTestCode(trait)) continue;
      if (attributesOf(trait).some((a) => HANDLED.test(a.text()))) continue;
      if (trait.ancestors().some((a) => kindOf(a) === 'mod_item' && attributesOf(a).some((attr) => attr.text().includes(LINT)))) continue;
      const fns = asyncFnsOf(trait);
      const [first, ...rest] = fns;
      if (!first) continue;
      const name = trait.field('name')?.text() ?? '?';
      const fn = first.field('name')?.text() ?? '?';
      const at = first.children().find((m) => kindOf(m) === 'function_modifiers') ?? first;
      hits.push(hitAt(at, 'asyncFn', { trait: name, fn, count: fns.length }, rest.map((r) => relatedAt(r, `\`async fn ${r.field('name')?.text() ?? '?'}\``))));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'async/async-fn-in-pub-trait',
    description: '`async fn` in a public trait without a way for callers to require `Send` futures (rustc\'s `async_fn_in_trait` lint)',
    defaultSeverity: 'note',
    messages: {
      asyncFn: {
        message: '`async fn {fn}` in public trait `{trait}`{more}: callers cannot require the returned future to be `Send`, so generic code cannot `tokio::spawn` it',
        fix: 'Declare it as `fn {fn}(…) -> impl Future<Output = …> + Send` (an `async fn` in impls still satisfies it), or add `#[trait_variant::make(Send{trait}: Send)]` to also offer a Send variant.',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member) => libTarget(member) !== undefined },
  check({ hits, scan, report, workspace }) {
    const modules = new ModuleChains(workspace);
    const allowedFiles = new Set(hits.filter((h) => h.hit.messageId === 'allowed').map((h) => h.file.path));
    const lintLevels = new Map<string, string | null>();
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      const member = file.member;
      if (hit.messageId !== 'asyncFn' || allowedFiles.has(file.path) || !modules.library(file)) continue;
      if (allowedFiles.has(libTarget(member)?.srcPath ?? '')) continue;
      if (!lintLevels.has(member.manifestPath)) lintLevels.set(member.manifestPath, manifestLintLevel(workspace, member, LINT));
      const level = lintLevels.get(member.manifestPath);
      if (level === 'allow' || level === 'expect') continue;
      if (!modules.reachable(file)) continue;
      const count = Number(hit.data?.count ?? 1);
      report({
        messageId: 'asyncFn',
        data: { trait: String(hit.data?.trait), fn: String(hit.data?.fn), count, more: count > 1 ? ` (and ${count - 1} more)` : '' },
        location: scan.location(fileHit),
        related: scan.related(fileHit),
        member: member.name,
      });
    }
  },
});
