import { relative, sep } from 'node:path';
import type { SgNode } from '@ast-grep/napi';
import type { Dependency, Package } from '../../project/model.js';
import type { SourceFile } from '../../source/service.js';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { dependenciesOn } from '../../source/gates.js';
import { defineScanner, hitAt, inRegions, kindOf, matchesOutsideCommentLines, type Hit } from '../../source/scanner.js';
import { testRegions } from '../../source/test-code.js';
import { attributesOf, groupBy, inTestCode, isTestSupport, ModuleChains, rustLibrary, TEST_SUPPORT_NAME, unsuppressed } from '../errors/_shared.js';

const ID = 'logging/print-in-lib';
const LOGGERS = ['tracing', 'log'];
const MACROS = '^(?:(?:::)?std::)?(println|eprintln|print|eprint|dbg)$';
const PRINTS = /\b(?:e?print(?:ln)?|dbg)!/g;
const ALLOWS_PRINTS = /clippy::(?:print_std|dbg_macro)/g;

/** The clippy lint that would report each macro: code that allows it prints on purpose. */
const LINTS: Record<string, string> = { println: 'print_stdout', print: 'print_stdout', eprintln: 'print_stderr', eprint: 'print_stderr', dbg: 'dbg_macro' };
const NO_LOGGER = /\bnot\s*\(\s*feature\s*=\s*"(?:tracing|log)"/;
const FATAL = /\babort\s*\(\s*\)|\bprocess::exit\s*\(/;
const ALLOWS = /\b(?:allow|expect)\s*\(([^)]*)\)/g;
// Functions whose job is printing, by their name (`print_help`, `print_stats`, `dump_tree`).
const PRINTING_FN = /^(?:e?print|dump)(?:_|$)/;
// A function that reads the terminal (or flushes stdout/stderr for it) is an interactive prompt: its prints are the UI.
const INTERACTIVE = /\bstdin\s*\(|\.read_line\s*\(|\bevent::read\s*\(|\b(?:stdout|stderr)\b[\s\S]*\.flush\s*\(/;

/** The clippy print lints an attribute allows (`#[allow(clippy::print_stdout)]`, `#[expect(…)]`, inside `cfg_attr` too). */
function allowedLints(attribute: string): string[] {
  const out: string[] = [];
  for (const m of attribute.matchAll(ALLOWS)) for (const lint of m[1]!.matchAll(/clippy::(print_stdout|print_stderr|dbg_macro)\b/g)) out.push(lint[1]!);
  return out;
}

export const scanner = defineScanner({
  tokens: ['print', 'dbg!'],
  // Doc examples and tests print a lot: a match on a comment line or in test code is no reason to parse.
  prefilter: (text, { tokens }) => {
    // An allowed lint counts wherever it is (the scanner reports every inner `allow`).
    if (matchesOutsideCommentLines(ALLOWS_PRINTS, text)) return true;
    if (!matchesOutsideCommentLines(PRINTS, text)) return false;
    const tests = testRegions(tokens());
    return matchesOutsideCommentLines(PRINTS, text, (at) => inRegions(tests, at));
  },
  scan(root) {
    const hits: Hit[] = [];
    // Inner attributes allow a lint for their whole module (the crate, in its root file).
    const fileAllows = new Set<string>();
    for (const inner of root.findAll({ rule: { kind: 'inner_attribute_item', regex: 'clippy::(print_std|dbg_macro)' } })) {
      const lints = allowedLints(inner.text());
      for (const lint of lints) fileAllows.add(lint);
      if (lints.length > 0) hits.push(hitAt(inner, 'allowed', { lints: lints.join(',') }));
    }
    const interactive = new Map<number, boolean>();
    const isInteractive = (fn: SgNode): boolean => {
      let value = interactive.get(fn.id());
      if (value === undefined) interactive.set(fn.id(), (value = INTERACTIVE.test(fn.field('body')?.text() ?? '')));
      return value;
    };
    for (const call of root.findAll({ rule: { kind: 'macro_invocation', has: { field: 'macro', regex: MACROS } } })) {
      const name = call.field('macro')?.text().replace(/^.*::/, '') ?? 'println';
      const lint = LINTS[name] ?? 'print_stdout';
      if (fileAllows.has(lint) || inTestCode(call)) continue;
      // Printing is the function's job (`fn print_help`), or the function talks with the user at the terminal.
      const fn = call.ancestors().find((a) => kindOf(a) === 'function_item');
      if (name !== 'dbg' && fn && (PRINTING_FN.test(fn.field('name')?.text() ?? '') || isInteractive(fn))) continue;
      // Printing on purpose: the lint is allowed, or the code is the fallback for builds without the logger.
      if ([call, ...call.ancestors()].some((n) => attributesOf(n).some((a) => allowedLints(a.text()).includes(lint) || NO_LOGGER.test(a.text())))) continue;
      // Last words before the process dies: a logger may not flush, or not be safe to call (signal handlers).
      const block = call.ancestors().find((a) => kindOf(a) === 'block');
      if (block && FATAL.test(block.text())) continue;
      // `println!("cargo:…")` talks to Cargo from build-script helpers; it is not a log line.
      if (/^[({[]\s*"cargo:/.test(call.children().find((c) => kindOf(c) === 'token_tree')?.text() ?? '')) continue;
      hits.push(hitAt(call, name === 'dbg' ? 'dbg' : 'print', { macro: `${name}!`, lint }));
    }
    return hits;
  },
});

// Logging implementations print when no logger is set up, and test harnesses print their reports:
// files and crates named for either.
const LOGGING_NAME = /(?:^|[-_])(?:log|logs|logger|logging|trace|tracing)(?:$|[-_])/;

/** Whether a module on the file's path is named for logging or test support (`src/logging.rs`, `src/testing/mod.rs`). */
function namedForLoggingOrTests(file: SourceFile): boolean {
  return relative(file.member.dir, file.path)
    .split(sep)
    .some((segment) => {
      const name = segment.replace(/\.rs$/, '');
      return LOGGING_NAME.test(name) || TEST_SUPPORT_NAME.test(name);
    });
}

/**
 * A library and nothing else: the library of a package with a binary is the application's own
 * code, which prints on purpose, and so is a `cdylib`-only library (a Node or Python extension).
 */
function isLibraryPackage(member: Package): boolean {
  return rustLibrary(member) !== undefined && !member.targets.some((t) => t.kind === 'bin') && !LOGGING_NAME.test(member.name);
}

/** Whether the default features turn on an optional dependency (`dep:x`, `x`, `x/feature`, through other features). */
function enabledByDefault(member: Package, dep: Dependency): boolean {
  const key = dep.rename ?? dep.name;
  const seen = new Set<string>();
  const pending = ['default'];
  while (pending.length > 0) {
    const feature = pending.pop()!;
    if (seen.has(feature)) continue;
    seen.add(feature);
    for (const entry of member.features[feature] ?? []) {
      if (entry === `dep:${key}` || entry === key || entry.startsWith(`${key}/`)) return true;
      if (!entry.includes(':') && !entry.includes('/')) pending.push(entry);
    }
  }
  return false;
}

/**
 * The logger the member logs with in a default build: a `tracing` or `log` dependency that is not
 * optional, or that the default features turn on. Behind an opt-in feature the crate does not log
 * by default, and printing is its only output.
 */
function loggerOf(member: Package): string | undefined {
  return dependenciesOn(member, LOGGERS, ['normal']).find((d) => !d.optional || enabledByDefault(member, d))?.name;
}

export default defineSourceRule({
  meta: {
    id: ID,
    description: '`println!`, `eprintln!` and `dbg!` in the library code of a crate that already logs with tracing or log',
    defaultSeverity: 'note',
    messages: {
      print: {
        message: '`{macro}` in library code of {member}, which logs with {logger}{more}: the output skips its levels, filters and subscribers',
        fix: 'Use `{logger}::info!`/`debug!`/`warn!` (or return the text to the caller) instead of printing.',
      },
      dbg: {
        message: '`dbg!` left in library code of {member}{more}: it prints to stderr in every build that uses the crate',
        fix: 'Remove the `dbg!`, or log the value with `{logger}::debug!`.',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, productOnly: true, appliesTo: (member, gate) => isLibraryPackage(member) && !isTestSupport(gate.workspace, member) && loggerOf(member) !== undefined },
  check({ hits, scan, report, workspace }) {
    const modules = new ModuleChains(workspace);
    // Lints allowed by a crate root's inner attributes hold for the whole crate.
    const crateAllows = new Set(hits.filter((h) => h.hit.messageId === 'allowed' && h.file.targets.some((t) => t.kind === 'lib' && t.srcPath === h.file.path)).flatMap((h) => String(h.hit.data?.lints).split(',').map((l) => `${h.file.member.manifestPath}\0${l}`)));
    const own = unsuppressed(scan, ID, hits).filter(({ file, hit }) => hit.messageId !== 'allowed' && !crateAllows.has(`${file.member.manifestPath}\0${String(hit.data?.lint)}`) && !namedForLoggingOrTests(file) && modules.library(file));
    for (const group of groupBy(own, (h) => `${h.file.path}\0${h.hit.messageId}`)) {
      const [first, ...rest] = group;
      const { file, hit } = first!;
      const logger = loggerOf(file.member)!;
      report({
        messageId: hit.messageId,
        data: { macro: String(hit.data?.macro), member: file.member.name, logger, count: group.length, more: rest.length === 0 ? '' : ` (and ${rest.length} more in this file)` },
        location: scan.location(first!),
        related: rest.slice(0, 20).map((h) => ({ location: scan.location(h), message: `\`${String(h.hit.data?.macro)}\`` })),
        member: file.member.name,
        crate: logger,
      });
    }
  },
});
