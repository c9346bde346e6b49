import { relative, sep } from 'node:path';
import { defineSourceRule } from '../../source/define-source-rule.js';
import type { FileHit, SourceFile } from '../../source/service.js';
import { defineScanner, type Hit } from '../../source/scanner.js';
import { LineIndex, Tok, type Tokens } from '../../source/tokens.js';
import { groupBy, ModuleChains, unsuppressed } from '../errors/_shared.js';
import { FN_MODIFIERS, isFunction, isTestAttribute, itemEnd } from '../../source/test-code.js';

const ID = 'unsafe/usage';
/** Related locations listed per finding. */
const RELATED_CAP = 20;
// Files about SIMD intrinsics or allocators: their unsafe code is expected.
const EXPECTED_UNSAFE = /\b(?:std|core)::arch\b|\btarget_feature\s*\(|\bGlobalAlloc\b/;
const FFI_ATTRIBUTE = /\b(?:no_mangle|export_name)\b/;

// What can be counted (an attribute's `unsafe(no_mangle)` or an `unsafe extern` block cannot), or a crate-level `#![no_std]`.
const COUNTABLE = /\bunsafe\s*(?:\{|fn\b|impl\b|trait\b|extern\s+"[^"]*"\s*fn\b)/;
const NO_STD = /#!\[\s*no_std\s*\]/;

// Keywords that can stand right before a `!` that is negation, not a macro call (`if !(a || b)`).
const NOT_MACROS = new Set(['if', 'while', 'match', 'return', 'in', 'else', 'break', 'yield', 'box', 'let', 'mut', 'ref', 'move', 'as']);

/**
 * Reads the file's code tokens, not a parse tree (a parse costs ~20x a lex, and most files this
 * rule looks at interest no other rule). It answers what tree-sitter-rust would: a macro call's or
 * `macro_rules!`'s token tree and an attribute's contents are not code; an `unsafe fn` starts at
 * its visibility; an item runs to its body's closing brace or its `;`. Checked against a parse of
 * every file with `unsafe` in the real-workspace corpus (scripts/unsafe-oracle.ts).
 */
export const scanner = defineScanner({
  tokens: ['unsafe', 'no_std'],
  prefilter: (text) => NO_STD.test(text) || (COUNTABLE.test(text) && !EXPECTED_UNSAFE.test(text)),
  scanTokens(file, t) {
    const hits: Hit[] = [];
    const countable = COUNTABLE.test(file.text) && !EXPECTED_UNSAFE.test(file.text);
    const lines = new LineIndex(file.text);
    const hit = (offset: number, messageId: string, data?: Record<string, string>): void => {
      const { line, column } = lines.at(offset);
      hits.push({ messageId, line, column, endLine: line, endColumn: column, ...(data ? { data } : {}) });
    };
    // Where unsafe code is expected: `extern` blocks, functions the outside world calls (`extern "C" fn`, `#[no_mangle]`, `#[export_name]`), test code.
    const excluded: [number, number][] = [];
    const candidates: { at: number; kind: string }[] = [];
    for (let i = 0; i < t.length; i++) {
      if (t.kind[i] === Tok.Attr) {
        const close = t.close(i);
        const end = close < 0 ? t.length : close;
        const text = file.text.slice(t.start[i], close < 0 ? file.text.length : t.end[close]);
        if (file.text.slice(t.start[i], t.end[i]).includes('!')) {
          if (end === i + 2 && t.isWord(i + 1, 'no_std')) hit(t.start[i]!, 'noStd');
        } else if (countable && /no_mangle|export_name|test/.test(text)) {
          let item = end + 1;
          while (t.kind[item] === Tok.Attr && t.close(item) > item) item = t.close(item) + 1;
          const isFn = isFunction(t, item);
          if ((isFn && FFI_ATTRIBUTE.test(text)) || isTestAttribute(text, isFn)) excluded.push([t.start[item] ?? file.text.length, itemEnd(t, item)]);
        }
        i = end;
      } else if (t.kind[i] === Tok.Ident) {
        // A macro call's token tree (`m!(…)`, `m![…]`, `m!{…}`) or a `macro_rules! m {…}` body: not parsed, not counted.
        if (t.punct(i + 1) === 33 && !NOT_MACROS.has(t.word(i))) {
          const open = t.isWord(i, 'macro_rules') && t.kind[i + 2] === Tok.Ident ? i + 3 : i + 2;
          if (t.opens(open) && t.kind[open] !== Tok.Attr) {
            i = t.close(open) < 0 ? t.length : t.close(open);
            continue;
          }
        }
        if (!countable) continue;
        if (t.isWord(i, 'extern')) {
          // `extern "C" { … }`, `extern "C" fn f() { … }` (also after `unsafe`): FFI.
          const next = t.kind[i + 1] === Tok.Str ? i + 2 : i + 1;
          if (t.punct(next) === 123) excluded.push([t.start[i]!, t.close(next) < 0 ? file.text.length : t.end[t.close(next)]!]);
          else if (t.isWord(next, 'fn') && t.kind[next + 1] === Tok.Ident) excluded.push([t.start[i]!, itemEnd(t, next)]);
        } else if (t.isWord(i, 'unsafe')) {
          if (t.punct(i + 1) === 123) candidates.push({ at: t.start[i]!, kind: 'block' });
          else if (t.isWord(i + 1, 'impl')) candidates.push({ at: t.start[i]!, kind: 'impl' });
          else if (t.isWord(i + 1, 'trait') || (t.isWord(i + 1, 'auto') && t.isWord(i + 2, 'trait'))) candidates.push({ at: t.start[itemStart(t, i)]!, kind: 'trait' });
          // Not `unsafe fn(u8)`, a function pointer type.
          else if (t.isWord(i + 1, 'fn') && t.kind[i + 2] === Tok.Ident) candidates.push({ at: t.start[itemStart(t, i)]!, kind: 'fn' });
        }
      }
    }
    for (const { at, kind } of candidates) if (!excluded.some(([start, end]) => at >= start && at < end)) hit(at, 'unsafe', { kind });
    return hits;
  },
});

/** Where the item whose `unsafe` is token `i` starts: at its visibility, or at `const`/`async` before the `unsafe`. */
function itemStart(t: Tokens, i: number): number {
  let k = i;
  while (k > 0 && FN_MODIFIERS.has(t.word(k - 1))) k--;
  if (t.isWord(k - 1, 'pub')) return k - 1;
  if (t.punct(k - 1) === 41) {
    // `pub(crate)`, `pub(in path)`: find the `(` whose group ends here.
    for (let o = k - 2; o > 0 && k - o < 16; o--) if (t.punct(o) === 40 && t.close(o) === k - 1) return t.isWord(o - 1, 'pub') ? o - 1 : k;
  }
  return k;
}

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
  scanner: { scanner, appliesTo: (member) => !FFI_CRATE.test(member.name), productOnly: true },
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
