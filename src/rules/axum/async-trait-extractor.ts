import { defineSourceRule } from '../../source/define-source-rule.js';
import { atLeast, identsOf, versionOf } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { expandUse, resolvePath, useAliases } from '../../source/use-paths.js';
import type { Package } from '../../project/model.js';
import { baseName, isAsyncTraitAttribute, itemAfter, oneLine } from '../errors/_shared.js';

const EXTRACTORS = new Set(['FromRequestParts', 'FromRequest']);

export const scanner = defineScanner({
  tokens: ['async_trait'],
  prefilter: (text) => text.includes('FromRequest') || text.includes('axum'),
  scan(root) {
    const hits: Hit[] = [];
    const aliases = useAliases(root);
    for (const item of root.findAll({ rule: { kind: 'attribute_item', regex: 'async_trait' } })) {
      const attr = item.find({ rule: { kind: 'attribute' } });
      const text = attr?.text() ?? '';
      if (!isAsyncTraitAttribute(text)) continue;
      // `axum::async_trait` / `axum_core::async_trait`: the first segment, resolved through imports.
      const path = resolvePath(text.replace(/\(.*$/s, ''), aliases);
      const head = path.includes('::') ? path.slice(0, path.indexOf('::')) : '';
      const impl = itemAfter(item);
      const trait = impl && kindOf(impl) === 'impl_item' ? impl.field('trait') : null;
      const name = trait ? baseName(trait.text()) : '';
      if (trait && EXTRACTORS.has(name)) {
        const resolved = resolvePath(trait.text().replace(/<[\s\S]*$/, ''), aliases);
        const traitRoot = resolved.includes('::') ? resolved.slice(0, resolved.indexOf('::')) : '';
        hits.push(hitAt(item, 'extractor', { trait: name, type: oneLine(impl?.field('type')?.text() ?? '?', 60), attribute: oneLine(text, 60), traitRoot }));
      } else if (head && head !== 'async_trait' && path.endsWith('::async_trait')) {
        hits.push(hitAt(item, 'reexport', { path, root: head }));
      }
    }
    for (const decl of root.findAll({ rule: { kind: 'use_declaration', regex: 'async_trait' } })) {
      const arg = decl.field('argument');
      if (!arg) continue;
      const imported = new Map<string, string>();
      expandUse(arg.text(), imported);
      for (const path of imported.values()) {
        const segments = path.split('::');
        if (segments.length === 2 && segments[1] === 'async_trait' && segments[0] !== 'async_trait') hits.push(hitAt(decl, 'reexport', { path, root: segments[0]! }));
      }
    }
    return hits;
  },
});

/** Whether the member builds with axum 0.8+ (or axum-core 0.5+), where extractor traits use native async fns. */
function nativeExtractors(member: Package): boolean {
  return atLeast(versionOf(member, 'axum'), '0.8.0') || atLeast(versionOf(member, 'axum-core'), '0.5.0');
}

export default defineSourceRule({
  meta: {
    id: 'axum/async-trait-extractor',
    description: '`#[async_trait]` on axum extractor impls, and `axum::async_trait`, with axum 0.8 / axum-core 0.5, whose traits use native async fns',
    defaultSeverity: 'error',
    messages: {
      extractor: {
        message: '`#[{attribute}]` on `impl {trait} for {type}` does not compile with {axum}: the trait now declares a native `async fn`',
        fix: 'Remove the `#[{attribute}]` attribute and keep the `async fn from_request…` as it is.',
      },
      reexport: {
        message: '`{path}` no longer exists in {axum}',
        fix: 'Use `async_trait::async_trait` from the async-trait crate if you still need it elsewhere, or drop it (extractor impls no longer need it).',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: nativeExtractors },
  check({ hits, scan, report }) {
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      const member = file.member;
      const axum = versionOf(member, 'axum');
      const label = atLeast(axum, '0.8.0') ? `axum ${axum}` : `axum-core ${versionOf(member, 'axum-core')}`;
      const crates = identsOf(member, ['axum', 'axum-core']);
      if (hit.messageId === 'extractor') {
        // A trait imported from elsewhere (another framework's `FromRequest`) is not axum's.
        const traitRoot = String(hit.data?.traitRoot ?? '');
        if (traitRoot && !crates.has(traitRoot) && traitRoot !== 'crate' && traitRoot !== 'self' && traitRoot !== 'super') continue;
      } else {
        // Only axum itself dropped the re-export; axum-core 0.5 alone does not say which axum is used.
        if (crates.get(String(hit.data?.root)) !== 'axum' || !atLeast(axum, '0.8.0')) continue;
      }
      report({
        messageId: hit.messageId,
        data: { ...hit.data, axum: label },
        location: scan.location(fileHit),
        member: member.name,
        crate: 'axum',
      });
    }
  },
});
