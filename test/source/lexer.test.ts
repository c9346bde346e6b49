import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lexRust, markdownRefs } from '../../src/source/lexer.js';

const refs = (text: string): string[] => lexRust(text).refs.sort();

test('path roots, leading ::, use forms, extern crate and attribute paths count as references', () => {
  assert.deepEqual(
    refs(`
      use serde::Serialize;
      use ::anyhow::Result;
      use regex;
      use itertools as it;
      use { serde_json as json, bytes, url::Url };
      extern crate log;
      #[macro_use] extern crate lazy_static as ls;
      #[tokio::main]
      async fn main() {
        let x: Vec::<rand::Rng> = Vec::new();
        let y = <T as rayon::Par>::f();
        println!("{}", anyhow::anyhow!("inside a macro"));
      }
    `),
    ['Vec', 'anyhow', 'bytes', 'itertools', 'lazy_static', 'log', 'rand', 'rayon', 'regex', 'serde', 'serde_json', 'tokio', 'url'],
  );
});

test('middle segments, methods, and crate/self/super/std are not references', () => {
  assert.deepEqual(refs('fn f() { a::b::c(); x.parse::<u8>(); crate::m::f(); self::g(); super::h(); std::fs::read(""); Vec::<u8>::new(); }'), ['Vec', 'a']);
});

test('comments, strings, raw strings, chars and lifetimes hide nothing and leak nothing', () => {
  const text = [
    '// hidden_a::x',
    '/* hidden_b::x /* nested hidden_c::x */ still_comment::x */',
    'const S: &str = "hidden_d::x \\" hidden_e::x";',
    'const R: &str = r#"hidden_f::x " still raw hidden_g::x"#;',
    "const C: char = '\"'; const Q: char = '\\''; fn f<'a>(x: &'a str) -> &'a str { visible_a::f(x) }",
    "const B: &[u8] = b\"hidden_h::x\"; const BC: u8 = b'\"'; const CS: &core::ffi::CStr = c\"hidden_i::x\";",
    'fn g() { visible_b::g(); let r#type = r#visible_c::f(); }',
  ].join('\n');
  assert.deepEqual(refs(text), ['visible_a', 'visible_b', 'visible_c']);
});

test('doc comments feed docRefs, and attribute strings name crates', () => {
  const lex = lexRust(['//! ```', '//! use proptest::prelude::*;', '//! ```', '/// See [`doc_crate::Thing`].', '#[serde(with = "humantime_serde", rename = "a b")]', 'struct S;'].join('\n'));
  assert.deepEqual(lex.docRefs.sort(), ['doc_crate', 'proptest']);
  assert.deepEqual(lex.refs, ['humantime_serde']);
});

test('mod declarations with #[path], cfg_attr paths and inline parents; include! and doc includes', () => {
  const lex = lexRust(`
    mod a;
    #[path = "platform/unix.rs"] mod sys;
    #[cfg_attr(windows, path = "win.rs")] #[cfg_attr(unix, path = "nix.rs")] mod os;
    pub(crate) mod outer { mod inner; mod deeper { mod leaf; } }
    mod after;
    include!("generated.rs");
    include!(concat!(env!("OUT_DIR"), "/gen.rs"));
    #![doc = include_str!("../README.md")]
  `);
  assert.deepEqual(lex.mods, [
    { name: 'a', paths: [], inline: [] },
    { name: 'sys', paths: ['platform/unix.rs'], inline: [] },
    { name: 'os', paths: ['win.rs', 'nix.rs'], inline: [] },
    { name: 'inner', paths: [], inline: ['outer'] },
    { name: 'leaf', paths: [], inline: ['outer', 'deeper'] },
    { name: 'after', paths: [], inline: [] },
  ]);
  assert.deepEqual(lex.includes, ['generated.rs']);
  assert.deepEqual(lex.docIncludes, ['../README.md']);
  assert.equal(lex.outDir, true);
});

test('doctests that include! a Rust file, and the files trybuild is asked to compile', () => {
  const lex = lexRust(`
    /// \`\`\`
    /// # include!("../setup.rs");
    /// \`\`\`
    /// Prose about include!() and include!("notes.md") includes nothing.
    fn f() {
      let t = trybuild::TestCases::new();
      t.pass("tests/ui/*.rs");
      t.compile_fail("../cases/**/*.rs");
      builder.pass_through("no");
      pass("no");
    }
  `);
  assert.deepEqual(lex.doctestIncludes, ['../setup.rs']);
  assert.deepEqual(lex.compileTests, ['tests/ui/*.rs', '../cases/**/*.rs']);
});

test('macro_rules bodies and quote! blocks feed macroRefs; strings are collected only when asked', () => {
  const lex = lexRust('macro_rules! m { () => { paste::item! {} } } fn f() { let t = quote! { ::serde::Serialize }; other::g(); let s = "tonic::Status"; let n = "bevy_ecs"; }', { strings: true });
  assert.deepEqual(lex.macroRefs.sort(), ['paste', 'serde']);
  assert.deepEqual(lex.stringRefs.sort(), ['bevy_ecs', 'tonic']);
  assert.deepEqual(lexRust('fn f() { let s = "tonic::Status"; }').stringRefs, []);
});

test('markdownRefs reads Rust code blocks only', () => {
  const md = ['# T', '```rust', 'use alpha::A;', '```', '```toml', 'beta::x = 1', '```', '```', 'gamma::run();', '```', '```no_run', 'delta::f();', '```'].join('\n');
  assert.deepEqual(markdownRefs(md).sort(), ['alpha', 'delta', 'gamma']);
});

test('async regions cover async fn bodies, async blocks and async closures, nested or not', () => {
  const text = 'fn a() {} async fn b() -> Result<(), E> where T: X { inner(); } fn c() { let f = async move { d() }; let g = async |x| { e() }; } trait T { async fn f(); }';
  const lex = lexRust(text);
  const regions: string[] = [];
  for (let i = 0; i < lex.asyncRegions.length; i += 2) regions.push(text.slice(lex.asyncRegions[i], lex.asyncRegions[i + 1]));
  assert.deepEqual(regions, ['{ inner(); }', '{ d() }', '{ e() }']);
});

test('dynNames: every segment of the paths after `dyn`, in code, comments and strings', () => {
  const { dynNames } = lexRust('fn f(a: &dyn io::Write, b: Box<dyn ::x::Handler<T> + Send>) {}\n/// Use it as `dyn Store`.\nconst S: &str = "dyn Quoted";\nlet dynamic = 1;');
  assert.deepEqual(dynNames.sort(), ['Handler', 'Quoted', 'Store', 'Write', 'io', 'x']);
});
