import { test } from 'node:test';
import { rustLikeText } from './rust-text.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { lexRust } from '../../src/source/lexer.js';
import { parseRust } from '../../src/source/rust.js';
import { findSuppressions } from '../../src/source/suppression.js';
import { scanner as blocking } from '../../src/rules/async/blocking-in-async.js';
import { scanner as runtimeMain } from '../../src/rules/async/runtime-main-in-lib.js';
import { FIXTURES } from '../support/paths.js';
import { scannerHits } from './support.js';

const FRAGMENTS = [
  'fn', ' ', '\n', '{', '}', '(', ')', '[', ']', '<', '>', '"', "'", 'r#"', '"#', 'b"', "b'", 'c"', '/*', '*/', '//', '///', '//!',
  '::', ':', '.', ',', ';', '!', '#', '#[', '#![', '\\', 'async', 'await', '.await', 'mod x;', 'mod y {', '#[path = "a.rs"]', 'use', 'use a::{b, c as d};',
  'extern crate', 'macro_rules! m {', 'quote! {', 'include!("i.rs")', 'std::fs::read(p)', 'std::thread::sleep(d)', 'let g = m.lock().unwrap();',
  '// cargo-stack: allow(async) why', '// cargo-stack: allow(', '#[tokio::main]', 'r#type', "'a", "'\\''", 'é', '😀', '\ud800', '0x1f', '1.0', '1..2', 'x',
];

const sources = ['rules/async-blocking-in-async/bad/src/lib.rs', 'rules/suppression-unused/bad/src/lib.rs', 'rules/unused-dependency/bad/src/lib.rs'].map((p) => readFileSync(join(FIXTURES, p), 'utf8'));

function everything(text: string): void {
  const lex = lexRust(text, { strings: true });
  for (const list of [lex.refs, lex.docRefs, lex.stringRefs, lex.macroRefs, lex.includes, lex.docIncludes]) assert.ok(Array.isArray(list));
  const root = parseRust(text);
  const input = { path: 'fuzz.rs', text };
  for (const hit of [...scannerHits(blocking, text, input.path, root), ...scannerHits(runtimeMain, text, input.path, root)]) {
    assert.ok(hit.line >= 1 && hit.column >= 1 && hit.endLine >= hit.line);
  }
  for (const s of findSuppressions(root, text)) assert.ok(s.spanStart <= s.spanEnd);
}

const rustText = rustLikeText(sources, FRAGMENTS);

test('the lexer, the parser, the scanners and suppression parsing never throw on random Rust-like text', () => {
  fc.assert(fc.property(rustText, (text) => everything(text)), { numRuns: 400 });
});
