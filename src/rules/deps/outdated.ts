import { relative } from 'node:path';
import semver from 'semver';
import * as z from 'zod';
import { defineRule } from '../../engine/define-rule.js';
import type { Location } from '../../project/location.js';
import type { Dependency, Package } from '../../project/model.js';
import { matchesReq, maxSatisfying, parseVersionReq } from '../../project/version-req.js';
import { summarizeIndex } from '../../registry/index-summary.js';
import { msrvOf } from './_shared.js';
import type { PackageRef } from '../../registry/service.js';
import type { IndexVersion } from '../../registry/sparse-index.js';

const CRATES_IO_SOURCE = 'registry+https://github.com/rust-lang/crates.io-index';

/** The lockfile-style source of a declared registry dependency. */
function sourceOf(dep: Dependency): string | null {
  if (dep.resolved) return dep.resolved.source;
  if (dep.source.type !== 'registry') return null;
  const index = dep.source.registryIndex;
  if (!index) return CRATES_IO_SOURCE;
  return index.startsWith('sparse+') ? index : `registry+${index}`;
}

/** `1.70` ≤ `1.70.0` < `1.80`: rust-version comparison by numeric components. */
export function rustVersionAtMost(candidate: string, limit: string): boolean {
  const a = candidate.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const b = limit.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return true;
}

function newest(versions: string[]): string | undefined {
  return versions.reduce<string | undefined>((best, v) => (best === undefined || semver.gt(v, best) ? v : best), undefined);
}

interface Declared {
  member: Package;
  dep: Dependency;
  /** Where the requirement is written: the member's key, or `[workspace.dependencies]` when inherited. */
  location: Location;
  req: string;
}

export default defineRule<{ respectRustVersion: boolean }>({
  meta: {
    id: 'deps/outdated',
    description: 'direct dependencies behind their newest release: a `cargo update` away, or needing a manifest change (respecting rust-version)',
    defaultSeverity: 'note',
    requires: ['network'],
    messages: {
      update: { message: '{crate} {locked} is locked, {latest} is available within "{req}"{held}', fix: 'Run `cargo update -p {crate}` (no manifest change).' },
      manifest: { message: '{crate} "{req}" is behind: {latest} is out{held}', fix: 'Change the requirement to "{latest}" in {file} and read its changelog for breaking changes.' },
      notChecked: { message: 'newest versions not checked for {count} of {total} crate(s): {reasons}', fix: 'Run online once so the index files are cached, or configure a sparse registry.' },
      dataAge: { message: 'newest versions of {count} crate(s) come from index data cached up to {age} ago ({why})', fix: 'Run online (or with --refresh) to revalidate the cached index files.' },
    },
    options: z.object({ respectRustVersion: z.boolean().default(true) }),
    since: '0.1.0',
  },
  async check(ctx) {
    const { workspace, services } = ctx;
    const registry = services.registry;
    if (!registry) return;
    const declared = new Map<string, Declared>();
    for (const member of workspace.members) {
      for (const dep of member.dependencies) {
        const source = sourceOf(dep);
        if (dep.source.type !== 'registry' || !registry.registryOf(source)) continue;
        const wsDep = dep.inherited ? workspace.workspaceDependencies.get(dep.rename ?? dep.name) : undefined;
        const location = wsDep?.location ?? dep.location;
        const key = `${location.file}:${location.line}:${location.column}`;
        if (!declared.has(key)) declared.set(key, { member, dep, location, req: wsDep?.req ?? dep.req });
      }
    }
    if (declared.size === 0) return;
    const refs = new Map<string, PackageRef>();
    for (const { dep } of declared.values()) refs.set(`${dep.name}\n${sourceOf(dep)}`, { name: dep.name, source: sourceOf(dep) });
    const list = [...refs.values()];
    const results = await registry.indexAll(list);
    const files = new Map(list.map((ref, i) => [`${ref.name}\n${ref.source}`, results[i]!] as const));
    const summary = summarizeIndex(list.map((r) => r.name), results, registry.now(), registry.offline, true);
    const start = { file: workspace.rootManifestPath, line: 1, column: 1 };
    if (summary.notChecked) ctx.report({ messageId: 'notChecked', data: { ...summary.notChecked, total: list.length }, location: start });
    if (summary.age) ctx.report({ messageId: 'dataAge', data: summary.age, location: start });

    for (const { member, dep, location, req: rawReq } of declared.values()) {
      const result = files.get(`${dep.name}\n${sourceOf(dep)}`);
      if (result?.status !== 'ok') continue;
      const parsedReq = parseVersionReq(rawReq);
      if (!parsedReq.ok) continue;
      const req = parsedReq.req;
      const locked = dep.resolved?.version;
      const prerelease = (locked !== undefined && semver.prerelease(locked) !== null) || req.comparators.some((c) => c.pre.length > 0);
      const released = result.file.versions.filter((v) => !v.yanked && semver.valid(v.vers) !== null && (prerelease || semver.prerelease(v.vers) === null));
      const msrv = ctx.options.respectRustVersion ? (msrvOf(workspace, member)?.version ?? null) : null;
      const fits = (v: IndexVersion): boolean => msrv === null || v.rustVersion === null || rustVersionAtMost(v.rustVersion, msrv);
      const usable = released.filter(fits).map((v) => v.vers);
      const latest = newest(usable);
      if (!latest) continue;
      const newestAny = newest(released.map((v) => v.vers));
      const blocked = newestAny && semver.gt(newestAny, latest) ? released.find((v) => v.vers === newestAny) : undefined;
      const held = blocked ? ` (${blocked.vers} needs Rust ${blocked.rustVersion}, above rust-version ${msrv})` : '';
      const base = { crate: dep.name, req: rawReq, held, file: relative(workspace.root, location.file) || location.file };
      const current = locked ?? maxSatisfying(usable, req);
      if (!matchesReq(req, latest) && (current === undefined || current === null || semver.gt(latest, current))) {
        ctx.report({ messageId: 'manifest', data: { ...base, latest, locked: locked ?? '' }, location, member: member.name, crate: dep.name });
        continue;
      }
      const within = maxSatisfying(usable, req);
      if (locked && within && semver.gt(within, locked)) {
        ctx.report({ messageId: 'update', data: { ...base, latest: within, locked }, location, member: member.name, crate: dep.name });
      }
    }
  },
});
