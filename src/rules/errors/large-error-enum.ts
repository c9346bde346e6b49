import * as z from 'zod';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
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

export const scanner = defineScanner({
  tokens: ['Error'],
  allTokens: ['enum'],
  prefilter: mayHoldErrorEnum,
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
  scanner: { module: import.meta.url, productOnly: true },
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
