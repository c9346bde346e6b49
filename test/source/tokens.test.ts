import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lexRust, lexRustTokens } from '../../src/source/lexer.js';
import { LineIndex, Tok, type Tokens } from '../../src/source/tokens.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rustLikeText } from './rust-text.js';
import { FIXTURES } from '../support/paths.js';

const show = (t: Tokens): string[] => Array.from({ length: t.length }, (_, i) => `${t.kind[i]}:${t.text.slice(t.start[i], t.end[i])}`);

test('tokens leave comments out, keep string contents whole, and mark attributes, lifetimes and chars', () => {
  const { tokens } = lexRustTokens(`#![no_std]
/// doc with unsafe { }
#[derive(Debug)] // unsafe {
fn f<'a>(s: &'a str) -> char { let _ = r#"unsafe { "#; b'x'; 'y' } /* unsafe { /* nested */ } */`);
  assert.deepEqual(show(tokens), [
    `${Tok.Attr}:#![`, `${Tok.Ident}:no_std`, `${Tok.Punct}:]`,
    `${Tok.Attr}:#[`, `${Tok.Ident}:derive`, `${Tok.Punct}:(`, `${Tok.Ident}:Debug`, `${Tok.Punct}:)`, `${Tok.Punct}:]`,
    `${Tok.Ident}:fn`, `${Tok.Ident}:f`, `${Tok.Punct}:<`, `${Tok.Lit}:`, `${Tok.Punct}:>`, `${Tok.Punct}:(`, `${Tok.Ident}:s`, `${Tok.Punct}::`, `${Tok.Punct}:&`, `${Tok.Lit}:`, `${Tok.Ident}:str`, `${Tok.Punct}:)`,
    `${Tok.Punct}:-`, `${Tok.Punct}:>`, `${Tok.Ident}:char`, `${Tok.Punct}:{`, `${Tok.Ident}:let`, `${Tok.Ident}:_`, `${Tok.Punct}:=`, `${Tok.Str}:unsafe { `, `${Tok.Punct}:;`,
    `${Tok.Lit}:`, `${Tok.Punct}:;`, `${Tok.Lit}:`, `${Tok.Punct}:}`,
  ]);
});

test('close() pairs every delimiter and attribute with its closer; mismatched closers end the groups they cross', () => {
  const { tokens: t } = lexRustTokens('#[a(b)] fn f() { [x, (y)] }');
  const opens = Array.from({ length: t.length }, (_, i) => i).filter((i) => t.opens(i));
  assert.deepEqual(opens.map((i) => `${t.text.slice(t.start[i], t.end[i])}${t.close(i)}`), ['#[5', '(4', '(9', '{18', '[17', '(16']);
  const { tokens: bad } = lexRustTokens('{ ( ] }');
  assert.equal(bad.close(0), 3);
  assert.equal(bad.close(1), -1);
});

test('recording tokens does not change what the lexer reports', () => {
  const text = rustLikeText([readFileSync(join(FIXTURES, 'rules/unsafe-usage/bad/core/src/lib.rs'), 'utf8')], ['fn', ' ', '{', '}', '(', ')', '"', "'a", 'r#"', '"#', '/*', '*/', '//', '\n', '#[', '#![', ']', 'use a::b;', 'mod m;', 'x!', 'unsafe', 'é']);
  fc.assert(
    fc.property(text, (source) => {
      assert.deepEqual(lexRustTokens(source).lex, lexRust(source));
    }),
    { numRuns: 300 },
  );
});

test('LineIndex gives 1-based lines and UTF-16 columns', () => {
  const lines = new LineIndex('ab\nçd\n\nx');
  assert.deepEqual([0, 1, 3, 4, 6, 7].map((o) => lines.at(o)), [
    { line: 1, column: 1 },
    { line: 1, column: 2 },
    { line: 2, column: 1 },
    { line: 2, column: 2 },
    { line: 3, column: 1 },
    { line: 4, column: 1 },
  ]);
});
