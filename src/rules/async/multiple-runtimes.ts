import { defineRule } from '../../engine/define-rule.js';
import { findCrate, type Kb } from '../../kb/load.js';
import type { LockGraph, Lockfile } from '../../project/lockfile.js';
import type { Dependency, Package, Workspace } from '../../project/model.js';
import { listText, lockIndexOfDependency } from '../deps/_shared.js';

/**
 * Crates that are one runtime for this rule's purpose. actix-rt and the tokio 0.1 pieces run on
 * tokio; async-std and smol are both assembled from async-executor and async-io and share the
 * async-io reactor, so their futures run on each other's executors.
 */
const RUNTIME_FAMILY: Record<string, string> = {
  tokio: 'tokio',
  'actix-rt': 'tokio',
  'tokio-executor': 'tokio',
  'tokio-reactor': 'tokio',
  'tokio-threadpool': 'tokio',
  'tokio-current-thread': 'tokio',
  'async-std': 'async-std/smol',
  smol: 'async-std/smol',
};

/** Executors without an I/O reactor: `futures` enables futures-executor by default, so it is everywhere. */
const NOT_A_RUNTIME = new Set(['futures-executor']);

/** How one direct dependency brings one runtime into a build. */
interface Pull {
  family: string;
  runtime: string;
  dep: Dependency;
  /** Member whose manifest declares `dep`. */
  owner: string;
  /** Crates from `dep` down to the runtime, both included; just `[runtime]` when `dep` is the runtime. */
  chain: string[];
}

export default defineRule({
  meta: {
    id: 'async/multiple-runtimes',
    description: 'more than one async runtime in one binary, or else in the workspace (directly or through dependencies)',
    defaultSeverity: 'warning',
    requires: ['kb'],
    messages: {
      binary: {
        message: '{binary} pulls in {count} async runtimes: {runtimes}',
        fix: 'Keep {main} for {member}: replace the dependencies that bring {extra}, or switch them to their {main} feature.',
      },
      workspace: {
        message: 'The workspace uses {count} async runtimes: {runtimes}',
        fix: 'Standardize on {main}: replace the dependencies that bring {extra}.',
      },
    },
    since: '0.1.0',
  },
  check({ workspace, kb, lockGraph, report }) {
    const finder = new RuntimeFinder(workspace, kb, workspace.lockfile, lockGraph);
    let reportedBinary = false;
    for (const member of workspace.members) {
      const targets = member.targets.filter((t) => t.kind === 'bin').map((t) => t.name);
      if (targets.length === 0) continue;
      const pulls = finder.pullsOfBuild(member);
      const families = groupByFamily(pulls, member.name);
      if (families.length < 2) continue;
      reportedBinary = true;
      const binary = targets.length === 1 && targets[0] === member.name ? `binary ${member.name}` : `${member.name} (binaries ${listText(targets, 3)})`;
      emit('binary', families, { member: member.name, binary }, member.name);
    }
    if (reportedBinary) return;
    const all = workspace.members.flatMap((m) => finder.pullsOfPackage(m, ['default']));
    const families = groupByFamily(all);
    // Separate binaries on separate runtimes cost upkeep, not correctness: a note, not a warning.
    if (families.length >= 2) emit('workspace', families, {}, undefined, 'note');

    function emit(messageId: string, families: Pull[][], data: Record<string, string>, member: string | undefined, severity?: 'note'): void {
      const [mainPulls = [], ...extras] = families;
      const first = extras[0]?.[0];
      if (!first) return;
      const rest = [...mainPulls, ...extras.flat()].filter((p) => p !== first).slice(0, 8);
      report({
        messageId,
        data: {
          ...data,
          count: families.length,
          runtimes: families.map((f) => describeFamily(f, member)).join('; '),
          main: mainPulls[0]?.runtime ?? '',
          extra: listText(unique(extras.flat().map((p) => p.runtime))),
        },
        location: first.dep.location,
        related: rest.map((p) => ({ location: p.dep.location, message: `brings ${p.runtime} (${describePull(p, member)})` })),
        member: member ?? first.owner,
        crate: findCrate(kb, first.runtime)?.name ?? first.runtime,
        ...(severity ? { severity } : {}),
      });
    }
  },
});

