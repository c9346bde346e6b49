import * as z from 'zod';
import { defineRule } from '../../engine/define-rule.js';
import type { Location } from '../../project/location.js';
import { compareLower, isExampleMember, listNames, overlaps, reqRange, sharedDeclarationKeys, sourceKey, type ReqRange } from './_shared.js';

/** One place that states a requirement: a member's own declaration or a `[workspace.dependencies]` entry. */
interface Requirement {
  req: string;
  range: ReqRange;
  /** Who asks for it: a member name, or `[workspace.dependencies]`. */
  owner: string;
  location: Location;
  /** Declared under another key (`package = "…"`), which is how one depends on two versions on purpose. */
  renamed: boolean;
}

const WORKSPACE_OWNER = '[workspace.dependencies]';

/** "`^1.0.100` (a, b) · `^1.0.200` (c)" — each requirement once, oldest first, with who asks for it. */
function describe(requirements: readonly Requirement[]): string {
  const byReq = new Map<string, { range: ReqRange; owners: string[] }>();
  for (const r of requirements) {
    const entry = byReq.get(r.req) ?? { range: r.range, owners: [] };
    if (!entry.owners.includes(r.owner)) entry.owners.push(r.owner);
    byReq.set(r.req, entry);
  }
  return [...byReq.entries()]
    .sort((a, b) => compareLower(a[1].range, b[1].range))
    .map(([req, { owners }]) => `\`${req}\` (${listNames(owners, 3)})`)
    .join(' · ');
}

function newest(requirements: readonly Requirement[]): string {
  return [...requirements].sort((a, b) => compareLower(b.range, a.range))[0]!.req;
}

export default defineRule<{ lowerBounds: boolean }>({
  meta: {
    id: 'hygiene/inconsistent-requirements',
    description: 'the same registry crate required with incompatible versions or different minimum versions across members',
    defaultSeverity: 'warning',
    requires: [],
    messages: {
      incompatible: {
        message: '{crate} is required in versions no single release satisfies: {requirements}',
        fix: 'Require one version everywhere, ideally once in [workspace.dependencies] (newest asked for: `{newest}`); until then each version is compiled separately and their types do not mix.',
      },
      lowerBounds: {
        message: '{crate} is required with different minimum versions: {requirements}',
        fix: 'Require `{newest}` everywhere, ideally once in [workspace.dependencies]: Cargo builds all members with one resolved version, so the older minimums are never tested.',
      },
    },
    options: z.object({
      /** Also report requirements that differ only in their minimum version (as notes). */
      lowerBounds: z.boolean().default(true),
    }),
    since: '0.1.0',
  },
  check({ workspace, options, report }) {
    const byCrate = new Map<string, { crate: string; requirements: Requirement[] }>();
    const add = (crate: string, source: string, requirement: Requirement): void => {
      const key = `${crate}\u0000${source}`;
      const group = byCrate.get(key) ?? { crate, requirements: [] };
      group.requirements.push(requirement);
      byCrate.set(key, group);
    };
    const inheritedKeys = new Set<string>();
    for (const member of workspace.members) {
      // Examples are written to be copied out on their own; their requirements are not the workspace's.
      if (isExampleMember(workspace, member)) continue;
      for (const dep of member.dependencies) {
        const source = sourceKey(dep.source);
        if (dep.source.type !== 'registry' || source === undefined) continue;
        if (dep.inherited) {
          inheritedKeys.add(dep.rename ?? dep.name);
          continue;
        }
        const range = reqRange(dep.req);
        if (range) add(dep.name, source, { req: dep.req, range, owner: member.name, location: dep.location, renamed: dep.rename !== null });
      }
    }
    // A `[workspace.dependencies]` entry counts once, and only when some member inherits it.
    for (const [key, dep] of workspace.workspaceDependencies) {
      const source = sourceKey(dep.source);
      const range = reqRange(dep.req);
      if (!inheritedKeys.has(key) || dep.source.type !== 'registry' || source === undefined || !range) continue;
      add(dep.name, source, { req: dep.req, range, owner: WORKSPACE_OWNER, location: dep.location, renamed: dep.rename !== null });
    }

    // hygiene/workspace-dependency already asks to declare these once, which also unifies their minimums.
    const shared = sharedDeclarationKeys(workspace);
    for (const [key, { crate, requirements }] of byCrate) {
      // A second declaration under another key (`package = "…"`) is deliberate, whatever it asks for.
      if (requirements.some((r) => r.renamed)) continue;
      const incompatible = requirements.some((a, i) => requirements.slice(i + 1).some((b) => !overlaps(a.range, b.range)));
      if (incompatible) {
        emit('incompatible', crate, requirements);
        continue;
      }
      if (options.lowerBounds && !shared.has(key) && new Set(requirements.map((r) => r.range.lowerText)).size > 1) emit('lowerBounds', crate, requirements);
    }

    function emit(messageId: 'incompatible' | 'lowerBounds', crate: string, requirements: Requirement[]): void {
      const [head, ...rest] = requirements as [Requirement, ...Requirement[]];
      report({
        messageId,
        data: { crate, requirements: describe(requirements), newest: newest(requirements) },
        location: head.location,
        related: rest.map((r) => ({ location: r.location, message: `${r.owner} requires \`${r.req}\`` })),
        ...(head.owner === WORKSPACE_OWNER ? {} : { member: head.owner }),
        crate,
        // Within one compatible range Cargo resolves a single version, so this is advice, not a problem.
        ...(messageId === 'lowerBounds' ? { severity: 'note' as const } : {}),
      });
    }
  },
});
