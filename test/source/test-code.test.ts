import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lexRustTokens } from '../../src/source/lexer.js';
import { testRegions } from '../../src/source/test-code.js';
import { wants } from '../../src/source/scanner.js';
import { scanner as largeErrorEnum } from '../../src/rules/errors/large-error-enum.js';
import { scanner as printInLib } from '../../src/rules/logging/print-in-lib.js';
import { scanner as blocking } from '../../src/rules/async/blocking-in-async.js';
import type { Scanner } from '../../src/source/scanner.js';

const regions = (text: string): string[] => testRegions(lexRustTokens(text).tokens).map(([s, e]) => text.slice(s, e).replace(/\s+/g, ' '));
const wantsText = (scanner: Scanner, text: string, options: Record<string, unknown> = {}): boolean => {
  const { lex, tokens } = lexRustTokens(text);
  return wants(scanner, text, { lex, options, tokens: () => tokens });
};

test('testRegions: functions, modules and impls under #[cfg(test)], functions under #[test]-like attributes', () => {
  assert.deepEqual(
    regions(`#[cfg(test)] #[allow(x)] mod tests { fn a() {} }
#[test] fn b() { x(); }
#[tokio::test] pub(crate) async fn c() {}
#[cfg(all(test, unix))] impl S { }
#[cfg(test)] mod decl;
#[cfg(test)] struct NotRegion;
#[test_case(1)] fn d(x: u8) {}
#[derive(Debug)] fn e() {}`),
    ['mod tests { fn a() {} }', 'fn b() { x(); }', 'pub(crate) async fn c() {}', 'impl S { }', 'mod decl;', 'fn d(x: u8) {}'],
  );
});

test('large-error-enum parses a file only when an error enum outside tests has more variants than the limit', () => {
  const file = `#[derive(thiserror::Error, Debug)]
pub(crate) enum Failure {
    /// A doc comment, with a comma, and {braces}
    #[error("a, b")] A,
    B(String, u8),
    C { x: u8, y: u8 },
}
#[cfg(test)] mod tests { enum TestError { A, B, C, D, E } }`;
  assert.equal(wantsText(largeErrorEnum, file, { maxVariants: 2 }), true);
  assert.equal(wantsText(largeErrorEnum, file, { maxVariants: 3 }), false, 'three variants, and the enum in tests does not count');
  assert.equal(wantsText(largeErrorEnum, file), true, 'without a limit, any candidate');
});

test('print-in-lib parses a file only for prints outside doc comments and tests', () => {
  assert.equal(wantsText(printInLib, '/// println!("doc example");\npub fn f() {}'), false);
  assert.equal(wantsText(printInLib, 'pub fn f() {}\n#[cfg(test)] mod tests { fn t() { println!("x"); } }'), false);
  assert.equal(wantsText(printInLib, 'pub fn f() { println!("x"); }'), true);
});

test('blocking-in-async skips test code unless its `tests` option is on', () => {
  const file = 'use tokio;\n#[tokio::test] async fn t() { std::thread::sleep(D); }';
  assert.equal(wantsText(blocking, file, { tests: false }), false);
  assert.equal(wantsText(blocking, file, { tests: true }), true);
});

test('2024-hazards parses only for hazards in code: not `gen` in a string or as r#gen, not export_name as a variable or format argument', async () => {
  const { scanner: hazards } = await import('../../src/rules/edition/2024-hazards.js');
  assert.equal(wantsText(hazards, 'fn f() { let p = dir.join("gen"); let x = rng.r#gen::<u8>(); }'), false);
  assert.equal(wantsText(hazards, '#[error("bad {}", export_name)]\nstruct E { export_name: String }'), false);
  assert.equal(wantsText(hazards, '#[unsafe(no_mangle)] pub extern "C" fn f() {}\nunsafe extern "C" { fn g(); }'), false);
  for (const text of ['fn f() { let gen = 1; }', '#[no_mangle] pub extern "C" fn f() {}', '#[cfg_attr(x, export_name = "y")] fn f() {}', 'extern "C" { fn g(); }', 'static mut X: u8 = 0;', 'fn f() { std::env::set_var("A", "b"); }']) {
    assert.equal(wantsText(hazards, text), true, text);
  }
});

test('tightened prefilters never skip a file their scanner has a hit in (cases found in review)', async () => {
  const { scannerHits } = await import('./support.js');
  const { scanner: errorEnum } = await import('../../src/rules/errors/large-error-enum.js');
  const cases: [Scanner, string, Record<string, unknown>][] = [
    // blocking-in-async's own idea of test code is narrower than testRegions' default.
    [blocking, 'use tokio;\n#[cfg(any(test, feature = "test-utils"))] pub mod testing { pub async fn load() -> Vec<u8> { std::fs::read("x").unwrap() } }', { tests: false }],
    [blocking, 'use tokio;\nstruct S;\n#[cfg(test)] impl S { async fn f(&self) { std::fs::read("x").unwrap(); } }', { tests: false }],
    [blocking, 'use tokio;\n#[cfg(test)] async fn f() { std::fs::read("x").unwrap(); }', { tests: false }],
    [blocking, 'use tokio;\n#[rstest] async fn f() { std::fs::read("x").unwrap(); }', { tests: false }],
    // A bare std function after a keyword (`in read_dir(…)`, `return read_to_string(…)`).
    [blocking, 'use std::fs::read_dir;\npub async fn list() { for e in read_dir(".").unwrap() { let _ = e; } }', {}],
    [blocking, 'use std::fs::read_to_string;\npub async fn f(p: &str) -> String { return read_to_string(p).unwrap(); }', {}],
    // A `;` inside the generics before the enum's body.
    [errorEnum, `pub enum ParseError<T = [u8; 4]> { ${Array.from({ length: 22 }, (_, i) => `V${i}`).join(', ')}, X(T) }`, { maxVariants: 20 }],
    // An allowed print lint inside a test module still counts (the crate root's allows).
    [printInLib, '#[cfg(test)] mod tests { #![allow(clippy::print_stdout)] }', {}],
  ];
  for (const [scanner, text, options] of cases) {
    assert.ok(scannerHits(scanner, text).length > 0, `the scanner has a hit: ${text}`);
    assert.equal(wantsText(scanner, text, options), true, text);
  }
});
