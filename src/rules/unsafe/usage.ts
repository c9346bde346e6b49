import { relative, sep } from 'node:path';
import type { SgNode } from '@ast-grep/napi';
import { defineSourceRule } from '../../source/define-source-rule.js';
import type { FileHit, SourceFile } from '../../source/service.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { groupBy, isTestAttribute, itemAfter, ModuleChains, unsuppressed } from '../errors/_shared.js';

const ID = 'unsafe/usage';
/** Related locations listed per finding. */
const RELATED_CAP = 20;
// Files about SIMD intrinsics or allocators: their unsafe code is expected.
const EXPECTED_UNSAFE = /\b(?:std|core)::arch\b|\btarget_feature\s*\(|\bGlobalAlloc\b/;
const FFI_ATTRIBUTE = /\b(?:no_mangle|export_name)\b/;

// What can be counted (an attribute's `unsafe(no_mangle)` or an `unsafe extern` block cannot), or a crate-level `#![no_std]`.
const COUNTABLE = /\bunsafe\s*(?:\{|fn\b|impl\b|trait\b|extern\s+"[^"]*"\s*fn\b)/;
const NO_STD = /#!\[\s*no_std\s*\]/;

// One traversal finds everything (each `findAll` walks the whole tree, which costs more than the
// matching): the candidates, and what excludes them. The `unsafe` keyword itself is an anonymous
// node that a rule cannot select, hence the regexes on small nodes or on the text before `{`.
const NODES = {
  any: [
    { kind: 'unsafe_block' },
    { kind: 'function_modifiers', regex: '\\b(?:unsafe|extern)\\b' },
    // No `regex` here: it would copy every impl's whole text out of the tree; the head is read
    // from the file's text instead.
    { kind: 'impl_item' },
    { kind: 'trait_item' },
    { kind: 'foreign_mod_item' },
    { kind: 'attribute_item', regex: 'no_mangle|export_name|test' },
    { kind: 'inner_attribute_item', regex: 'no_std' },
  ],
};
const KINDS: Record<string, string> = { unsafe_block: 'block', function_modifiers: 'fn', impl_item: 'impl', trait_item: 'trait' };
// `unsafe impl`/`unsafe trait` (after a visibility), not `impl Foo for Bar<unsafe fn()>`.
const UNSAFE_HEAD = /^(?:pub(?:\s*\([^)]*\))?\s+)?unsafe\b/;

export const scanner = defineScanner({
  tokens: ['unsafe', 'no_std'],
  prefilter: (text) => NO_STD.test(text) || (COUNTABLE.test(text) && !EXPECTED_UNSAFE.test(text)),
  scan(root, file) {
    const hits: Hit[] = [];
    const countable = COUNTABLE.test(file.text) && !EXPECTED_UNSAFE.test(file.text);
    // Where unsafe code is expected: `extern` blocks, functions the outside world calls (`extern "C" fn`, `#[no_mangle]`, `#[export_name]`), test code.
    const excluded: [number, number][] = [];
    const exclude = (node: SgNode | null | undefined): void => {
      if (node) excluded.push([node.range().start.index, node.range().end.index]);
    };
    const candidates: { node: SgNode; kind: string }[] = [];
    for (const node of root.findAll({ rule: NODES })) {
      const nodeKind = kindOf(node);
      if (nodeKind === 'inner_attribute_item') {
        if (node.find({ rule: { kind: 'attribute' } })?.text().trim() === 'no_std') hits.push(hitAt(node, 'noStd'));
      } else if (!countable) {
        continue;
      } else if (nodeKind === 'foreign_mod_item') {
        exclude(node);
      } else if (nodeKind === 'attribute_item') {
        const item = itemAfter(node);
        const isFn = !!item && kindOf(item) === 'function_item';
        if ((isFn && FFI_ATTRIBUTE.test(node.text())) || isTestAttribute(node.text(), isFn)) exclude(item);
      } else if (nodeKind === 'function_modifiers') {
        if (node.children().some((c) => kindOf(c) === 'extern_modifier')) exclude(node.parent());
        else if (/\bunsafe\b/.test(node.text()) && node.parent()) candidates.push({ node: node.parent()!, kind: 'fn' });
      } else {
        const kind = KINDS[nodeKind]!;
        if (kind === 'block') candidates.push({ node, kind });
        else {
          const start = node.range().start.index;
          if (UNSAFE_HEAD.test(file.text.slice(start, start + 200))) candidates.push({ node, kind });
        }
      }
    }
    for (const { node, kind } of candidates) {
      const at = node.range().start.index;
      if (!excluded.some(([start, end]) => at >= start && at < end)) hits.push(hitAt(node, 'unsafe', { kind }));
    }
    return hits;
  },
});

// `-sys` crates and crates named for their FFI: their unsafe code is the point.
const FFI_CRATE = /[-_](?:sys|ffi)$|^(?:sys|ffi)[-_]/;
const FFI_SEGMENT = /^(?:ffi|sys|bindings)$|_(?:ffi|sys)$|^(?:ffi|sys)_/;

/** Whether a file is FFI glue by its module path: `ffi.rs`, `sys/…`, `foo_sys.rs`. */
function isFfiPath(file: SourceFile): boolean {
  return relative(file.member.dir, file.path)
    .split(sep)
    .some((segment) => FFI_SEGMENT.test(segment.replace(/\.rs$/, '')));
}

const NOUNS: Record<string, [string, string]> = { block: ['block', 'blocks'], fn: ['fn', 'fns'], impl: ['impl', 'impls'], trait: ['trait', 'traits'] };
const plural = (n: number, kind: string): string => `${n} unsafe ${NOUNS[kind]![n === 1 ? 0 : 1]}`;

export default defineSourceRule({
  meta: {
    id: ID,
    description: 'a per-crate count of `unsafe` blocks, fns, impls and traits outside FFI, SIMD, allocator and no_std code',
    defaultSeverity: 'note',
    messages: {
      usage: {
        message: '{member} has {summary} outside FFI, SIMD, allocator and no_std code: each is a promise the compiler cannot check',
        fix: 'Check that each has a `// SAFETY:` comment that states why it holds (clippy::undocumented_unsafe_blocks), and wrap it behind a safe API, or replace it with a safe alternative.',
      },
    },
    since: '0.1.0',
  },
  scanner: { module: import.meta.url, appliesTo: (member) => !FFI_CRATE.test(member.name), productOnly: true },
  check({ hits, scan, report, workspace }) {
    const own = unsuppressed(scan, ID, hits);
    const roots = new Set(scan.files.flatMap((f) => f.targets.filter((t) => t.srcPath === f.path).map(() => f.path)));
    const noStd = new Set(own.filter((h) => h.hit.messageId === 'noStd' && roots.has(h.file.path)).map((h) => h.file.member));
    const modules = new ModuleChains(workspace);
    const counted = own.filter((h) => h.hit.messageId === 'unsafe' && !noStd.has(h.file.member) && !isFfiPath(h.file) && modules.product(h.file));
    for (const group of groupBy(counted, (h: FileHit) => h.file.member.manifestPath)) {
      const [first, ...rest] = group;
      const { file } = first!;
      const byKind = new Map<string, number>();
      for (const h of group) byKind.set(String(h.hit.data?.kind), (byKind.get(String(h.hit.data?.kind)) ?? 0) + 1);
      const summary = ['block', 'fn', 'impl', 'trait'].filter((k) => byKind.has(k)).map((k) => plural(byKind.get(k)!, k)).join(', ');
      report({
        messageId: 'usage',
        data: { member: file.member.name, summary, count: group.length, blocks: byKind.get('block') ?? 0, fns: byKind.get('fn') ?? 0, impls: byKind.get('impl') ?? 0, traits: byKind.get('trait') ?? 0 },
        location: scan.location(first!),
        related: rest.slice(0, RELATED_CAP).map((h) => ({ location: scan.location(h), message: `unsafe ${String(h.hit.data?.kind)}` })),
        member: file.member.name,
      });
    }
  },
});
