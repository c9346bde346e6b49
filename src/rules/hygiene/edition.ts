import * as z from 'zod';
import { defineRule } from '../../engine/define-rule.js';
import { isTable, locate } from '../../project/manifest.js';
import type { Location } from '../../project/location.js';
import type { Package } from '../../project/model.js';
import { GROUP_MEMBERS_AT, isAuxiliaryMember, listNames, manifestAt } from './_shared.js';

/** What `cargo fix --edition` cannot decide alone, per edition step (from the Rust edition guide). */
const CHANGES: Record<string, string> = {
  '2018': '2018: `crate::` paths, `dyn Trait`, `async`/`await` keywords',
  '2021': '2021: disjoint closure captures, `array.into_iter()`, prelude additions, `panic!` format strings, resolver 2',
  '2024':
    '2024: RPIT lifetime capture, `if let` and tail-expression temporary scopes, `unsafe extern` and unsafe attributes, `static mut` references, never-type fallback, unsafe `std::env::set_var`, the `gen` keyword, resolver 3',
};
const EDITIONS = ['2015', '2018', '2021', '2024'];
/** Several members on the same old edition: one migration for all of them. */
const MANY_FIX = 'Run `cargo fix --edition --workspace` once per step ({path}), set the new edition after each (or inherit it: `edition.workspace = true`), and review what it cannot fix — {changes}.';
/** Edition 2024 is stable since Rust 1.85.0 (2025-02-20). */
const EDITION_2024_RUST = [1, 85];

function stepsFrom(edition: string): string[] {
  return EDITIONS.slice(EDITIONS.indexOf(edition) + 1);
}

function tooOldFor2024(rustVersion: string | null): rustVersion is string {
  if (!rustVersion) return false;
  const [major = 0, minor = 0] = rustVersion.split('.').map(Number);
  const [needMajor = 1, needMinor = 85] = EDITION_2024_RUST;
  return major < needMajor || (major === needMajor && minor < needMinor);
}

/** `; rust-version 1.74 must rise to 1.85` when the MSRV is too old for edition 2024. */
function msrvNote(members: readonly Package[]): string {
  const old = [...new Set(members.map((m) => m.rustVersion).filter(tooOldFor2024))];
  return old.length === 0 ? '' : `; rust-version ${old.join(', ')} must rise to 1.85`;
}

function dataFor(edition: string): { edition: string; path: string; changes: string } {
  const steps = stepsFrom(edition);
  return {
    edition,
    path: [edition, ...steps].join(' → '),
    changes: steps.map((s) => CHANGES[s]).join('; '),
  };
}

export default defineRule<{ respectRustVersion: boolean }>({
  meta: {
    id: 'hygiene/edition',
    description: 'members on an edition older than 2024 (stable since Rust 1.85, 2025-02-20)',
    defaultSeverity: 'note',
    requires: [],
    messages: {
      outdated: {
        message: '{member} uses edition {edition}; edition 2024 is stable since Rust 1.85 (2025-02-20){msrvNote}',
        fix: 'Run `cargo fix --edition` once per step ({path}), set the new edition after each, and review what it cannot fix — {changes}.',
      },
      missing: {
        message: '{member} sets no edition, so Cargo builds it as edition 2015; edition 2024 is stable since Rust 1.85 (2025-02-20){msrvNote}',
        fix: 'Run `cargo fix --edition` once per step ({path}), set the new edition after each, and review what it cannot fix — {changes}.',
      },
      outdatedMany: {
        message: '{count} members set edition {edition} themselves ({members}); edition 2024 is stable since Rust 1.85 (2025-02-20){msrvNote}',
        fix: MANY_FIX,
      },
      missingMany: {
        message: '{count} members set no edition ({members}), so Cargo builds them as edition 2015; edition 2024 is stable since Rust 1.85 (2025-02-20){msrvNote}',
        fix: MANY_FIX,
      },
      inherited: {
        message: '[workspace.package] sets edition {edition}, inherited by {members}; edition 2024 is stable since Rust 1.85 (2025-02-20){msrvNote}',
        fix: 'Run `cargo fix --edition --workspace` once per step ({path}), raise the edition here after each, and review what it cannot fix — {changes}.',
      },
    },
    options: z.object({
      /** Skip members whose `rust-version` is older than 1.85: their MSRV policy rules edition 2024 out. */
      respectRustVersion: z.boolean().default(true),
    }),
    since: '0.1.0',
  },
  check({ workspace, options, report }) {
    const inheriting: { member: Package; location: Location }[] = [];
    // Members that write their own old edition (or none), by message and edition.
    const ownEditions = new Map<string, { member: Package; location: Location }[]>();
    const held = (m: Package): boolean => options.respectRustVersion && tooOldFor2024(m.rustVersion);
    // Test, bench and example members of libraries held back by their MSRV follow those libraries.
    const policyHeldBack = workspace.members.some((m) => m.edition !== '2024' && held(m));
    for (const member of workspace.members) {
      if (!EDITIONS.includes(member.edition) || member.edition === '2024' || held(member)) continue;
      if (policyHeldBack && isAuxiliaryMember(workspace, member)) continue;
      const manifest = manifestAt(member.manifestPath);
      const table = manifest && isTable(manifest.doc.package) ? 'package' : 'project';
      const own = manifest?.doc[table];
      const written = isTable(own) ? own.edition : undefined;
      const location = manifest && written !== undefined ? locate(manifest, [table, 'edition']) : member.location;
      if (isTable(written) && written.workspace === true) {
        inheriting.push({ member, location });
        continue;
      }
      const key = `${written === undefined ? 'missing' : 'outdated'}:${member.edition}`;
      ownEditions.set(key, [...(ownEditions.get(key) ?? []), { member, location }]);
    }
    for (const [key, list] of ownEditions) {
      const [head, ...rest] = list as [{ member: Package; location: Location }, ...{ member: Package; location: Location }[]];
      const missing = key.startsWith('missing');
      if (list.length >= GROUP_MEMBERS_AT) {
        report({
          messageId: missing ? 'missingMany' : 'outdatedMany',
          data: { count: list.length, members: listNames(list.map((i) => i.member.name)), msrvNote: msrvNote(list.map((i) => i.member)), ...dataFor(head.member.edition) },
          location: head.location,
          related: rest.map((i) => ({ location: i.location, message: `${i.member.name} ${missing ? 'sets no edition' : `sets edition ${i.member.edition}`}` })),
        });
        continue;
      }
      for (const { member, location } of list) {
        report({
          messageId: missing ? 'missing' : 'outdated',
          data: { member: member.name, msrvNote: msrvNote([member]), ...dataFor(member.edition) },
          location,
          member: member.name,
        });
      }
    }
    const [first] = inheriting;
    if (!first) return;
    const root = manifestAt(workspace.rootManifestPath);
    const names = inheriting.map((i) => i.member.name);
    report({
      messageId: 'inherited',
      data: { count: names.length, members: names.length === 1 ? names[0]! : `${names.length} members (${listNames(names)})`, msrvNote: msrvNote(inheriting.map((i) => i.member)), ...dataFor(first.member.edition) },
      location: root ? locate(root, ['workspace', 'package', 'edition']) : first.location,
      related: inheriting.map((i) => ({ location: i.location, message: `${i.member.name} inherits it` })),
    });
  },
});
