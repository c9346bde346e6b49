import { defineSourceRule } from '../../source/define-source-rule.js';
import { identsOf } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { isTestSupport, rustLibrary } from '../errors/_shared.js';

/** Packages with a `#[<crate>::main]` attribute macro that builds a runtime around `main`. */
const RUNTIME_MAIN_CRATES = ['tokio', 'tokio-macros', 'async-std', 'async-attributes', 'smol-potat', 'actix-web', 'actix-rt', 'actix-macros', 'ntex', 'compio', 'compio-macros', 'monoio', 'embassy-executor', 'pollster', 'glommio', 'tokio-uring'];

const MAIN_ATTRIBUTE = /^\s*(?:::\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*::\s*main\b/;

export const scanner = defineScanner({
  tokens: ['::main'],
  scan(root) {
    const hits: Hit[] = [];
    for (const item of root.findAll({ rule: { kind: 'attribute_item', regex: '::\\s*main' } })) {
      const attr = item.find({ rule: { kind: 'attribute' } });
      const m = attr ? MAIN_ATTRIBUTE.exec(attr.text()) : null;
      if (!attr || !m) continue;
      let next = item.next();
      while (next && (kindOf(next) === 'attribute_item' || kindOf(next).endsWith('comment'))) next = next.next();
      const fn = next?.kind() === 'function_item' ? (next.field('name')?.text() ?? 'main') : 'main';
      hits.push(hitAt(item, 'main', { root: m[1]!, attribute: attr.text().replace(/\s+/g, ' ').slice(0, 80), fn }));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'async/runtime-main-in-lib',
    description: '`#[tokio::main]` or another runtime\'s main macro in a library target: the application, not the library, picks the runtime',
    defaultSeverity: 'warning',
    messages: {
      main: {
        message: '`#[{attribute}]` on `{fn}` in the library of {member} starts a {runtime} runtime inside a library: it picks the runtime for every application, and calling `{fn}` from async code panics (a runtime cannot start inside another)',
        fix: 'Move `{fn}` to a binary target (src/main.rs or src/bin/) and let the library expose async functions that the application awaits on its own runtime.',
      },
    },
    since: '0.1.0',
  },
  // A cdylib-only library is an application (a Node or Python extension); a test-support library serves the workspace's tests.
  scanner: { scanner, appliesTo: (member, gate) => rustLibrary(member) !== undefined && !isTestSupport(gate.workspace, member) },
  check({ hits, scan, report }) {
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      // Only files that belong to the library and to no binary (a file both include is ambiguous).
      if (!file.kinds.has('lib') || file.kinds.has('bin')) continue;
      const runtime = identsOf(file.member, RUNTIME_MAIN_CRATES).get(String(hit.data?.root));
      if (!runtime) continue;
      report({
        messageId: 'main',
        data: { attribute: String(hit.data?.attribute), fn: String(hit.data?.fn), member: file.member.name, runtime },
        location: scan.location(fileHit),
        member: file.member.name,
        crate: runtime,
      });
    }
  },
});
