import { relative } from 'node:path';
import type { Colors } from '../util/color.js';
import type { Dependency, Workspace } from '../project/model.js';
import { formatLocation } from '../project/location.js';

function depLine(dep: Dependency, root: string, c: Colors): string {
  const name = dep.rename ? `${dep.rename} ${c.dim(`(package ${dep.name})`)}` : dep.name;
  const source = dep.source.type === 'path' ? `path ${relative(root, dep.source.path) || '.'}` : dep.source.type === 'git' ? `git ${dep.source.git}${dep.source.branch ? `#${dep.source.branch}` : dep.source.tag ? `@${dep.source.tag}` : dep.source.rev ? `@${dep.source.rev}` : ''}` : dep.req;
  const bits: string[] = [];
  if (dep.kind !== 'normal') bits.push(dep.kind);
  if (dep.target) bits.push(`target ${dep.target}`);
  if (dep.optional) bits.push('optional');
  if (!dep.usesDefaultFeatures) bits.push('no-default-features');
  if (dep.features.length > 0) bits.push(`features ${dep.features.join(',')}`);
  if (dep.inherited) bits.push('workspace');
  const resolved = dep.resolved ? c.green(`→ ${dep.resolved.version}`) : '';
  return `      ${name} ${c.cyan(source)} ${resolved}${bits.length ? ' ' + c.dim(`[${bits.join('; ')}]`) : ''}`.trimEnd();
}

/** The `map` command's text output: pure function of the workspace. */
export function renderMapText(ws: Workspace, c: Colors): string {
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
      for (const dep of member.dependencies) lines.push(depLine(dep, ws.root, c));
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
