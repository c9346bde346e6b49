import { relative } from 'node:path';
import type { Colors } from '../util/color.js';
import type { Dependency, Package, Workspace } from '../project/model.js';
import { formatLocation } from '../project/location.js';
import { findCrate, type Kb } from '../kb/load.js';
import type { Status } from '../kb/schema.js';
import { isMoveAway } from './kb-text.js';

/** Where the KB puts a dependency; all null for a crate the KB does not know or a path dependency. */
export interface DependencyStack {
  layer: string | null;
  category: string | null;
  status: Status | null;
}

/**
 * Path dependencies are the project's own code, so they are never looked up (a local crate that
 * happens to share a name with a KB crate is not that crate).
 */
export function dependencyStack(dep: Dependency, kb: Kb): DependencyStack {
  const entry = dep.source.type === 'path' ? undefined : findCrate(kb, dep.name);
  return { layer: entry?.layer ?? null, category: entry?.category ?? null, status: entry?.status ?? null };
}

function depLine(dep: Dependency, stack: DependencyStack, root: string, c: Colors): string {
  const name = dep.rename ? `${dep.rename} ${c.dim(`(package ${dep.name})`)}` : dep.name;
  const source = dep.source.type === 'path' ? `path ${relative(root, dep.source.path) || '.'}` : dep.source.type === 'git' ? `git ${dep.source.git}${dep.source.branch ? `#${dep.source.branch}` : dep.source.tag ? `@${dep.source.tag}` : dep.source.rev ? `@${dep.source.rev}` : ''}` : dep.req;
  const bits: string[] = [];
  if (dep.kind !== 'normal') bits.push(dep.kind);
  if (dep.target) bits.push(`target ${dep.target}`);
  if (dep.optional) bits.push('optional');
  if (!dep.usesDefaultFeatures) bits.push('no-default-features');
  if (dep.features.length > 0) bits.push(`features ${dep.features.join(',')}`);
  if (dep.inherited) bits.push('workspace');
  const parts = [name, c.cyan(source)];
  if (dep.resolved) parts.push(c.green(`→ ${dep.resolved.version}`));
  if (stack.status !== null) parts.push(statusLabel(stack.status, c));
  if (bits.length > 0) parts.push(c.dim(`[${bits.join('; ')}]`));
  return `        ${parts.join(' ')}`;
}

/** Statuses that ask nothing of the user stay quiet so that the ones to act on stand out. */
function statusLabel(status: Status, c: Colors): string {
  if (isMoveAway(status)) return c.red(`✖ ${status}`);
  if (status === 'maintenance-mode') return c.yellow(status);
  return c.dim(status);
}

/** A member's dependencies by KB layer, then local path dependencies, then the ones the KB lacks. */
function dependencyGroups(member: Package, root: string, kb: Kb, c: Colors): string[] {
  const classified = member.dependencies.map((dep) => ({ dep, stack: dependencyStack(dep, kb) }));
  const groups: { title: string; items: typeof classified }[] = kb.layers.map((layer) => ({
    title: `${layer.title} ${c.dim(`(${layer.id})`)}`,
    items: classified.filter((x) => x.stack.layer === layer.id),
  }));
  groups.push({ title: `local ${c.dim('(path dependencies)')}`, items: classified.filter((x) => x.dep.source.type === 'path') });
  groups.push({
    title: `${c.yellow('unclassified')} ${c.dim('(not in the knowledge base)')}`,
    items: classified.filter((x) => x.stack.layer === null && x.dep.source.type !== 'path'),
  });
  return groups
    .filter((g) => g.items.length > 0)
    .flatMap((g) => [`      ${g.title}`, ...g.items.map(({ dep, stack }) => depLine(dep, stack, root, c))]);
}

/** The `map` command's text output: pure function of the workspace and the KB. */
export function renderMapText(ws: Workspace, c: Colors, kb: Kb): string {
  const lines: string[] = [];
  const lock = ws.lockfile ? `Cargo.lock v${ws.lockfile.version} (${ws.lockfile.packages.length} packages)` : 'no Cargo.lock';
  lines.push(`${c.bold('workspace')} ${ws.root}`);
  lines.push(`  ${ws.virtual ? 'virtual manifest' : 'root package'} · ${ws.members.length} member${ws.members.length === 1 ? '' : 's'} · resolver ${ws.resolver}${ws.resolverExplicit ? '' : ' (implied)'} · ${lock}`);
  for (const member of ws.members) {
    const dir = relative(ws.root, member.dir) || '.';
    lines.push('');
    lines.push(`  ${c.bold(member.name)} ${member.version} ${c.dim(dir)}`);
    lines.push(`    edition ${member.edition}${member.rustVersion ? ` · rust-version ${member.rustVersion}` : ''}${member.publish === false ? ' · publish = false' : ''}`);
    const targets = member.targets.map((t) => (t.kind === 'lib' ? `lib ${t.name}${t.crateTypes.join(',') !== 'lib' ? ` (${t.crateTypes.join(',')})` : ''}` : `${t.kind} ${t.name}`));
    if (targets.length > 0) lines.push(`    targets ${targets.join(' · ')}`);
    if (member.dependencies.length > 0) {
      lines.push(`    dependencies (${member.dependencies.length})`);
      lines.push(...dependencyGroups(member, ws.root, kb, c));
    }
  }
  if (ws.diagnostics.length > 0) {
    lines.push('');
    lines.push(c.bold(`problems (${ws.diagnostics.length})`));
    for (const d of ws.diagnostics) {
      const color = d.severity === 'error' ? c.red : d.severity === 'warning' ? c.yellow : c.dim;
      const where = d.location ? `${formatLocation(d.location, ws.root)}: ` : '';
      lines.push(`  ${color(d.severity)} ${where}${d.message} ${c.dim(`[${d.code}]`)}`);
      if (d.hint) lines.push(`    ${c.dim(`hint: ${d.hint}`)}`);
    }
  }
  return lines.join('\n') + '\n';
}
