import type { SgNode } from '@ast-grep/napi';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { resolvePath, useAliases } from '../../source/use-paths.js';
import { groupBy, inTestCode, isExamplePackage, isTestSupport, oneLine, unsuppressed } from './_shared.js';

const ID = 'errors/env-var-unwrap';
const ENV_READS = new Set(['std::env::var', 'std::env::var_os']);

/** `std::env::var(…)` (through imports; a bare `env::var` with no import counts as std's) as a full path, else null. */
function envRead(call: SgNode, aliases: ReadonlyMap<string, string>): string | null {
  const callee = call.field('function');
  if (!callee || (kindOf(callee) !== 'scoped_identifier' && kindOf(callee) !== 'identifier')) return null;
  const path = resolvePath(callee.text(), aliases);
  if (ENV_READS.has(path)) return path;
  return !aliases.has('env') && (path === 'env::var' || path === 'env::var_os') ? `std::${path}` : null;
}

export const scanner = defineScanner({
  tokens: ['var'],
  allTokens: ['main', 'env'],
  prefilter: (text) => /\bfn\s+main\b/.test(text) && /\bvar(?:_os)?\s*\(/.test(text),
  scan(root) {
    const topLevel = root.children().filter((c) => kindOf(c) === 'function_item');
    if (!topLevel.some((fn) => fn.field('name')?.text() === 'main')) return [];
    const aliases = useAliases(root, 'env');
    const hits: Hit[] = [];
    for (const fn of topLevel) {
      if (inTestCode(fn)) continue;
      for (const call of fn.findAll({ rule: { kind: 'call_expression', has: { field: 'function', kind: 'field_expression', has: { field: 'field', regex: '^(unwrap|expect)$' } } } })) {
        const receiver = call.field('function')?.field('value');
        if (!receiver || kindOf(receiver) !== 'call_expression') continue;
        const read = envRead(receiver, aliases);
        if (!read) continue;
        const argument = receiver.field('arguments')?.children().find((c) => c.isNamed());
        const written = oneLine(argument?.text() ?? '', 40);
        const variable = argument && kindOf(argument) === 'string_literal' ? written.slice(1, -1) : written;
        const method = call.field('function')?.field('field')?.text() ?? 'unwrap';
        // `.expect("DATABASE_URL must be set")`: the panic names the variable, so only its form is wrong.
        const message = method === 'expect' ? call.field('arguments')?.children().find((c) => c.isNamed()) : undefined;
        const named = !!message && kindOf(message) === 'string_literal' && variable !== written && message.text().includes(variable);
        hits.push(hitAt(receiver, named ? 'expectNamed' : 'unwrap', { call: read, argument: written, variable, method, fn: fn.field('name')?.text() ?? '?' }));
      }
    }
    return hits;
  },
});

/** How the method call reads in a message: `unwrap()`, `expect(…)`. */
const written = (method: string): string => (method === 'expect' ? 'expect(…)' : `${method}()`);

export default defineSourceRule({
  meta: {
    id: ID,
    description: '`std::env::var(…).unwrap()` or `.expect(…)` in a binary\'s `main` (or the top-level functions of its file): a missing variable panics instead of saying what to set',
    defaultSeverity: 'warning',
    messages: {
      unwrap: {
        message: '`{call}({argument}).{unwrap}` in `fn {fn}` panics when {variable} is unset, with a panic report instead of an error that says what to set{more}',
        fix: 'Return an error that names the variable, e.g. `{call}({argument}).context("{variable} must be set")?` with anyhow (or `map_err` into your error type), or fall back to a default with `unwrap_or_else`.',
      },
      expectNamed: {
        message: '`{call}({argument}).expect(…)` in `fn {fn}` panics when {variable} is unset: the message names the variable, but the program ends with a panic report and exit code 101{more}',
        fix: 'Return the error instead, e.g. `{call}({argument}).context("{variable} must be set")?` with anyhow (or `map_err` into your error type), from a `main` that returns `Result`.',
      },
    },
    since: '0.1.0',
  },
  // Test-support packages' binaries (wasmtime's test-programs) read variables that their harness always sets.
  scanner: { scanner, appliesTo: (member, gate) => member.targets.some((t) => t.kind === 'bin') && !isTestSupport(gate.workspace, member) },
  check({ hits, scan, report, workspace }) {
    const own = unsuppressed(scan, ID, hits).filter(({ file }) => file.member.targets.some((t) => t.kind === 'bin' && t.srcPath === file.path) && !isExamplePackage(workspace, file.member));
    // One finding per file and kind: a file whose every call names its variable is a note.
    for (const group of groupBy(own, (h) => `${h.file.path}\0${h.hit.messageId}`)) {
      const [first, ...rest] = group;
      const { file, hit } = first!;
      const named = hit.messageId === 'expectNamed';
      report({
        messageId: hit.messageId,
        data: { call: String(hit.data?.call), argument: String(hit.data?.argument), variable: String(hit.data?.variable), method: String(hit.data?.method), unwrap: written(String(hit.data?.method)), fn: String(hit.data?.fn), count: group.length, more: rest.length === 0 ? '' : ` (and ${rest.length} more in this file)` },
        location: scan.location(first!),
        related: rest.slice(0, 20).map((h) => ({ location: scan.location(h), message: `\`${String(h.hit.data?.call)}(${String(h.hit.data?.argument)}).${written(String(h.hit.data?.method))}\`` })),
        member: file.member.name,
        ...(named ? { severity: 'note' as const } : {}),
      });
    }
  },
});
