import { readFileSync } from 'node:fs';
import { defineRule } from '../../engine/define-rule.js';
import { findCrate } from '../../kb/load.js';
import type { Replacement } from '../../kb/schema.js';
import { describeReplacements } from './deprecated.js';
import { compareRustVersions, msrvOf, parseRustVersion } from './_shared.js';
import type { Package } from '../../project/model.js';
import type { SourceScan } from '../../source/service.js';

export default defineRule({
  meta: {
    id: 'deps/superseded-by-std',
    description: 'direct dependencies the standard library now replaces, checked against the member\'s rust-version',
    defaultSeverity: 'warning',
    requires: ['kb'],
    uses: ['sources'],
    messages: {
      superseded: {
        message: '{crate} is superseded by the standard library: {replacements}',
        fix: 'Use {replacements} and remove the {crate} dependency{keepWhen}.',
      },
      partly: {
        message: '{crate} is superseded by the standard library: {available} works with rust-version {msrv}; {unavailable} needs MSRV ≥ {since}',
        fix: 'Use {available} now, or raise rust-version to {since} to use {unavailable}, then remove {crate}{keepWhen}.',
      },
      needsMsrv: {
        message: '{crate} is superseded by {replacements}, but the replacement needs MSRV ≥ {since} and rust-version is {msrv}',
        fix: 'Keep {crate} until rust-version is at least {since}, then switch to {replacements}.',
      },
    },
    since: '0.1.0',
  },
  async check({ workspace, kb, lockGraph, services, report }) {
    const scan = services.sources ? await services.sources.scan({ kb, lockGraph }) : undefined;
    for (const member of workspace.members) {
      const msrv = msrvOf(workspace, member);
      const msrvVersion = msrv ? parseRustVersion(msrv.version) : null;
      for (const dep of member.dependencies) {
        if (dep.source.type === 'path') continue;
        const entry = findCrate(kb, dep.name);
        if (!entry || entry.status !== 'superseded-by-std' || entry.replacements.length === 0) continue;
        if (scan && usesWhatStdLacks(scan, member, dep.rename ?? dep.name)) continue;
        // No rust-version: the member builds with whatever toolchain is current, where every std item exists.
        const fits = (r: Replacement): boolean => {
          const since = r.since ? parseRustVersion(r.since) : null;
          return !msrvVersion || !since || compareRustVersions(since, msrvVersion) <= 0;
        };
        const available = entry.replacements.filter(fits);
        const missing = entry.replacements.filter((r) => !fits(r));
        const lowest = missing.map((r) => r.since ?? '').sort((a, b) => compareRustVersions(parseRustVersion(a) ?? [0, 0, 0], parseRustVersion(b) ?? [0, 0, 0]))[0] ?? '';
        const wsDep = dep.inherited ? workspace.workspaceDependencies.get(dep.rename ?? dep.name) : undefined;
        const common = {
          location: dep.location,
          related: wsDep ? [{ location: wsDep.location, message: 'declared in [workspace.dependencies]' }] : [],
          member: member.name,
          crate: entry.name,
        };
        const data = { crate: dep.name, replacements: describeReplacements(entry.replacements), msrv: msrv?.version ?? 'unset', since: lowest, keepWhen: keepWhen(entry.pickWhen) };
        if (missing.length === 0) report({ messageId: 'superseded', data, ...common });
        else if (available.length === 0) report({ messageId: 'needsMsrv', data, severity: 'note', ...common });
        else {
          report({
            messageId: 'partly',
            data: { ...data, available: describeReplacements(available), unavailable: describeReplacements(missing) },
            ...common,
          });
        }
      }
    }
  },
});

/**
 * ` (keep it for: …)` from the KB's reasons to pick the crate that are not about the MSRV (the
 * rule weighs that itself): the APIs std still lacks, which a manifest cannot show.
 */
function keepWhen(pickWhen: readonly string[]): string {
  const reasons = pickWhen.filter((r) => !/^only (if|for) (your )?msrv/i.test(r.trim()));
  return reasons.length > 0 ? ` (keep it for: ${reasons.map((r) => r.replace(/\.$/, '')).join('; ')})` : '';
}

/**
 * APIs of superseded crates that std still lacks (std's `OnceLock::get_or_try_init` is unstable,
 * and std has no `race` cells or physical core count). A member that calls one keeps the crate.
 */
const STD_LACKS: Record<string, RegExp> = {
  once_cell: /\bget_or_try_init\b|\bonce_cell::race\b|\brace::Once(Box|NonZeroUsize|Bool|Ref)\b/,
  num_cpus: /\bget_physical\b/,
};

/**
 * Whether the member's sources (the files that mention the crate, when the audit reads sources)
 * call what std lacks. A text match, so a same-named method of another type in such a file
 * counts too: that errs on the side of silence.
 */
function usesWhatStdLacks(scan: SourceScan, member: Package, key: string): boolean {
  const crate = key.replace(/-/g, '_');
  const pattern = STD_LACKS[crate];
  if (!pattern) return false;
  return scan.files.some((file) => {
    if (file.member !== member || !file.refs.includes(crate)) return false;
    try {
      return pattern.test(readFileSync(file.path, 'utf8'));
    } catch {
      return false;
    }
  });
}
