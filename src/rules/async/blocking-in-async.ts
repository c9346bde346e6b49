import type { SgNode } from '@ast-grep/napi';
import * as z from 'zod';
import { defineSourceRule } from '../../source/define-source-rule.js';
import type { Package } from '../../project/model.js';
import type { FileHit } from '../../source/service.js';
import { ASYNC_RUNTIMES, dependsOn } from '../../source/gates.js';
import { defineScanner, hitAt, inRegions, kindOf, matchesInAsync, relatedAt, type Hit } from '../../source/scanner.js';
import { testRegions, type TestableItem } from '../../source/test-code.js';
import { resolvePath, useAliases } from '../../source/use-paths.js';
import { isExamplePackage, isTestSupport, isXtask } from '../errors/_shared.js';

type Kind = 'fs' | 'sleep' | 'net' | 'reqwest' | 'process';

/** What a fully resolved call path blocks on, or null. */
export function classifyBlockingCall(path: string): Kind | null {
  // fs-err wraps std::fs with the same API (and blocks the same way); its `tokio` module is async.
  const fs = path.startsWith('std::fs::') ? 'std::fs::' : path.startsWith('fs_err::') && !path.startsWith('fs_err::tokio::') ? 'fs_err::' : null;
  if (fs) {
    const [first, second, ...rest] = path.slice(fs.length).split('::');
    if (first === undefined) return null;
    if (second === undefined && /^[a-z_][a-z0-9_]*$/.test(first)) return 'fs';
    if (first === 'File' && rest.length === 0 && (second === 'open' || second === 'create' || second === 'create_new')) return 'fs';
    return null;
  }
  if (path === 'std::thread::sleep') return 'sleep';
  if (path === 'std::net::TcpStream::connect' || path === 'std::net::TcpStream::connect_timeout') return 'net';
  if (path.startsWith('reqwest::blocking::')) return 'reqwest';
  return null;
}

