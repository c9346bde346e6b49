import { relative } from 'node:path';
import type { Colors } from '../util/color.js';
import type { RunResult } from '../engine/run.js';
import type { Finding, Severity } from '../engine/finding.js';
import { formatLocation } from '../project/location.js';
import { isMoveAway, paintStatus } from './kb-text.js';
import type { Status } from '../kb/schema.js';

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warn ', note: 'note ' };
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Short version for the stack map: `1.47` from `1.47.1`, requirements as written. */
function shortVersion(v: string): string {
  const m = /^(\d+)\.(\d+)\.\d+/.exec(v);
  if (!m) return v;
  return m[1] === '0' ? `0.${m[2]}` : `${m[1]}.${m[2]}`;
}

export function renderFinding(f: Finding, root: string, c: Colors): string[] {
  const color = f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.cyan;
  const where = f.location ? formatLocation(f.location, root) : '';
  const lines = [`  ${color(LABEL[f.severity])}  ${c.bold(f.ruleId)}  ${c.dim(where)}`.trimEnd(), `         ${f.message}`];
  if (f.fix) lines.push(`         ${c.green('fix:')} ${f.fix}`);
  for (const r of f.related ?? []) lines.push(`         ${c.dim(`also ${formatLocation(r.location, root)}: ${r.message}`)}`);
  lines.push(`         ${c.dim(f.docs)}`);
  return lines;
}

/** The audit's terminal report: summary line, stack map by layer, findings by severity. */
export function renderText(result: RunResult, c: Colors): string {
  const { workspace: ws, summary } = result;
  const root = ws.root;
  const editions = [...new Set(ws.members.map((m) => m.edition))].sort();
  const lines: string[] = [];
  const lock = ws.lockfile ? `Cargo.lock v${ws.lockfile.version}` : 'no Cargo.lock';
  lines.push(
    `${c.bold(`cargo-stack ${result.tool.version}`)} · workspace at ${relative(process.cwd(), root) || '.'} · ${plural(ws.members.length, 'member')} · edition ${editions.join('/') || '-'} · resolver ${ws.resolver} · ${lock}`,
  );
  lines.push('');
  lines.push(c.bold('Stack map'));
  const width = Math.max(...result.stack.layers.map((l) => l.id.length), 12);
  for (const layer of result.stack.layers) {
    if (layer.crates.length === 0) continue;
    const items = layer.crates.map((cr) => {
      const text = `${cr.name} ${cr.versions.map(shortVersion).join('/')}${cr.members.length > 1 ? ` (${cr.members.length} members)` : ''}`;
      const status = cr.status as Status | null;
      const mark = isMoveAway(status) ? ` ✖ ${status}` : status === 'maintenance-mode' || status === 'niche' ? ` (${status})` : '';
      return isMoveAway(status) ? paintStatus(text + mark, status, c) : text + mark;
    });
    lines.push(`  ${layer.id.padEnd(width)}  ${items.join(' · ')}`);
  }
  if (result.stack.unclassified.length > 0) {
    lines.push(`  ${'unclassified'.padEnd(width)}  ${c.dim(result.stack.unclassified.map((cr) => cr.name).join(' · '))}`);
  }
  lines.push('');
  const total = summary.error + summary.warning + summary.note;
  lines.push(c.bold(`Findings (${plural(summary.error, 'error')}, ${plural(summary.warning, 'warning')}, ${plural(summary.note, 'note')})`) + (result.suppressed > 0 ? c.dim(` · ${result.suppressed} ignored by configuration`) : ''));
  if (total === 0) lines.push(c.green('  nothing to report'));
  for (const severity of ['error', 'warning', 'note'] as const) {
    for (const f of result.findings.filter((x) => x.severity === severity)) lines.push(...renderFinding(f, root, c));
  }
  const skipped = result.rules.filter((r) => r.skipped && r.skipped !== 'not selected (--only/--skip)' && r.skipped !== 'turned off in configuration');
  if (skipped.length > 0) {
    lines.push('');
    lines.push(c.dim(`Skipped: ${skipped.map((r) => `${r.id} (${r.skipped})`).join(', ')}`));
  }
  lines.push(c.dim(`${plural(result.rules.filter((r) => !r.skipped).length, 'rule')} ran in ${result.durationMs} ms${result.config ? ` · config ${result.config}` : ''}`));
  return lines.join('\n') + '\n';
}