class RuntimeFinder {
  private readonly members: Map<string, Package>;
  private readonly familyByIndex = new Map<number, string | null>();
  private readonly reachable = new Map<number, number[]>();

  constructor(
    workspace: Workspace,
    private readonly kb: Kb,
    private readonly lock: Lockfile | null,
    private readonly graph: LockGraph | undefined,
  ) {
    this.members = new Map(workspace.members.map((m) => [m.name, m]));
  }

  /** Runtimes in a member's build: its active dependencies and those of the members it depends on by path. */
  pullsOfBuild(member: Package): Pull[] {
    const featuresOf = new Map<string, Set<string>>([[member.name, new Set(['default'])]]);
    const queue = [member];
    const pulls: Pull[] = [];
    while (queue.length > 0) {
      const pkg = queue.shift() as Package;
      const { deps, requested } = activeDependencies(pkg, [...(featuresOf.get(pkg.name) ?? [])]);
      for (const dep of deps) {
        const target = dep.source.type === 'path' ? this.members.get(dep.name) : undefined;
        if (!target) continue;
        const wanted = featuresOf.get(target.name) ?? new Set<string>();
        const size = wanted.size;
        const asked = [...(dep.usesDefaultFeatures ? ['default'] : []), ...dep.features, ...(requested.get(dep.rename ?? dep.name) ?? [])];
        for (const f of asked) wanted.add(f);
        if (!featuresOf.has(target.name) || wanted.size > size) {
          featuresOf.set(target.name, wanted);
          queue.push(target);
        }
      }
    }
    for (const [name, features] of featuresOf) {
      const pkg = this.members.get(name);
      if (pkg) pulls.push(...this.pullsOfPackage(pkg, [...features]));
    }
    return pulls;
  }

  /** Runtimes a member's own active non-member dependencies are or pull in. */
  pullsOfPackage(pkg: Package, features: string[]): Pull[] {
    const pulls: Pull[] = [];
    for (const dep of activeDependencies(pkg, features).deps) {
      if (dep.source.type === 'path' && this.members.has(dep.name)) continue;
      const family = this.familyOfName(dep.name);
      if (family) pulls.push({ family, runtime: dep.name, dep, owner: pkg.name, chain: [dep.name] });
      if (!this.lock || !this.graph) continue;
      const start = lockIndexOfDependency(this.lock, dep);
      if (start < 0) continue;
      for (const index of this.runtimesBelow(start)) {
        const runtime = this.lock.packages[index];
        const fam = this.familyOf(index);
        if (!runtime || !fam || runtime.name === dep.name) continue;
        const path = this.graph.pathsFrom([start], index, 1)[0] ?? [start, index];
        const chain = path.map((i) => this.lock?.packages[i]?.name ?? '?');
        pulls.push({ family: fam, runtime: runtime.name, dep, owner: pkg.name, chain });
      }
    }
    return pulls;
  }

  /** Runtime packages reachable from `start` (itself excluded), found once per start. */
  private runtimesBelow(start: number): number[] {
    const known = this.reachable.get(start);
    if (known) return known;
    const lock = this.lock as Lockfile;
    const seen = new Set([start]);
    const queue = [start];
    const found: number[] = [];
    while (queue.length > 0) {
      const node = queue.shift() as number;
      for (const { index } of lock.packages[node]?.dependencies ?? []) {
        if (index < 0 || seen.has(index)) continue;
        seen.add(index);
        queue.push(index);
        if (this.familyOf(index)) found.push(index);
      }
    }
    this.reachable.set(start, found);
    return found;
  }