// Only files that can hold a finding are parsed: they name std's fs/thread/net/process (directly
// or in a `use std::{…}` group), fs-err, reqwest::blocking, or unwrap a lock. A bare `fs::` is not
// enough: the scanner resolves paths through the file's own `use` declarations, so `fs::read` is
// std's only where the file writes `std::fs` (or `std::{…}`) somewhere (else it is tokio's, or a
// module's).
const PREFILTER = /\bstd::(?:fs|thread|net|process)\b|\bstd::\{|\bfs_err\b|thread::sleep|reqwest::blocking|\.(?:lock|read|write)\(\)\s*\.\s*(?:unwrap|expect)/;
// …and something that could be one of them inside an async body.
// Bare function names only where they are not a method (`x.read(buf)`) or another path's function (`time::sleep(d)`): the scanner looks at plain and std paths.
const IN_ASYNC = /\b(?:fs|fs_err|File|TcpStream)::|thread::sleep|blocking::|(?<![.:]\s*)\b(?:read_to_string|read_dir|create_dir|create_dir_all|remove_file|remove_dir|remove_dir_all|copy|rename|metadata|canonicalize|hard_link|symlink_metadata|read_link|set_permissions|exists|read|write|sleep)\s*\(|\.(?:lock|read|write|output|status)\(\)/g;
// Evaluated by ast-grep, so only likely callees reach JavaScript: `fs::…`, `File::…`, `…::sleep`,
// `TcpStream::…`, `…blocking::…`, and std::fs functions imported by name.
const CALLEE_HINT = '(^|::)(fs|fs_err|File|sleep|TcpStream)(::|$)|blocking::|^(read|write|read_to_string|read_dir|create_dir|create_dir_all|remove_file|remove_dir|remove_dir_all|copy|rename|metadata|canonicalize|hard_link|symlink_metadata|read_link|set_permissions|exists|sleep)$';
const GUARD_HINT = '\\.\\s*(lock|read|write)\\s*\\(\\s*\\)\\s*\\.\\s*(unwrap|expect)';
const BOUNDARIES = new Set(['function_item', 'closure_expression', 'async_block']);
// std::process::Command methods that run the child to completion (tokio's return futures, which are awaited).
const PROCESS_RUNS = '^(output|status)$';
const COMMAND_NEW = 'std::process::Command::new';
const GUARD_METHODS = new Set(['lock', 'read', 'write']);
const UNWRAPS = new Set(['unwrap', 'expect', 'unwrap_or_else']);

/** The nearest enclosing function, closure or async block: code runs in its owner's context. */
function ownerOf(node: SgNode): SgNode | undefined {
  return node.ancestors().find((a) => BOUNDARIES.has(kindOf(a)));
}

// Methods that call their closure right away, on the caller's thread: iterator, Option and Result adapters.
const INLINE_CALLERS = new Set(['map', 'filter', 'filter_map', 'flat_map', 'for_each', 'try_for_each', 'any', 'all', 'find', 'find_map', 'position', 'fold', 'try_fold', 'inspect', 'take_while', 'skip_while', 'map_while', 'and_then', 'or_else', 'map_err', 'map_or', 'map_or_else', 'unwrap_or_else', 'ok_or_else', 'is_some_and', 'is_ok_and', 'retain', 'sort_by_key', 'max_by_key', 'min_by_key']);

/** Whether a closure is an argument of an inline adapter (`.map(|p| …)`), so its body runs where the call does. */
function calledInline(closure: SgNode): boolean {
  const args = closure.parent();
  const call = args && kindOf(args) === 'arguments' ? args.parent() : null;
  const callee = call && kindOf(call) === 'call_expression' ? call.field('function') : null;
  return !!callee && kindOf(callee) === 'field_expression' && INLINE_CALLERS.has(callee.field('field')?.text() ?? '');
}

/**
 * The body a call runs in: its owner, looking through non-async closures that an adapter calls
 * inline (`paths.iter().map(|p| std::fs::read(p))` in an async fn runs on the executor); closures
 * handed to anything else (`spawn_blocking`, `thread::spawn`) stay owners of their own.
 */
function runningOwner(node: SgNode): SgNode | undefined {
  let owner = ownerOf(node);
  while (owner && kindOf(owner) === 'closure_expression' && !/^async\b/.test(owner.text()) && calledInline(owner)) owner = ownerOf(owner);
  return owner;
}

/** How an owner reads in a message when it is async, else null. */
function asyncContext(owner: SgNode): string | null {
  const kind = kindOf(owner);
  if (kind === 'async_block') return 'an async block';
  if (kind === 'closure_expression') return /^async\b/.test(owner.text()) ? 'an async closure' : null;
  const modifiers = owner.children().find((c) => kindOf(c) === 'function_modifiers');
  return modifiers && /\basync\b/.test(modifiers.text()) ? `async fn \`${owner.field('name')?.text() ?? '?'}\`` : null;
}

/** This rule's idea of test code: a `#[…test]` function or a `#[cfg(test)]` module (not impls, not `cfg(any(test, …))`). */
function isTestAttributeOf(attribute: string, item: TestableItem): boolean {
  if (item === 'fn') return /(^#\[|::)\s*test\b|\btest\s*\]/.test(attribute);
  return item === 'mod' && /cfg\s*\(\s*test\s*\)/.test(attribute);
}

function inTestCode(owner: SgNode): boolean {
  for (const node of [owner, ...owner.ancestors()]) {
    const kind = kindOf(node);
    if (kind !== 'function_item' && kind !== 'mod_item') continue;
    for (let prev = node.prev(); prev && (kindOf(prev) === 'attribute_item' || kindOf(prev).endsWith('comment')); prev = prev.prev()) {
      if (isTestAttributeOf(prev.text(), kind === 'function_item' ? 'fn' : 'mod')) return true;
    }
  }
  return false;
}

/** `<recv>.lock().unwrap()` (also `read`/`write`, `expect`, `unwrap_or_else`): a std lock guard, since async locks return futures. */
function isStdGuard(value: SgNode): boolean {
  if (kindOf(value) !== 'call_expression') return false;
  const unwrap = value.field('function');
  if (unwrap?.kind() !== 'field_expression' || !UNWRAPS.has(unwrap.field('field')?.text() ?? '')) return false;
  const lock = unwrap.field('value');
  if (lock?.kind() !== 'call_expression' || (lock.field('arguments')?.text().replace(/\s/g, '') ?? '') !== '()') return false;
  const method = lock.field('function');
  return method?.kind() === 'field_expression' && GUARD_METHODS.has(method.field('field')?.text() ?? '');
}

/** The start of a method chain (`Command::new("git").arg("x")` → `Command::new("git")`). */
function chainStart(node: SgNode): SgNode {
  let current = node;
  for (;;) {
    const callee = kindOf(current) === 'call_expression' ? current.field('function') : null;
    const next = callee && kindOf(callee) === 'field_expression' ? callee.field('value') : kindOf(current) === 'reference_expression' || kindOf(current) === 'parenthesized_expression' ? current.children().find((c) => c.isNamed()) : null;
    if (!next) return current;
    current = next;
  }
}

/** Whether `receiver` is a std `Command` built in place, or a variable the enclosing function binds to one. */
function isStdCommand(receiver: SgNode, aliases: ReadonlyMap<string, string>): boolean {
  const isNew = (node: SgNode): boolean => {
    const start = chainStart(node);
    const callee = kindOf(start) === 'call_expression' ? start.field('function') : null;
    return !!callee && kindOf(callee) === 'scoped_identifier' && resolvePath(callee.text(), aliases) === COMMAND_NEW;
  };
  const start = chainStart(receiver);
  if (kindOf(start) !== 'identifier') return isNew(start);
  const fn = start.ancestors().find((a) => kindOf(a) === 'function_item');
  return !!fn?.findAll({ rule: { kind: 'let_declaration' } }).some((decl) => decl.field('pattern')?.text().replace(/^mut\s+/, '') === start.text() && !!decl.field('value') && isNew(decl.field('value')!));
}

export const scanner = defineScanner({
  tokens: ['fs::', 'fs_err', 'thread::sleep', 'std::{', 'TcpStream', 'blocking::', 'lock()', 'read()', 'write()', 'Command'],
  allTokens: ['async'],
  prefilter: (text, { lex, options, tokens }) => {
    if (!PREFILTER.test(text) || !matchesInAsync(IN_ASYNC, text, lex)) return false;
    if (options.tests === true) return true;
    // Test code is not reported unless the `tests` option says so: a match there is no reason to parse.
    const tests = testRegions(tokens(), isTestAttributeOf);
    return matchesInAsync(IN_ASYNC, text, lex, (at) => inRegions(tests, at));
  },
  scan(root, file) {
    const aliases = useAliases(root, 'std|reqwest|fs_err');
    const hits: Hit[] = [];
    const tests = new Map<number, number>();
    const isTest = (owner: SgNode): number => {
      let value = tests.get(owner.id());
      if (value === undefined) tests.set(owner.id(), (value = inTestCode(owner) ? 1 : 0));
      return value;
    };
    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: CALLEE_HINT } } })) {
      const callee = call.field('function');
      const calleeKind = callee ? kindOf(callee) : '';
      if (!callee || (calleeKind !== 'scoped_identifier' && calleeKind !== 'identifier' && calleeKind !== 'generic_function')) continue;
      const path = resolvePath(callee.text(), aliases);
      const kind = classifyBlockingCall(path);
      const owner = kind ? runningOwner(call) : undefined;
      const context = owner ? asyncContext(owner) : null;
      if (kind && owner && context) hits.push(hitAt(call, kind, { call: path, context, owner: owner.range().start.line + 1, test: isTest(owner) }));
    }
    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', kind: 'field_expression', has: { field: 'field', regex: PROCESS_RUNS } } } })) {
      const receiver = call.field('function')?.field('value');
      if (!receiver || call.parent()?.kind() === 'await_expression' || (call.field('arguments')?.text().replace(/\s/g, '') ?? '') !== '()') continue;
      const owner = runningOwner(call);
      const context = owner ? asyncContext(owner) : null;
      if (!owner || !context || !isStdCommand(receiver, aliases)) continue;
      const method = call.field('function')?.field('field')?.text() ?? 'output';
      hits.push(hitAt(call, 'process', { call: `std::process::Command::${method}`, context, owner: owner.range().start.line + 1, test: isTest(owner) }));
    }
    for (const decl of root.findAll({ rule: { kind: 'let_declaration', regex: GUARD_HINT } })) {
      const pattern = decl.field('pattern');
      const value = decl.field('value');
      if (!pattern || kindOf(pattern) !== 'identifier' || !value || !isStdGuard(value)) continue;
      const owner = ownerOf(decl);
      const context = owner ? asyncContext(owner) : null;
      if (!owner || !context) continue;
      const id = owner.id();
      const own = (node: SgNode): boolean => ownerOf(node)?.id() === id;
      const guard = pattern.text();
      let awaited: SgNode | undefined;
      for (const sibling of decl.nextAll()) {
        const candidates = kindOf(sibling) === 'await_expression' ? [sibling] : sibling.findAll({ rule: { kind: 'await_expression' } });
        awaited = candidates.find(own);
        if (awaited) break;
      }
      if (!awaited) continue;
      // Dropped or moved away (`drop(g)`, `f(g)`, `x = g;`, `return g`) before the await: not alive there.
      const between = file.text.slice(decl.range().end.index, awaited.range().start.index);
      if (new RegExp(`[(,]\\s*${guard}\\s*[,)]|=\\s*${guard}\\s*;|\\breturn\\s+${guard}\\b`).test(between)) continue;
      hits.push(hitAt(value, 'guard', { guard, context, owner: owner.range().start.line + 1, test: isTest(owner) }, [relatedAt(awaited, `awaited here while \`${guard}\` is alive`)]));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'async/blocking-in-async',
    description: 'blocking calls (std::fs and fs-err, std::thread::sleep, std::net connects, std::process::Command output/status, reqwest::blocking) and std lock guards held across .await inside async code',
    defaultSeverity: 'warning',
    options: z.object({
      /** Also report in tests, benches, examples, `#[cfg(test)]` modules and `#[…::test]` functions. */
      tests: z.boolean().default(false),
    }),
    messages: {
      fs: { message: '`{call}` blocks the executor thread inside {context}{more}', fix: 'Use the runtime\'s async file API (tokio::fs, async_fs, fs_err::tokio) or move the call into spawn_blocking.' },
      sleep: { message: '`{call}` blocks the executor thread inside {context}{more}', fix: 'Await the runtime\'s timer instead (tokio::time::sleep(…).await).' },
      net: { message: '`{call}` blocks the executor thread inside {context}{more}', fix: 'Use the runtime\'s async socket (tokio::net::TcpStream::connect(…).await).' },
      process: { message: '`{call}` waits for the child process and blocks the executor thread inside {context}{more}', fix: 'Use the runtime\'s process API (tokio::process::Command, async-process) and await it, or move the call into spawn_blocking.' },
      reqwest: { message: '`{call}` blocks the executor thread inside {context}{more} (and panics when called on a Tokio runtime thread)', fix: 'Use the async reqwest::Client and await it.' },
      guard: { message: 'the std lock guard `{guard}` is held across an `.await` in {context}{more}', fix: 'Drop the guard before awaiting (scope it in a block), or use an async mutex (tokio::sync::Mutex) if it must be held across .await.' },
    },
    since: '0.1.0',
  },
  scanner: { scanner, productOnly: (options) => options.tests !== true, appliesTo: (member) => dependsOn(member, ASYNC_RUNTIMES) },
  check({ hits, scan, report, options, workspace }) {
    const { tests } = options as { tests: boolean };
    // One finding per async body and kind, at its first hit; the others are related locations.
    const groups = new Map<string, FileHit[]>();
    const testPackages = new Map<Package, boolean>();
    // Examples, test support and xtask tooling: like tests, a blocked thread costs nothing there.
    const testPackage = (member: Package): boolean => {
      let value = testPackages.get(member);
      if (value === undefined) testPackages.set(member, (value = isExamplePackage(workspace, member) || isTestSupport(workspace, member) || isXtask(member)));
      return value;
    };
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      const testOnly = (file.kinds.size > 0 && ![...file.kinds].some((k) => k === 'lib' || k === 'bin')) || testPackage(file.member);
      if (!tests && (hit.data?.test === 1 || testOnly)) continue;
      const key = `${file.path}\0${hit.data?.owner}\0${hit.messageId}`;
      groups.set(key, [...(groups.get(key) ?? []), fileHit]);
    }
    for (const [first, ...rest] of groups.values()) {
      const { file, hit } = first!;
      const more = rest.length === 0 ? '' : ` (and ${rest.length} more ${rest.length === 1 ? 'place' : 'places'})`;
      report({
        messageId: hit.messageId,
        data: { call: String(hit.data?.call ?? ''), guard: String(hit.data?.guard ?? ''), context: String(hit.data?.context ?? ''), more, count: rest.length + 1 },
        location: scan.location(first!),
        related: [...scan.related(first!), ...rest.map((h) => ({ location: scan.location(h), message: h.hit.messageId === 'guard' ? `holds \`${String(h.hit.data?.guard)}\` across .await` : `blocks: \`${String(h.hit.data?.call)}\`` }))],
        member: file.member.name,
      });
    }
  },
});
