import * as z from 'zod';
import { defineRule } from '../../engine/define-rule.js';
import type { Location } from '../../project/location.js';
import type { LockGraph, Lockfile } from '../../project/lockfile.js';
import type { Package, Workspace } from '../../project/model.js';
import { bucketOf, compareBuckets, compareVersions, listText, lockIndexOfMember } from './_shared.js';

/**
 * windows-sys churns a major version every year and almost every graph holds two or three; its
 * per-target import crates follow it and are only compiled on their own target. cargo-deny users
 * skip exactly this family, so the rule does too unless told otherwise.
 */
export const DEFAULT_IGNORED = ['windows-sys', 'windows-targets', 'windows_*'];

const Options = z.object({
  ignoreCrates: z.array(z.string().min(1)).default(DEFAULT_IGNORED),
  minVersions: z.number().int().min(2).default(2),
});
type Options = z.infer<typeof Options>;

/** One semver-compatibility bucket of a duplicated crate, e.g. syn 1.x. */
interface Bucket {
  bucket: string;
  indices: number[];
}

interface Duplicate {
  name: string;
  buckets: Bucket[];
}

export default defineRule<Options>({
  meta: {
    id: 'deps/duplicate-versions',
    description: 'crates locked in several semver-incompatible versions, grouped by the direct dependencies that cause them',
    defaultSeverity: 'note',
    requires: ['lockfile'],
    options: Options,
    messages: {
      duplicate: {
        message: '{crate} is locked in {count} incompatible versions: {causes}{sameCause}',
        fix: 'Upgrade {culprit} to a release that uses {crate} {newest}; that alone removes {crate} {old}.',
      },
      duplicateDirect: {
        message: '{crate} is locked in {count} incompatible versions: {causes}{sameCause}',
        fix: 'Bump {crate} in {culprit} to {newest}, the version the rest of the graph uses.',
      },
      duplicateShared: {
        message: '{crate} is locked in {count} incompatible versions: {causes}{sameCause}',
        fix: 'No single upgrade removes {crate} {old}: upgrade the dependencies that pull it in, or add {crate} to ignore-crates.',
      },
      bestBump: {
        message: 'Upgrading {dependency} ({members}) could remove {count} duplicate versions: {crates}',
        fix: 'Upgrade {dependency} to a release built on the newer versions, run `cargo update`, and audit again.',
      },
    },
    since: '0.1.0',
  },
  check({ workspace, lockGraph, options, report }) {
    const lock = workspace.lockfile;
    if (!lock || !lockGraph) return;
    const analysis = new DuplicateAnalysis(workspace, lock, lockGraph, options);
    const duplicates = analysis.duplicates();
    if (duplicates.length === 0) return;
    const removals = analysis.removalsByDirectDependency(duplicates);
    // Crates whose old versions come in through the same direct dependencies share one root cause.
    const causeKey = new Map(
      duplicates.map((d) => [d.name, [...new Set(d.buckets.slice(0, -1).flatMap((b) => analysis.causesOf(b).directs))].sort((a, b) => a - b).join(',')]),
    );
    const sameCause = (name: string): string[] =>
      causeKey.get(name) ? duplicates.filter((d) => d.name !== name && causeKey.get(d.name) === causeKey.get(name)).map((d) => d.name) : [];

    for (const dup of duplicates) {
      const [oldest] = dup.buckets;
      const newest = dup.buckets[dup.buckets.length - 1];
      const oldIndex = oldest?.indices[0];
      if (!oldest || !newest || oldIndex === undefined) continue;
      const culprit = bestFor(dup, removals);
      // The fix names only the old versions the culprit's upgrade removes; the others stay listed in `causes`.
      const removed = culprit ? (removals.get(culprit.index) ?? []).filter((r) => r.name === dup.name).map((r) => r.bucket) : [];
      const old = removed.length > 0 ? dup.buckets.filter((b) => removed.includes(b)) : dup.buckets.slice(0, -1);
      const data = {
        crate: dup.name,
        count: dup.buckets.length,
        causes: dup.buckets.map((b) => `${analysis.versionsText(b)} via ${analysis.causesText(b)}`).join('; '),
        newest: analysis.versionsText(newest),
        old: old.map((b) => analysis.versionsText(b)).join(', '),
        culprit: culprit ? analysis.directText(culprit.index) : '',
        sameCause: sameCause(dup.name).length > 0 ? ` (same cause as ${listText(sameCause(dup.name))})` : '',
      };
      const isSelf = culprit !== undefined && lock.packages[culprit.index]?.name === dup.name;
      // A member that asks for the old version itself is fixed in its Cargo.toml: point there.
      const declaration = isSelf ? analysis.memberDeclarationOf(culprit.index) : undefined;
      const lockEntries = dup.buckets
        .flatMap((b) => b.indices)
        .map((i) => ({ location: lock.packages[i]?.location as Location, message: `${dup.name} ${lock.packages[i]?.version} is locked here` }))
        .filter((r) => r.location !== undefined);
      report({
        messageId: culprit ? (isSelf ? 'duplicateDirect' : 'duplicate') : 'duplicateShared',
        data: isSelf && culprit ? { ...data, culprit: analysis.ownersText(culprit.index) } : data,
        location: declaration ?? lock.packages[oldIndex]?.location,
        related: declaration ? lockEntries : lockEntries.filter((r) => r.location !== lock.packages[oldIndex]?.location),
        crate: dup.name,
      });
    }

    const best = [...removals.entries()].sort(([a, ra], [b, rb]) => rb.length - ra.length || analysis.nameOf(a).localeCompare(analysis.nameOf(b)))[0];
    // One removal is already the per-crate finding's fix; the summary is for bumps that do more.
    if (!best || best[1].length < 2) return;
    const [index, removed] = best;
    report({
      messageId: 'bestBump',
      data: {
        dependency: analysis.nameAndVersion(index),
        members: analysis.ownersText(index),
        count: removed.length,
        crates: listText(removed.map((r) => `${r.name} ${analysis.versionsText(r.bucket)}`), 6),
      },
      location: analysis.declarationOf(index),
      crate: analysis.nameOf(index),
    });
  },
});

