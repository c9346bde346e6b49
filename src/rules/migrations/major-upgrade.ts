import { defineRule, type ReportInput } from '../../engine/define-rule.js';
import { findCrate, normalizeCrateName } from '../../kb/load.js';
import type { Migration } from '../../kb/schema.js';
import type { Location } from '../../project/location.js';
import type { Dependency } from '../../project/model.js';
import { cargoReqDisplay } from '../../project/version-req.js';
import { bucketOf, bucketOfShort, compareBuckets, effectiveVersion } from '../deps/_shared.js';

/** Statuses whose way forward is another crate, which deps/deprecated and deps/superseded-by-std report. */
const LEAVING = new Set(['deprecated', 'unmaintained', 'superseded-by-std']);

/** One major step of a crate (`0.7` → `0.8`) with every KB note about it. */
interface Step {
  from: string;
  to: string;
  migrations: Migration[];
}

export default defineRule({
  meta: {
    id: 'migrations/major-upgrade',
    description: 'direct dependencies a major version behind when the knowledge base documents the migration step',
    defaultSeverity: 'note',
    requires: ['kb'],
    messages: {
      migration: {
        message: '{crate} {current} is behind {latest}; the {from} → {to} upgrade: {summary}',
        fix: 'Follow {source} when you upgrade {crate} to {latest}.',
      },
      migrations: {
        message: '{crate} {current} is behind {latest}; the {from} → {to} upgrade: {summary} (later steps with notes: {steps})',
        fix: 'Upgrade {crate} one documented step at a time, starting with {source}.',
      },
    },
    since: '0.1.0',
  },
  check({ workspace, kb, report }) {
    // Inherited dependencies are upgraded once, in [workspace.dependencies]: one finding there.
    const pending: ReportInput[] = [];
    const byWorkspaceKey = new Map<string, { location: Location; message: string }[]>();
    const byMemberKey = new Map<string, { location: Location; message: string }[]>();
    for (const member of workspace.members) {
      for (const dep of member.dependencies) {
        if (dep.source.type !== 'registry') continue;
        const entry = findCrate(kb, dep.name);
        // An alias may name another crate whose versions mean nothing here.
        if (!entry || normalizeCrateName(entry.name) !== normalizeCrateName(dep.name) || LEAVING.has(entry.status)) continue;
        const steps = majorSteps(entry.migrations);
        if (steps.length === 0) continue;
        const newest = entry.latest ? bucketOf(entry.latest) : steps.map((s) => s.to).sort(compareBuckets).at(-1);
        const current = effectiveVersion(dep, entry.latest);
        const bucket = current ? bucketOf(current) : null;
        if (!newest || !current || !bucket || compareBuckets(bucket, newest) >= 0) continue;
        // A step applies when the upgrade crosses its target: bucket < to <= newest.
        const [first, ...later] = steps.filter((s) => compareBuckets(bucket, s.to) < 0 && compareBuckets(s.to, newest) <= 0);
        if (!first) continue;

        const wsKey = dep.inherited ? (dep.rename ?? dep.name) : undefined;
        const wsDep = wsKey === undefined ? undefined : workspace.workspaceDependencies.get(wsKey);
        const memberKey = { location: dep.location, message: `inherited by ${member.name}` };
        const related: { location: Location; message: string }[] = [];
        if (wsDep) {
          const groupKey = `${wsKey}@${bucket}`;
          const seen = byWorkspaceKey.get(groupKey);
          if (seen) {
            seen.push(memberKey);
            continue;
          }
          related.push(memberKey);
          byWorkspaceKey.set(groupKey, related);
        } else {
          // The same crate in [dependencies] and [dev-dependencies] of one member is one upgrade.
          const groupKey = `${member.name}\u0000${dep.name}@${bucket}`;
          const seen = byMemberKey.get(groupKey);
          if (seen) {
            seen.push({ location: dep.location, message: `declared in ${member.name} ${tableOf(dep)}` });
            continue;
          }
          byMemberKey.set(groupKey, related);
        }
        pending.push({
          messageId: later.length === 0 ? 'migration' : 'migrations',
          data: {
            crate: dep.name,
            // Without Cargo.lock the requirement is what we know, not a version.
            current: dep.resolved ? current : cargoReqDisplay(dep.req),
            latest: entry.latest ?? newest,
            from: first.migrations[0]?.from ?? first.from,
            to: first.migrations[0]?.to ?? first.to,
            summary: first.migrations.map((m) => m.summary.replace(/\.$/, '')).join('; '),
            source: first.migrations[0]?.source ?? '',
            steps: later.map((s) => `${s.migrations[0]?.from} → ${s.migrations[0]?.to}`).join(', '),
          },
          location: wsDep ? wsDep.location : dep.location,
          // Later members that inherit the same entry join this list before it is reported.
          related,
          member: member.name,
          crate: entry.name,
        });
      }
    }
    for (const input of pending) report(input);
  },
});

/** `[dev-dependencies]`, `[target.'cfg(unix)'.dependencies]`. */
function tableOf(dep: Dependency): string {
  const table = dep.kind === 'normal' ? 'dependencies' : `${dep.kind}-dependencies`;
  return dep.target ? `[target.'${dep.target}'.${table}]` : `[${table}]`;
}

/**
 * The KB's migrations between two major versions of the crate itself, merged per step and in
 * order; renames to other crates (`structopt 0.3` → `clap 3`) and minor steps are skipped.
 */
function majorSteps(migrations: readonly Migration[]): Step[] {
  const steps = new Map<string, Step>();
  for (const migration of migrations) {
    const from = bucketOfShort(migration.from);
    const to = bucketOfShort(migration.to);
    if (!from || !to || compareBuckets(from, to) >= 0) continue;
    const key = `${from}>${to}`;
    const step = steps.get(key) ?? { from, to, migrations: [] };
    step.migrations.push(migration);
    steps.set(key, step);
  }
  return [...steps.values()].sort((a, b) => compareBuckets(a.to, b.to) || compareBuckets(a.from, b.from));
}
