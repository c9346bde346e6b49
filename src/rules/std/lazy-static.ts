import { defineSourceRule } from '../../source/define-source-rule.js';
import { dependenciesOn, dependsOn } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { expandUse, resolvePath, useAliases } from '../../source/use-paths.js';
import { groupBy, inTestCode, ModuleChains, msrvAllows, unsuppressed } from '../errors/_shared.js';

const ID = 'std/lazy-static';

/** What std offers instead, and since which Rust release. */
export const STD_REPLACEMENTS: Record<string, { replacement: string; since: string }> = {
  'lazy_static!': { replacement: 'std::sync::LazyLock', since: '1.80' },
  'once_cell::sync::Lazy': { replacement: 'std::sync::LazyLock', since: '1.80' },
  'once_cell::unsync::Lazy': { replacement: 'std::cell::LazyCell', since: '1.80' },
  'once_cell::sync::OnceCell': { replacement: 'std::sync::OnceLock', since: '1.70' },
  'once_cell::unsync::OnceCell': { replacement: 'std::cell::OnceCell', since: '1.70' },
};

// `get_or_try_init` has no stable std counterpart: OnceCell users that call it must keep once_cell.
const FALLIBLE_INIT = 'get_or_try_init';

export const scanner = defineScanner({
  tokens: ['lazy_static', 'once_cell'],
  scan(root, file) {
    const hits: Hit[] = [];
    const fallible = file.text.includes(FALLIBLE_INIT);
    const push = (node: Parameters<typeof hitAt>[0], item: string): void => {
      if (fallible && item.endsWith('OnceCell')) return;
      if (inTestCode(node)) return;
      hits.push(hitAt(node, 'replace', { item, ...STD_REPLACEMENTS[item]! }));
    };
    for (const call of root.findAll({ rule: { kind: 'macro_invocation', has: { field: 'macro', regex: '(^|::)lazy_static$' } } })) {
      push(call, 'lazy_static!');
    }
    for (const decl of root.findAll({ rule: { kind: 'use_declaration', regex: 'once_cell' } })) {
      const arg = decl.field('argument');
      if (!arg) continue;
      const imported = new Map<string, string>();
      expandUse(arg.text(), imported);
      for (const path of new Set(imported.values())) if (Object.hasOwn(STD_REPLACEMENTS, path)) push(decl, path);
    }
    // Paths written out in code (`once_cell::sync::Lazy<T>`, `sync::OnceCell::new()` after `use once_cell::sync;`).
    const aliases = useAliases(root, 'once_cell');
    for (const path of root.findAll({ rule: { any: [{ kind: 'scoped_type_identifier' }, { kind: 'scoped_identifier' }], regex: '(Lazy|OnceCell)$' } })) {
      if (path.ancestors().some((a) => kindOf(a) === 'use_declaration')) continue;
      const full = resolvePath(path.text(), aliases);
      if (Object.hasOwn(STD_REPLACEMENTS, full)) push(path, full);
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: ID,
    description: '`lazy_static!` and once_cell\'s `Lazy`/`OnceCell` where std\'s `LazyLock`, `LazyCell`, `OnceLock` or `OnceCell` fit the member\'s rust-version',
    defaultSeverity: 'warning',
    messages: {
      replace: {
        message: '`{item}` can be `{replacement}` (stable since Rust {since}){more}',
        fix: 'Replace `{item}` with `{replacement}` and drop the dependency once no use is left.',
      },
      needsMsrv: {
        message: '`{item}` can be `{replacement}` once rust-version reaches {since} (it is {msrv}){more}',
        fix: 'When rust-version is at least {since}, replace `{item}` with `{replacement}`.',
      },
    },
    since: '0.1.0',
  },
  scanner: {
    scanner,
    productOnly: true,
    // lazy_static's `spin_no_std` feature means a no_std crate, where std's types do not exist.
    appliesTo: (member) => dependsOn(member, ['once_cell']) || dependenciesOn(member, ['lazy_static']).some((d) => !d.features.includes('spin_no_std')),
  },
  check({ hits, scan, report, workspace }) {
    const modules = new ModuleChains(workspace);
    const own = unsuppressed(scan, ID, hits).filter((h) => modules.product(h.file));
    for (const group of groupBy(own, (h) => `${h.file.path}\0${String(h.hit.data?.item)}`)) {
      const [first, ...rest] = group;
      const { file, hit } = first!;
      const since = String(hit.data?.since);
      const msrv = msrvAllows(workspace, file.member, since);
      const more = rest.length === 0 ? '' : ` (and ${rest.length} more in this file)`;
      report({
        messageId: msrv.ok ? 'replace' : 'needsMsrv',
        data: { item: String(hit.data?.item), replacement: String(hit.data?.replacement), since, msrv: msrv.msrv, more, count: group.length },
        location: scan.location(first!),
        related: rest.slice(0, 20).map((h) => ({ location: scan.location(h), message: `\`${String(h.hit.data?.item)}\`` })),
        member: file.member.name,
        crate: String(hit.data?.item).startsWith('once_cell') ? 'once_cell' : 'lazy_static',
        ...(msrv.ok ? {} : { severity: 'note' as const }),
      });
    }
  },
});
