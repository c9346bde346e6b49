import type { SgNode } from '@ast-grep/napi';
import { relative, sep } from 'node:path';
import * as z from 'zod';
import { defineSourceRule } from '../../source/define-source-rule.js';
import type { SourceFile } from '../../source/service.js';
import { defineScanner, hitAt, kindOf, matchesOutsideCommentLines, type Hit } from '../../source/scanner.js';
import { resolvePath, useAliases } from '../../source/use-paths.js';
import { Tok, type Tokens } from '../../source/tokens.js';

/** Attributes that Rust 2024 requires to be written `#[unsafe(…)]` (edition-guide rust-2024/unsafe-attributes). */
const UNSAFE_ATTRIBUTES = 'no_mangle|export_name|link_section';
const ENV_CALLS = new Set(['std::env::set_var', 'std::env::remove_var']);

// What may need a parse: a match outside comment lines; `no_mangle`, `export_name`, `link_section` inside an attribute (not a variable named `export_name`), not already written the 2024 way (`unsafe(no_mangle)`, `unsafe extern "C" {`).
const PREFILTER = new RegExp(`\\b(?:set_var|remove_var|gen)\\b|#\\s*\\[[^\\]]*(?<!\\bunsafe\\s*\\(\\s*)\\b(?:${UNSAFE_ATTRIBUTES})\\b|(?<!\\bunsafe\\s+)\\bextern\\s*(?:"[^"\\n]*"\\s*)?\\{|\\bstatic\\s+mut\\b`, 'g');

/** Macros whose arguments are Rust expressions: `gen` inside them is parsed as the keyword. */
const EXPRESSION_MACROS = 'print|println|eprint|eprintln|format|format_args|write|writeln|panic|assert|assert_eq|assert_ne|debug_assert|debug_assert_eq|debug_assert_ne|vec|dbg|todo|unimplemented|unreachable|trace|debug|info|warn|error';
/** Attributes the compiler itself handles; any other attribute on an item is a macro that rewrites it. */
const BUILTIN_ATTRIBUTES = /^(?:cfg|cfg_attr|link|link_name|allow|warn|deny|forbid|expect|doc|deprecated|must_use|inline|cold|repr|path|rustfmt::skip|clippy::[a-z_]+)\b/;

/** Whether an item is rewritten by an attribute macro (`#[wasm_bindgen] extern "C" {…}`, `#[cxx::bridge] mod ffi`): the macro decides what compiles. */
function underAttributeMacro(item: SgNode): boolean {
  for (const node of [item, ...item.ancestors()]) {
    for (let prev = node.prev(); prev && (kindOf(prev) === 'attribute_item' || kindOf(prev).endsWith('comment')); prev = prev.prev()) {
      const attr = prev.find({ rule: { kind: 'attribute' } })?.text().trim() ?? '';
      if (kindOf(prev) === 'attribute_item' && !BUILTIN_ATTRIBUTES.test(attr)) return true;
    }
  }
  return false;
}

/** Whether code at `node` already runs in an unsafe context: an `unsafe {}` block or an `unsafe fn` body (closures inherit both). */
function inUnsafe(node: SgNode): boolean {
  for (const a of node.ancestors()) {
    const kind = kindOf(a);
    if (kind === 'unsafe_block') return true;
    if (kind === 'function_item') {
      const modifiers = a.children().find((c) => kindOf(c) === 'function_modifiers');
      return modifiers !== undefined && /\bunsafe\b/.test(modifiers.text());
    }
  }
  return false;
}

/**
 * The static a borrowed place names (`X` in `&X` or `&mut X.field`), else null. Like rustc's
 * `static_mut_refs` (`path_is_static_mut`), only field accesses are peeled: `&mut X[..]` borrows
 * through indexing, which the lint does not report.
 */
function placeRoot(node: SgNode): SgNode | null {
  let current: SgNode | null = node;
  while (current) {
    const kind = kindOf(current);
    if (kind === 'identifier') return current;
    if (kind === 'scoped_identifier') return current.field('name');
    if (kind === 'field_expression') current = current.field('value');
    else if (kind === 'parenthesized_expression') current = current.children().find((c) => c.isNamed()) ?? null;
    else return null;
  }
  return null;
}

const ATTRIBUTE_NAMES = new Set(UNSAFE_ATTRIBUTES.split('|'));

/**
 * What the regex let through, checked on the code tokens (strings and `r#gen` are not `gen`):
 * `set_var`/`remove_var`/`gen` as identifiers, `static mut`, an `extern` block without `unsafe`,
 * or `no_mangle`/`export_name`/`link_section` as an attribute's name or inside `cfg_attr(…)`,
 * not wrapped in `unsafe(…)`. Never fewer files than the parse tree would hit.
 */