/** For a duplicated crate, the direct dependency whose upgrade removes most of its old versions. */
function bestFor(dup: Duplicate, removals: Map<number, { name: string; bucket: Bucket }[]>): { index: number } | undefined {
  let best: { index: number; own: number; total: number } | undefined;
  for (const [index, removed] of removals) {
    const own = removed.filter((r) => r.name === dup.name).length;
    if (own === 0) continue;
    if (!best || own > best.own || (own === best.own && removed.length > best.total)) best = { index, own, total: removed.length };
  }
  return best;
}

class DuplicateAnalysis {
  private readonly roots: number[];
  private readonly memberAt = new Map<number, Package>();
  private readonly reachable: Set<number>;

  constructor(
    workspace: Workspace,
    private readonly lock: Lockfile,
    private readonly graph: LockGraph,
    private readonly options: Options,
  ) {
    for (const member of workspace.members) {
      const index = lockIndexOfMember(lock, member);
      if (index >= 0) this.memberAt.set(index, member);
    }
    this.roots = [...this.memberAt.keys()];
    // A lockfile without the members' entries is stale; then every package counts.
    this.reachable = this.roots.length > 0 ? this.walk(() => true) : new Set(lock.packages.keys());
  }

  duplicates(): Duplicate[] {
    const byName = new Map<string, Map<string, number[]>>();
    for (const index of this.reachable) {
      const pkg = this.lock.packages[index];
      if (!pkg || this.memberAt.has(index) || this.ignored(pkg.name)) continue;
      const bucket = bucketOf(pkg.version);
      if (bucket === null) continue;
      const buckets = byName.get(pkg.name) ?? new Map<string, number[]>();
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), index]);
      byName.set(pkg.name, buckets);
    }
    const out: Duplicate[] = [];
    for (const [name, buckets] of byName) {
      if (buckets.size < this.options.minVersions) continue;
      const sorted = [...buckets.entries()]
        .sort(([a], [b]) => compareBuckets(a, b))
        .map(([bucket, indices]) => ({ bucket, indices: indices.sort((a, b) => compareVersions(this.versionOf(a), this.versionOf(b))) }));
      out.push({ name, buckets: sorted });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * For each direct dependency of the members, the old versions (every bucket but the newest) that
   * nothing else reaches: cut every member's edge to it and see which buckets become unreachable.
   */
  removalsByDirectDependency(duplicates: Duplicate[]): Map<number, { name: string; bucket: Bucket }[]> {
    const old = duplicates.flatMap((d) => d.buckets.slice(0, -1).map((bucket) => ({ name: d.name, bucket })));
    const ancestors = this.ancestorsOf(old.flatMap((o) => o.bucket.indices));
    const result = new Map<number, { name: string; bucket: Bucket }[]>();
    for (const direct of this.directDependencies()) {
      if (!ancestors.has(direct)) continue;
      const kept = this.walk((from, to) => !(to === direct && this.memberAt.has(from)));
      const removed = old.filter((o) => o.bucket.indices.every((i) => !kept.has(i)));
      if (removed.length > 0) result.set(direct, removed);
    }
    return result;
  }

  /** `1.3.2` or `0.7.3, 0.7.5` when one bucket holds several locked versions (different sources). */
  versionsText(bucket: Bucket): string {
    return [...new Set(bucket.indices.map((i) => this.versionOf(i)))].join(', ');
  }

  /**
   * The direct dependencies (and their members) that start each member's shortest chains to this
   * bucket. One breadth-first walk up from the bucket, which stops at members: a chain through
   * another member is that member's cause, not the outer one's.
   */
  causesText(bucket: Bucket): string {
    const { causes } = this.causesOf(bucket);
    return causes.length > 0 ? listText(causes, 3) : 'an unknown path';
  }

  /** Lock indices of the direct dependencies on shortest chains, and their descriptions. */
  causesOf(bucket: Bucket): { directs: number[]; causes: string[] } {
    const distance = new Map<number, number>(bucket.indices.map((i) => [i, 0]));
    const queue = [...bucket.indices];
    const reached: number[] = [];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as number;
      if (this.memberAt.has(node)) {
        reached.push(node);
        continue;
      }
      for (const parent of this.graph.reverseDeps(node)) {
        if (distance.has(parent)) continue;
        distance.set(parent, (distance.get(node) ?? 0) + 1);
        queue.push(parent);
      }
    }
    // Direct dependency (possibly the duplicated crate itself) → members whose chains start with it.
    const owners = new Map<number, string[]>();
    for (const member of reached) {
      const level = (distance.get(member) ?? 0) - 1;
      const owner = this.memberAt.get(member)?.name ?? '?';
      for (const { index } of this.lock.packages[member]?.dependencies ?? []) {
        if (distance.get(index) !== level || this.memberAt.has(index)) continue;
        const names = owners.get(index) ?? [];
        if (!names.includes(owner)) names.push(owner);
        owners.set(index, names);
      }
    }
    const directs = [...owners.keys()].sort((a, b) => a - b);
    const causes = directs.map((index) => {
      const names = listText(owners.get(index) ?? [], 3);
      return distance.get(index) === 0 ? `${names} directly` : `${this.nameAndVersion(index)} (${names})`;
    });
    return { directs, causes };
  }

  /** `tower 0.4.13 (in api, worker)`. */
  directText(index: number): string {
    return `${this.nameAndVersion(index)} (in ${this.ownersText(index)})`;
  }

  ownersText(index: number): string {
    return listText(this.ownersOf(index).map((m) => m.name), 3);
  }

  nameOf(index: number): string {
    return this.lock.packages[index]?.name ?? '?';
  }

  nameAndVersion(index: number): string {
    return `${this.nameOf(index)} ${this.versionOf(index)}`;
  }

  /** The dependency key in the first member that declares this direct dependency, else its lock entry. */
  declarationOf(index: number): Location | undefined {
    return this.memberDeclarationOf(index) ?? this.lock.packages[index]?.location;
  }

  /** The dependency key in the first member that declares this direct dependency. */
  memberDeclarationOf(index: number): Location | undefined {
    const pkg = this.lock.packages[index];
    if (!pkg) return undefined;
    for (const member of this.ownersOf(index)) {
      const dep = member.dependencies.find((d) => d.name === pkg.name && d.resolved?.version === pkg.version);
      if (dep) return dep.location;
    }
    return undefined;
  }

  private ownersOf(index: number): Package[] {
    return this.graph
      .reverseDeps(index)
      .map((i) => this.memberAt.get(i))
      .filter((m): m is Package => m !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private versionOf(index: number): string {
    return this.lock.packages[index]?.version ?? '?';
  }

  private ignored(name: string): boolean {
    return this.options.ignoreCrates.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
  }

  private directDependencies(): number[] {
    const out = new Set<number>();
    for (const root of this.roots) {
      for (const { index } of this.lock.packages[root]?.dependencies ?? []) {
        if (index >= 0 && !this.memberAt.has(index)) out.add(index);
      }
    }
    return [...out].sort((a, b) => a - b);
  }

  /** Packages reachable from the members through the edges `follow` accepts. */
  private walk(follow: (from: number, to: number) => boolean): Set<number> {
    const seen = new Set(this.roots);
    const queue = [...this.roots];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as number;
      for (const { index } of this.lock.packages[node]?.dependencies ?? []) {
        if (index < 0 || seen.has(index) || !follow(node, index)) continue;
        seen.add(index);
        queue.push(index);
      }
    }
    return seen;
  }

  private ancestorsOf(targets: number[]): Set<number> {
    const seen = new Set(targets);
    const queue = [...targets];
    for (let head = 0; head < queue.length; head++) {
      for (const parent of this.graph.reverseDeps(queue[head] as number)) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        queue.push(parent);
      }
    }
    return seen;
  }
}
