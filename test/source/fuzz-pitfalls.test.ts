import { test } from 'node:test';
import { rustLikeText } from './rust-text.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseRust } from '../../src/source/rust.js';
import type { Scanner } from '../../src/source/scanner.js';
import { scanner as asyncFnInPubTrait } from '../../src/rules/async/async-fn-in-pub-trait.js';
import { scanner as asyncTraitUnneeded } from '../../src/rules/async/async-trait-unneeded.js';
import { scanner as asyncTraitExtractor } from '../../src/rules/axum/async-trait-extractor.js';
import { scanner as v07PathSyntax } from '../../src/rules/axum/v07-path-syntax.js';
import { scanner as anyhowInLibApi } from '../../src/rules/errors/anyhow-in-lib-api.js';
import { scanner as boxDynErrorNotSend } from '../../src/rules/errors/box-dyn-error-not-send.js';
import { scanner as envVarUnwrap } from '../../src/rules/errors/env-var-unwrap.js';
import { scanner as largeErrorEnum } from '../../src/rules/errors/large-error-enum.js';
import { scanner as printInLib } from '../../src/rules/logging/print-in-lib.js';
import { scanner as atty } from '../../src/rules/std/atty.js';
import { scanner as lazyStatic } from '../../src/rules/std/lazy-static.js';
import { scanner as unsafeUsage } from '../../src/rules/unsafe/usage.js';
import { lexRustTokens } from '../../src/source/lexer.js';
import { FIXTURES } from '../support/paths.js';
import { scannerHits } from './support.js';

const SCANNERS: Record<string, Scanner> = { asyncFnInPubTrait, asyncTraitUnneeded, asyncTraitExtractor, v07PathSyntax, anyhowInLibApi, boxDynErrorNotSend, envVarUnwrap, largeErrorEnum, printInLib, atty, lazyStatic, unsafeUsage };

const FRAGMENTS = [
  'fn', ' ', '\n', '{', '}', '(', ')', '[', ']', '<', '>', '"', "'", 'r#"', '"#', '/*', '*/', '//', '///', '::', ':', '.', ',', ';', '!', '#', '#[', '#![', '\\',
  'pub ', 'pub(crate) ', 'mod x;', 'mod y {', 'pub mod z;', 'use a::{b, c as d};', 'trait T', 'pub trait P {', 'impl', 'for', 'dyn', 'enum E {', 'A,', 'B(u8),',
  'async fn f(&self);', 'async', '.await', '#[async_trait]', '#[axum::async_trait]', 'FromRequestParts<S>', '.route("/a/:id", h)', '.nest(r"/*x", r)', '"/:"',
  'lazy_static! {', 'static ref X: u8 = 1;', 'use once_cell::sync::{Lazy, OnceCell};', 'once_cell::unsync::Lazy<u8>', 'atty::is(atty::Stream::Stdout)',
  'anyhow::Result<()>', 'use anyhow::Result;', 'type R<T> = Result<T, Box<dyn Error>>;', 'Box<dyn std::error::Error>', 'impl Future<Output = ()>',
  'std::env::var("X").unwrap()', 'env::var_os(k).expect("k")', 'fn main() {', 'unsafe {', 'unsafe fn', 'unsafe impl Send for X {}', 'extern "C" {', '#[no_mangle]',
  '#![no_std]', 'std::arch::', 'println!("x")', 'dbg!(x)', 'eprint!', '#[cfg(test)]', '#[test]', '#![allow(clippy::print_stdout)]', '#[allow(async_fn_in_trait)]',
  "'a", 'é', '😀', '\ud800', 'x',
];

const sources = [
  'rules/axum-v07-path-syntax/bad/src/main.rs',
  'rules/axum-async-trait-extractor/bad/src/lib.rs',
  'rules/async-async-trait-unneeded/bad/core/src/lib.rs',
  'rules/async-async-fn-in-pub-trait/bad/src/lib.rs',
  'rules/std-lazy-static/bad/src/lib.rs',
  'rules/std-atty/bad/src/main.rs',
  'rules/errors-anyhow-in-lib-api/bad/src/lib.rs',
  'rules/errors-box-dyn-error-not-send/bad/src/lib.rs',
  'rules/errors-env-var-unwrap/bad/src/main.rs',
  'rules/unsafe-usage/bad/core/src/lib.rs',
  'rules/logging-print-in-lib/bad/src/lib.rs',
].map((p) => readFileSync(join(FIXTURES, p), 'utf8'));

function everything(text: string): void {
  const { lex, tokens } = lexRustTokens(text);
  const root = parseRust(text);
  const input = { path: 'src/fuzz.rs', text };
  for (const [name, scanner] of Object.entries(SCANNERS)) {
    // The prefilters run on any text the tokens let through; the scanners on any parsed text.
    if (scanner.prefilter) assert.equal(typeof scanner.prefilter(text, { lex, options: {}, tokens: () => tokens }), 'boolean', name);
    for (const hit of scannerHits(scanner, text, input.path, root)) {
      assert.ok(hit.line >= 1 && hit.column >= 1 && hit.endLine >= hit.line, `${name}: ${JSON.stringify(hit)}`);
      for (const r of hit.related ?? []) assert.ok(r.line >= 1 && r.column >= 1, name);
      assert.doesNotThrow(() => structuredClone(hit), name);
    }
  }
}

const rustText = rustLikeText(sources, FRAGMENTS);

test('the async-trait, axum, errors, std, unsafe and logging scanners never throw on random Rust-like text', () => {
  fc.assert(fc.property(rustText, (text) => everything(text)), { numRuns: Number(process.env.FUZZ_RUNS ?? 300) });
});

test('the scanners find their fixtures\' hits when the text is intact', () => {
  for (const text of sources) everything(text);
  assert.ok(scannerHits(unsafeUsage, sources[9]!).length > 0);
});