function mayHoldHazard(t: Tokens): boolean {
  for (let i = 0; i < t.length; i++) {
    if (t.kind[i] === Tok.Ident) {
      if (t.isWord(i, 'gen') || t.isWord(i, 'set_var') || t.isWord(i, 'remove_var') || (t.isWord(i, 'static') && t.isWord(i + 1, 'mut'))) return true;
      if (t.isWord(i, 'extern') && !t.isWord(i - 1, 'unsafe') && t.punct(t.kind[i + 1] === Tok.Str ? i + 2 : i + 1) === 123) return true;
    } else if (t.kind[i] === Tok.Attr) {
      const close = t.close(i);
      const end = close < 0 ? t.length : close;
      const cfgAttr = t.isWord(i + 1, 'cfg_attr');
      for (let k = i + 1; k < end; k++) {
        if (t.kind[k] !== Tok.Ident || !ATTRIBUTE_NAMES.has(t.word(k))) continue;
        if (k === i + 1 || (cfgAttr && !(t.punct(k - 1) === 40 && t.isWord(k - 2, 'unsafe')))) return true;
      }
    }
  }
  return false;
}

export const scanner = defineScanner({
  tokens: ['set_var', 'remove_var', 'no_mangle', 'export_name', 'link_section', 'extern', 'gen', 'static mut'],
  prefilter: (text, { tokens }) => matchesOutsideCommentLines(PREFILTER, text) && mayHoldHazard(tokens()),
  scan(root, file) {
    const hits: Hit[] = [];
    const text = file.text;

    if (/\b(?:set_var|remove_var)\b/.test(text)) {
      const aliases = useAliases(root, 'env|set_var|remove_var');
      for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: '(^|::)\\s*(set_var|remove_var)$' } } })) {
        const callee = call.field('function')!;
        if (kindOf(callee) !== 'identifier' && kindOf(callee) !== 'scoped_identifier') continue;
        const path = resolvePath(callee.text(), aliases).replace(/^core::/, 'std::');
        if (!ENV_CALLS.has(path) || inUnsafe(call)) continue;
        hits.push(hitAt(call, 'envSetVar', { found: `${path}(…)`, replacement: `unsafe { ${path}(…) }` }));
      }
    }

    if (new RegExp(`\\b(?:${UNSAFE_ATTRIBUTES})\\b`).test(text)) {
      for (const name of root.findAll({ rule: { kind: 'identifier', regex: `^(${UNSAFE_ATTRIBUTES})$`, inside: { kind: 'attribute', stopBy: 'end' } } })) {
        const parent = name.parent();
        if (!parent) continue;
        // `#[no_mangle]` (the attribute's own name) or `cfg_attr(…, no_mangle)`; not `unsafe(no_mangle)`.
        const direct = kindOf(parent) === 'attribute' && parent.child(0)?.id() === name.id();
        const viaCfgAttr = kindOf(parent) === 'token_tree' && parent.prev()?.text() !== 'unsafe' && /^\s*cfg_attr\b/.test(name.ancestors().find((a) => kindOf(a) === 'attribute')?.text() ?? '');
        if (!direct && !viaCfgAttr) continue;
        const attr = name.text();
        hits.push(hitAt(name, 'unsafeAttribute', { attr, found: `#[${attr}]`, replacement: `#[unsafe(${attr}${attr === 'no_mangle' ? '' : ' = …'})]` }));
      }
    }

    for (const block of root.findAll({ rule: { kind: 'foreign_mod_item' } })) {
      if (/^unsafe\b/.test(block.text()) || block.prev()?.text().trim().endsWith('unsafe') || underAttributeMacro(block)) continue;
      const extern = block.children().find((c) => kindOf(c) === 'extern_modifier') ?? block;
      const abi = extern.text().replace(/\s+/g, ' ');
      hits.push(hitAt(extern, 'unsafeExtern', { found: `${abi} {`, replacement: `unsafe ${abi} {` }));
    }

    if (/\bgen\b/.test(text)) {
      // Inside macro arguments the parser lexes `gen` as the keyword token (an unnamed node). Only
      // macros that parse their input as expressions reject it; others (`T![gen]`, `quote!`) take any token.
      const inMacros = root
        .findAll({ rule: { kind: 'macro_invocation', regex: `^(?:[a-z_]+\\s*::\\s*)*(?:${EXPRESSION_MACROS})\\s*!` } })
        .flatMap((mac) => mac.findAll({ rule: { kind: 'token_tree', regex: '\\bgen\\b' } }))
        .flatMap((tree) => tree.children().filter((c) => kindOf(c) === 'gen'));
      for (const node of [...root.findAll({ rule: { any: [{ kind: 'identifier' }, { kind: 'field_identifier' }, { kind: 'type_identifier' }], regex: '^gen$' } }), ...inMacros]) {
        const parent = node.parent();
        if (parent && kindOf(parent) === 'lifetime') continue;
        const method = parent && kindOf(parent) === 'field_expression' && parent.field('field')?.id() === node.id() && parent.parent() !== null && /^(call_expression|generic_function)$/.test(kindOf(parent.parent()!));
        hits.push(hitAt(node, method ? 'genMethod' : 'genIdentifier', { found: 'gen', replacement: 'r#gen' }));
      }
    }

    if (/\bstatic\s+mut\b/.test(text)) {
      const statics = new Set(root.findAll({ rule: { kind: 'static_item', has: { kind: 'mutable_specifier' } } }).map((s) => s.field('name')?.text() ?? ''));
      statics.delete('');
      if (statics.size > 0) {
        for (const ref of root.findAll({ rule: { kind: 'reference_expression' } })) {
          if (/^&\s*raw\b/.test(ref.text())) continue;
          const value = ref.field('value');
          const target = value ? placeRoot(value) : null;
          if (!target || !statics.has(target.text())) continue;
          const mutable = ref.children().some((c) => kindOf(c) === 'mutable_specifier');
          hits.push(hitAt(ref, 'staticMutRef', { found: ref.text().replace(/\s+/g, ' ').slice(0, 40), name: target.text(), replacement: mutable ? `&raw mut ${target.text()}` : `&raw const ${target.text()}` }));
        }
      }
    }
    return hits;
  },
});