  private familyOf(index: number): string | null {
    let family = this.familyByIndex.get(index);
    if (family === undefined) {
      const pkg = this.lock?.packages[index];
      // Workspace members are audited as members, never as someone's runtime.
      family = pkg && !(pkg.source === null && this.members.has(pkg.name)) ? this.familyOfName(pkg.name) : null;
      this.familyByIndex.set(index, family);
    }
    return family;
  }

  private familyOfName(name: string): string | null {
    const entry = findCrate(this.kb, name);
    if (!entry || entry.category !== 'async-runtime' || NOT_A_RUNTIME.has(entry.name)) return null;
    return RUNTIME_FAMILY[entry.name] ?? entry.name;
  }
}

/**
 * Normal dependencies a build of `pkg` with these features uses: every non-optional one, and the
 * optional ones a feature turns on (`dep:x`, `x/feat`, or the implicit feature `x`). Optional
 * runtimes behind features nobody enables by default are how libraries offer a choice of runtime.
 * Also returns, per dependency key, the features `x/feat` and `x?/feat` ask of it.
 */
function activeDependencies(pkg: Package, features: string[]): { deps: Dependency[]; requested: Map<string, string[]> } {
  const enabled = new Set<string>();
  const requested = new Map<string, string[]>();
  const seen = new Set<string>();
  const queue = [...features];
  while (queue.length > 0) {
    const feature = queue.pop() as string;
    if (seen.has(feature)) continue;
    seen.add(feature);
    if (feature.startsWith('dep:')) {
      enabled.add(feature.slice(4));
      continue;
    }
    const slash = feature.indexOf('/');
    if (slash >= 0) {
      const weak = feature[slash - 1] === '?';
      const key = feature.slice(0, weak ? slash - 1 : slash);
      requested.set(key, [...(requested.get(key) ?? []), feature.slice(slash + 1)]);
      if (!weak) {
        enabled.add(key);
        if (pkg.features[key]) queue.push(key);
      }
      continue;
    }
    const members = pkg.features[feature];
    if (members) queue.push(...members);
    else enabled.add(feature);
  }
  const deps = pkg.dependencies.filter((d) => d.kind === 'normal' && (!d.optional || enabled.has(d.rename ?? d.name)));
  return { deps, requested };
}

/** Families, most pulled-in first (tokio wins ties), each with its pulls deduplicated by dependency. */
function groupByFamily(pulls: Pull[], member?: string): Pull[][] {
  const byFamily = new Map<string, Pull[]>();
  for (const pull of pulls) {
    const list = byFamily.get(pull.family) ?? [];
    const same = list.some((p) => p.dep.location.file === pull.dep.location.file && p.dep.location.line === pull.dep.location.line && p.runtime === pull.runtime);
    if (!same) list.push(pull);
    byFamily.set(pull.family, list);
  }
  const rank = (p: Pull): number => (p.owner === member ? 0 : 1);
  for (const list of byFamily.values()) list.sort((a, b) => rank(a) - rank(b) || a.chain.length - b.chain.length || a.owner.localeCompare(b.owner));
  return [...byFamily.entries()]
    .sort(([fa, a], [fb, b]) => b.length - a.length || Number(fb === 'tokio') - Number(fa === 'tokio') || fa.localeCompare(fb))
    .map(([, list]) => list);
}

/** How a pull reaches the build, seen from `member` (the binary's package) when there is one. */
function describePull(pull: Pull, member?: string): string {
  const owner = pull.owner === member ? '' : member ? ` through workspace member ${pull.owner}` : ` in ${pull.owner}`;
  if (pull.chain.length <= 1) return pull.owner === member ? 'direct dependency' : member ? owner.trim() : `dependency of ${pull.owner}`;
  return `via ${pull.chain.join(' → ')}${owner}`;
}

function describeFamily(pulls: Pull[], member?: string): string {
  const [first] = pulls;
  if (!first) return '';
  const names = unique(pulls.map((p) => p.runtime)).join(' + ');
  const more = pulls.length > 1 ? ` and ${pulls.length - 1} more` : '';
  return `${names} (${describePull(first, member)}${more})`;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
