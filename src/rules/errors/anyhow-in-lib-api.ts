import type { SgNode } from '@ast-grep/napi';
import * as z from 'zod';
import { defineSourceRule } from '../../source/define-source-rule.js';
import type { Package } from '../../project/model.js';
import { dependsOn } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { resolvePath, useAliases } from '../../source/use-paths.js';
import { groupBy, inPublicInlineModules, inTestCode, isProcMacro, isPub, isTestSupport, isXtask, ModuleChains, rustLibrary, unsuppressed } from './_shared.js';

const ID = 'errors/anyhow-in-lib-api';
const ANYHOW_TYPES = new Set(['anyhow::Result', 'anyhow::Error']);

/** Whether a function is part of its crate's API as written: `pub` outside trait impls, or any fn of a `pub trait`. */
function isPublicFn(fn: SgNode): boolean {
  const list = fn.parent();
  const owner = list && kindOf(list) === 'declaration_list' ? list.parent() : null;
  if (owner && kindOf(owner) === 'trait_item') return isPub(owner);
  if (owner && kindOf(owner) === 'impl_item' && owner.field('trait')) return false;
  return isPub(fn);
}

/** How many type arguments a `generic_type` node has (`Result<T, E>` → 2); 0 for anything else. */
function typeArgumentCount(node: SgNode | null): number {
  if (!node || kindOf(node) !== 'generic_type') return 0;
  const args = node.field('type_arguments');
  return args ? args.children().filter((c) => c.isNamed() && kindOf(c) !== 'lifetime' && !kindOf(c).endsWith('comment')).length : 0;
}

/**
 * A package that is a library and nothing else: packages with a binary are applications whose
 * library is their own internals (`cargo`, `sqlx-cli`), a `cdylib`-only library has no Rust
 * callers, and xtask crates are build tooling.
 */
function isLibraryPackage(member: Package): boolean {
  return rustLibrary(member) !== undefined && !isProcMacro(member) && !member.targets.some((t) => t.kind === 'bin') && !isXtask(member);
}

export const scanner = defineScanner({
  tokens: ['anyhow'],
  scan(root) {
    const hits: Hit[] = [];
    const aliases = useAliases(root, 'anyhow');
    // Local names of anyhow's types: imports (`use anyhow::Result;`, `as`) and type aliases in this file.
    const local = new Map<string, string>();
    for (const [name, path] of aliases) if (ANYHOW_TYPES.has(path)) local.set(name, path);
    const anyhowIn = (node: SgNode): { node: SgNode; type: string } | undefined => {
      for (const t of node.findAll({ rule: { any: [{ kind: 'scoped_type_identifier' }, { kind: 'type_identifier' }] } })) {
        const parent = t.parent();
        if (kindOf(t) === 'type_identifier' && parent && kindOf(parent) === 'scoped_type_identifier') continue;
        const type = kindOf(t) === 'type_identifier' ? local.get(t.text()) : resolvePath(t.text(), aliases);
        if (!type || !ANYHOW_TYPES.has(type)) continue;
        // `anyhow::Result<T, E>` with its error type spelled out is `Result<T, E>`: no anyhow error in it.
        if (type === 'anyhow::Result' && typeArgumentCount(parent) >= 2) continue;
        return { node: t, type };
      }
      return undefined;
    };
    for (const alias of root.findAll({ rule: { kind: 'type_item' } })) {
      const name = alias.field('name')?.text();
      const value = alias.field('type');
      const found = value ? anyhowIn(value) : undefined;
      if (name && found) local.set(name, found.type);
    }
    for (const fn of root.findAll({ rule: { any: [{ kind: 'function_item' }, { kind: 'function_signature_item' }] } })) {
      if (!isPublicFn(fn) || !inPublicInlineModules(fn) || inTestCode(fn)) continue;
      // Only what the function returns: an anyhow error among the parameters (`err: anyhow::Error`,
      // a callback returning `anyhow::Result`) is one the caller hands in, not one it must match on.
      const returned = fn.field('return_type');
      const found = returned ? anyhowIn(returned) : undefined;
      if (!found) continue;
      hits.push(hitAt(found.node, 'api', { fn: fn.field('name')?.text() ?? '?', type: found.type, written: found.node.text().replace(/\s+/g, '') }));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: ID,
    description: '`anyhow::Result`/`anyhow::Error` in the public API of a library crate, where callers need error types they can match on',
    defaultSeverity: 'warning',
    options: z.object({
      /** Also report libraries with `publish = false` (internal crates of an application, where anyhow is often fine). */
      unpublished: z.boolean().default(false),
    }),
    messages: {
      api: {
        message: 'public `fn {fn}` of library {member} exposes `{type}`{more}: callers cannot match on the error or tell its cases apart',
        fix: 'Define a `#[derive(thiserror::Error)]` enum (or struct) for the library\'s errors and return it; keep anyhow for binaries and tests.',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member, gate) => isLibraryPackage(member) && !isTestSupport(gate.workspace, member) && dependsOn(member, ['anyhow'], ['normal']) },
  check({ hits, scan, report, options, workspace }) {
    const { unpublished } = options as { unpublished: boolean };
    const modules = new ModuleChains(workspace);
    const own = unsuppressed(scan, ID, hits).filter(({ file }) => (unpublished || file.member.publish !== false) && modules.library(file) && modules.reachable(file));
    for (const group of groupBy(own, (h) => h.file.path)) {
      const [first, ...rest] = group;
      const { file, hit } = first!;
      report({
        messageId: 'api',
        data: { fn: String(hit.data?.fn), type: String(hit.data?.type), member: file.member.name, count: group.length, more: rest.length === 0 ? '' : ` (and ${rest.length} more in this file)` },
        location: scan.location(first!),
        related: rest.slice(0, 20).map((h) => ({ location: scan.location(h), message: `\`fn ${String(h.hit.data?.fn)}\` exposes \`${String(h.hit.data?.type)}\`` })),
        member: file.member.name,
        crate: 'anyhow',
      });
    }
  },
});
