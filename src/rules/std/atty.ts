import { defineSourceRule } from '../../source/define-source-rule.js';
import { dependsOn } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { resolvePath, useAliases } from '../../source/use-paths.js';
import { inTestCode, ModuleChains, msrvAllows, oneLine } from '../errors/_shared.js';

/** `std::io::IsTerminal` is stable since this release. */
const SINCE = '1.70';
const STREAMS: Record<string, string> = { Stdout: 'stdout', Stderr: 'stderr', Stdin: 'stdin' };

export const scanner = defineScanner({
  tokens: ['atty'],
  scan(root) {
    const hits: Hit[] = [];
    const aliases = useAliases(root, 'atty');
    // Callees named `is`/`isnt`, or imported under another name (`use atty::is as tty;`).
    const names = ['is', 'isnt', ...[...aliases].filter(([, path]) => path === 'atty::is' || path === 'atty::isnt').map(([name]) => name)];
    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: `(^|::)(${names.join('|')})$` } } })) {
      const callee = call.field('function');
      if (!callee || (kindOf(callee) !== 'scoped_identifier' && kindOf(callee) !== 'identifier')) continue;
      const path = resolvePath(callee.text(), aliases);
      if (path !== 'atty::is' && path !== 'atty::isnt') continue;
      if (inTestCode(call)) continue;
      const argument = call.field('arguments')?.children().find((c) => c.isNamed())?.text() ?? '';
      const stream = STREAMS[argument.replace(/\s+/g, '').split('::').pop() ?? ''] ?? 'stdout';
      const replacement = `${path === 'atty::isnt' ? '!' : ''}std::io::${stream}().is_terminal()`;
      hits.push(hitAt(call, 'atty', { call: oneLine(call.text()), replacement }));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'std/atty',
    description: '`atty::is` (unmaintained, RUSTSEC-2024-0375) where `std::io::IsTerminal` fits the member\'s rust-version',
    defaultSeverity: 'warning',
    messages: {
      atty: {
        message: '`{call}` can be `{replacement}` (`std::io::IsTerminal`, stable since Rust 1.70); atty is unmaintained',
        fix: 'Write `{replacement}` with `use std::io::IsTerminal;` and remove the atty dependency.',
      },
      needsMsrv: {
        message: '`{call}` can be `{replacement}` once rust-version reaches 1.70 (it is {msrv}); atty is unmaintained',
        fix: 'Raise rust-version to 1.70 and write `{replacement}` with `use std::io::IsTerminal;`, or use the is-terminal crate meanwhile.',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member) => dependsOn(member, ['atty']), productOnly: true },
  check({ hits, scan, report, workspace }) {
    const modules = new ModuleChains(workspace);
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      if (!modules.product(file)) continue;
      const msrv = msrvAllows(workspace, file.member, SINCE);
      report({
        messageId: msrv.ok ? 'atty' : 'needsMsrv',
        data: { call: String(hit.data?.call), replacement: String(hit.data?.replacement), msrv: msrv.msrv },
        location: scan.location(fileHit),
        member: file.member.name,
        crate: 'atty',
        ...(msrv.ok ? {} : { severity: 'note' as const }),
      });
    }
  },
});
