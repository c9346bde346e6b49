// Checks unsafe/usage's token scanner against a tree-sitter reading of the same files: every
// `.rs` file under the given directories whose text passes the rule's prefilter is scanned both
// ways, and the hits (kind, line, column) compared. Prints the files that differ and a summary;
// exits 1 if any differ. The tree-sitter reading below is the rule's former scanner (before it
// moved to tokens), with function pointer types (`unsafe fn(u8)`) no longer counted as fns.
// Run: npm run build && node dist/scripts/unsafe-oracle.js /tmp/real/wasmtime …
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SgNode } from '@ast-grep/napi';
import { lexRustTokens } from '../src/source/lexer.js';
import { parseRust } from '../src/source/rust.js';
import { hitAt, kindOf, type Hit } from '../src/source/scanner.js';
import { scanner } from '../src/rules/unsafe/usage.js';
import { isTestAttribute, itemAfter } from '../src/rules/errors/_shared.js';

const EXPECTED_UNSAFE = /\b(?:std|core)::arch\b|\btarget_feature\s*\(|\bGlobalAlloc\b/;
const FFI_ATTRIBUTE = /\b(?:no_mangle|export_name)\b/;
const COUNTABLE = /\bunsafe\s*(?:\{|fn\b|impl\b|trait\b|extern\s+"[^"]*"\s*fn\b)/;
const NODES = {
  any: [
    { kind: 'unsafe_block' },
    { kind: 'function_modifiers', regex: '\\b(?:unsafe|extern)\\b' },
    { kind: 'impl_item' },
    { kind: 'trait_item' },
    { kind: 'foreign_mod_item' },
    { kind: 'attribute_item', regex: 'no_mangle|export_name|test' },
    { kind: 'inner_attribute_item', regex: 'no_std' },
  ],
};
const KINDS: Record<string, string> = { unsafe_block: 'block', function_modifiers: 'fn', impl_item: 'impl', trait_item: 'trait' };
const UNSAFE_HEAD = /^(?:pub(?:\s*\([^)]*\))?\s+)?unsafe\b/;

function treeSitterHits(text: string): Hit[] {
  const root = parseRust(text);
  const hits: Hit[] = [];
  const countable = COUNTABLE.test(text) && !EXPECTED_UNSAFE.test(text);
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
      else if (/\bunsafe\b/.test(node.text()) && node.parent() && kindOf(node.parent()!) !== 'function_type') candidates.push({ node: node.parent()!, kind: 'fn' });
    } else {
      const kind = KINDS[nodeKind]!;
      if (kind === 'block') candidates.push({ node, kind });
      else {
        const start = node.range().start.index;
        if (UNSAFE_HEAD.test(text.slice(start, start + 200))) candidates.push({ node, kind });
      }
    }
  }
  for (const { node, kind } of candidates) {
    const at = node.range().start.index;
    if (!excluded.some(([start, end]) => at >= start && at < end)) hits.push(hitAt(node, 'unsafe', { kind }));
  }
  return hits;
}

const key = (h: Hit): string => `${h.line}:${h.column} ${h.messageId}${h.data?.kind ? ` ${String(h.data.kind)}` : ''}`;

function* rustFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'target') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* rustFiles(path);
    else if (entry.isFile() && entry.name.endsWith('.rs')) yield path;
  }
}

let files = 0;
let hits = 0;
let differing = 0;
let tokensMs = 0;
let parseMs = 0;
for (const dir of process.argv.slice(2)) {
  for (const path of rustFiles(dir)) {
    const text = readFileSync(path, 'utf8');
    if (text.length > 4_000_000 || !scanner.tokens.some((t) => text.includes(t)) || !scanner.prefilter!(text, { lex: lexRustTokens('').lex, options: {}, tokens: () => lexRustTokens(text).tokens })) continue;
    files++;
    let started = performance.now();
    const ours = scanner.scanTokens!({ path, text, options: {} }, lexRustTokens(text).tokens).map(key).sort();
    tokensMs += performance.now() - started;
    started = performance.now();
    const theirs = treeSitterHits(text).map(key).sort();
    parseMs += performance.now() - started;
    hits += theirs.length;
    const missing = theirs.filter((k) => !ours.includes(k));
    const extra = ours.filter((k) => !theirs.includes(k));
    if (missing.length > 0 || extra.length > 0) {
      differing++;
      console.log(`${path}\n  only tree-sitter: ${missing.join(', ') || '-'}\n  only tokens:      ${extra.join(', ') || '-'}`);
    }
  }
}
console.log(`${files} files, ${hits} tree-sitter hits, ${differing} files differ; tokens ${Math.round(tokensMs)} ms, tree-sitter ${Math.round(parseMs)} ms`);
process.exitCode = differing > 0 ? 1 : 0;
