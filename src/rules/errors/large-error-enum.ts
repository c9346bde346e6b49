import * as z from 'zod';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { defineScanner, hitAt, inRegions, kindOf, type Hit } from '../../source/scanner.js';
import { afterVisibility, outerAttributes, testRegions } from '../../source/test-code.js';
import { Tok, type Tokens } from '../../source/tokens.js';
import { attributesOf, inTestCode, ModuleChains } from './_shared.js';

const ID = 'errors/large-error-enum';
// `#[derive(Error)]`, `#[derive(thiserror::Error)]`, `#[derive(Snafu)]`, `#[derive(derive_more::Error)]`.
const ERROR_DERIVE = /^#\s*\[\s*derive\s*\([^)]*\b(?:Error|Snafu)\b/;

// An enum named `…Error`, an enum right after a derive of `Error`/`Snafu` (other attributes and doc comments between), or an enum implementing `Error` by hand.
const NAMED = /\benum\s+\w*Error\b/;
const DERIVED = /\bderive\s*\([^)]*\b(?:Error|Snafu)\b[^)]*\)\s*\]\s*(?:(?:#\[[^\]]*\]|\/\/[^\n]*)\s*)*(?:pub(?:\s*\([^)]*\))?\s+)?enum\b/;
const IMPLEMENTED = /\bimpl\s*(?:<[^>]*>\s*)?(?:(?:::)?(?:std|core)::error::)?Error\s+for\s+(\w+)/g;

function mayHoldErrorEnum(text: string): boolean {
  if (NAMED.test(text) || DERIVED.test(text)) return true;
  for (const m of text.matchAll(IMPLEMENTED)) if (new RegExp(`\\benum\\s+${m[1]!}\\b`).test(text)) return true;
  return false;
}

/**
 * Whether an error enum outside test code has more variants than the configured limit, counted
 * on the code tokens (top-level commas of its body; never fewer than a parse tree has), so that
 * files whose error enums are small are not parsed at all.
 */
function mayHoldLargeErrorEnum(text: string, tokens: () => Tokens, max: unknown): boolean {
  if (!mayHoldErrorEnum(text)) return false;
  if (typeof max !== 'number') return true;
  const t = tokens();
  const derived = new Set<number>();
  for (const { text: attribute, item } of outerAttributes(t)) if (ERROR_DERIVE.test(attribute)) derived.add(afterVisibility(t, item));
  const implemented = new Set([...text.matchAll(IMPLEMENTED)].map((m) => m[1]!));
  let tests: [number, number][] | undefined;
  for (let i = 0; i < t.length; i++) {
    if (!t.isWord(i, 'enum') || t.kind[i + 1] !== Tok.Ident) continue;
    const name = t.word(i + 1);
    if (!name.endsWith('Error') && !derived.has(i) && !implemented.has(name)) continue;
    // The body's `{`: past generics and where clauses (`[u8; 4]` in a default holds a `;`).
    let open = i + 2;
    while (open < t.length && t.punct(open) !== 123 && t.punct(open) !== 59) open = t.opens(open) && t.close(open) > open ? t.close(open) + 1 : open + 1;
    const close = t.punct(open) === 123 ? t.close(open) : -1;
    if (close < 0) continue;
    let variants = 0;
    let pending = false;
    for (let k = open + 1; k < close; k++) {
      if (t.kind[k] === Tok.Attr) {
        k = Math.max(k, t.close(k));
        continue;
      }
      if (t.punct(k) === 44) {
        if (pending) variants++;
        pending = false;
        continue;
      }
      pending = true;
      if (t.opens(k)) k = Math.max(k, t.close(k));
    }
    if (pending) variants++;
    if (variants <= max) continue;
    tests ??= testRegions(t);
    if (!inRegions(tests, t.start[i]!)) return true;
  }
  return false;
}

export const scanner = defineScanner({
  tokens: ['Error'],
  allTokens: ['enum'],
  prefilter: (text, { tokens, options }) => mayHoldLargeErrorEnum(text, tokens, options.maxVariants),
  scan(root, file) {
    const hits: Hit[] = [];
    // Enums that implement the trait by hand in this file: `impl std::error::Error for Name`, `impl Error for Name`.
    const implemented = new Set([...file.text.matchAll(IMPLEMENTED)].map((m) => m[1]!));
    for (const item of root.findAll({ rule: { kind: 'enum_item' } })) {
      const nameNode = item.field('name');
      const name = nameNode?.text() ?? '';
      const how = name.endsWith('Error') ? 'name' : attributesOf(item).some((a) => ERROR_DERIVE.test(a.text())) ? 'derive' : implemented.has(name) ? 'impl' : null;
      if (!nameNode || !how || inTestCode(item)) continue;
      const variants = item.field('body')?.children().filter((c) => kindOf(c) === 'enum_variant').length ?? 0;
      if (variants > 1) hits.push(hitAt(nameNode, 'large', { name, variants }));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: ID,
    description: 'error enums with more variants than a limit: the "error-type explosion" that makes every caller handle cases it cannot act on',
    defaultSeverity: 'note',
    options: z.object({
      /** Report error enums with more variants than this. */
      maxVariants: z.number().int().positive().default(20),
    }),
    messages: {
      large: {
        message: 'error enum `{name}` has {variants} variants (more than {max}): callers must consider every case, including those the function they called never produces',
        fix: 'Split it by operation or layer (one error type per module or public function family), or group rare cases under a few variants that wrap a source error.',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, productOnly: true },
  check({ hits, scan, report, options, workspace }) {
    const { maxVariants } = options as { maxVariants: number };
    const modules = new ModuleChains(workspace);
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      if (Number(hit.data?.variants) <= maxVariants || !modules.product(file)) continue;
      report({ messageId: 'large', data: { name: String(hit.data?.name), variants: Number(hit.data?.variants), max: maxVariants }, location: scan.location(fileHit), member: file.member.name });
    }
  },
});