/**
 * Whether the file is compiled as Rust at all: reached from a target's module tree, or where Cargo
 * finds targets by itself. Parser test inputs (`test_data/…/*.rs`) and `src/` files that only an
 * `include_str!` reads (rust-analyzer's `minicore.rs`) are not.
 */
function compiled(file: SourceFile): boolean {
  if (file.attribution === 'module-tree') return true;
  const rel = relative(file.member.dir, file.path).split(sep).join('/');
  return /^(?:src\/bin|tests|benches|examples)\//.test(rel) || rel === 'build.rs';
}

/** The newest edition among the targets that compile this file (a file shared by targets of different editions is held to the newest). */
function editionOf(file: SourceFile): string {
  const editions = file.targets.map((t) => t.edition).filter(Boolean);
  return editions.length > 0 ? editions.sort()[editions.length - 1]! : file.member.edition;
}

export default defineSourceRule({
  meta: {
    id: 'edition/2024-hazards',
    description: 'code that Rust 2024 rejects or makes unsound: `env::set_var`/`remove_var` outside `unsafe`, `#[no_mangle]`/`#[export_name]`/`#[link_section]` without `unsafe(…)`, `extern` blocks without `unsafe`, `gen` as an identifier, references to `static mut`',
    defaultSeverity: 'warning',
    options: z.object({
      /** Also report (as notes) in crates still on edition 2021 or older, which will break when they move to 2024. */
      olderEditions: z.boolean().default(true),
    }),
    messages: {
      envSetVar: {
        message: '`{found}` outside an `unsafe` block {consequence}: `set_var`/`remove_var` are unsafe functions in Rust 2024 (they race with other threads reading the environment)',
        fix: 'Call it before any other thread starts, inside `{replacement}` with a `// SAFETY:` comment saying why no other thread reads the environment.',
      },
      unsafeAttribute: {
        message: '`{found}` without `unsafe(…)` {consequence}: Rust 2024 requires `#[unsafe({attr})]` (a clashing symbol name is undefined behaviour)',
        fix: 'Write `{replacement}` (accepted since Rust 1.82 on every edition).',
      },
      unsafeExtern: {
        message: '`{found}` without `unsafe` {consequence}: Rust 2024 requires `unsafe extern` blocks',
        fix: 'Write `{replacement}` (accepted since Rust 1.82 on every edition); mark items that are safe to call `safe fn`.',
      },
      genIdentifier: {
        message: '`gen` used as an identifier {consequence}: `gen` is a reserved keyword in Rust 2024',
        fix: 'Rename it, or write the raw identifier `{replacement}`.',
      },
      genMethod: {
        message: '`.gen()` {consequence}: `gen` is a reserved keyword in Rust 2024 (this is usually rand\'s `Rng::gen`)',
        fix: 'Write `.{replacement}()`, or upgrade to rand 0.9 and call `.random()`.',
      },
      staticMutRef: {
        message: '`{found}` takes a reference to the `static mut` `{name}` {consequence}: the `static_mut_refs` lint denies it in Rust 2024 (aliasing references to a mutable static are undefined behaviour)',
        fix: 'Take a raw pointer (`{replacement}`, or `addr_of!`), or replace the `static mut` with an atomic, a `Mutex`, or a `SyncUnsafeCell`-like wrapper.',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner },
  check({ hits, scan, report, options }) {
    const { olderEditions } = options as { olderEditions: boolean };
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      if (!compiled(file)) continue;
      const edition = editionOf(file);
      const current = edition >= '2024';
      if (!current && !olderEditions) continue;
      report({
        messageId: hit.messageId,
        data: {
          ...hit.data,
          edition,
          consequence: current ? `fails on edition ${edition}` : `compiles on edition ${edition} but breaks when ${file.member.name} moves to edition 2024`,
        },
        location: scan.location(fileHit),
        member: file.member.name,
        ...(current ? {} : { severity: 'note' as const }),
      });
    }
  },
});
