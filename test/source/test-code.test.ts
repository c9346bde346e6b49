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
