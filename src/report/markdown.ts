import { relative } from 'node:path';
import type { RunResult } from '../engine/run.js';
import type { Severity } from '../engine/finding.js';

const ICON: Record<Severity, string> = { error: '🔴 error', warning: '🟡 warning', note: '🔵 note' };

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** A report for a pull-request comment: summary, stack map, findings table. */
export function renderMarkdown(result: RunResult): string {
  const { summary, workspace } = result;
  const out: string[] = [];
  out.push(`## cargo-stack audit`);
  out.push('');
  out.push(`**${summary.error}** errors · **${summary.warning}** warnings · **${summary.note}** notes · ${workspace.members.length} members · resolver ${workspace.resolver}${workspace.lockfile ? ` · Cargo.lock v${workspace.lockfile.version}` : ' · no Cargo.lock'}`);
  out.push('');
  const layers = result.stack.layers.filter((l) => l.crates.length > 0);
  if (layers.length > 0 || result.stack.unclassified.length > 0) {
    out.push('<details><summary>Stack map</summary>');
    out.push('');
    out.push('| layer | crates |');
    out.push('|---|---|');
    for (const l of layers) out.push(`| ${l.id} | ${cell(l.crates.map((c) => `${c.name} ${c.versions.join('/')}${c.status && !['recommended', 'solid'].includes(c.status) ? ` (${c.status})` : ''}`).join(', '))} |`);
    if (result.stack.unclassified.length > 0) out.push(`| unclassified | ${cell(result.stack.unclassified.map((c) => c.name).join(', '))} |`);
    out.push('');
    out.push('</details>');
    out.push('');
  }
  if (result.findings.length === 0) {
    out.push('No findings. ✅');
  } else {
    out.push('| severity | rule | location | finding | fix |');
    out.push('|---|---|---|---|---|');
    for (const f of result.findings) {
      const where = f.location ? `\`${relative(workspace.root, f.location.file)}:${f.location.line}:${f.location.column}\`` : '';
      out.push(`| ${ICON[f.severity]} | [${f.ruleId}](${f.docs}) | ${where} | ${cell(f.message)} | ${cell(f.fix)} |`);
    }
  }
  if (result.suppressed > 0) out.push('', `_${result.suppressed} finding(s) ignored by configuration._`);
  out.push('');
  return out.join('\n');
}
