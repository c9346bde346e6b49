import { join } from 'node:path';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { runAudit, type RunResult } from '../../src/engine/run.js';
import { ALL_RULES } from '../../src/rules/index.js';
import type { Finding } from '../../src/engine/finding.js';
import { FIXTURES } from './paths.js';

/** Audits a fixture workspace (path relative to test/fixtures, or absolute) with only the given rules. */
export async function audit(path: string, only: string[] = []): Promise<RunResult> {
  const workspace = loadWorkspaceSync(path.startsWith('/') ? path : join(FIXTURES, path));
  return runAudit(workspace, { kb: loadDefaultKb(), rules: ALL_RULES, only });
}

/** Findings of one rule on a fixture, as `messageId@file:line:col` strings relative to the fixture. */
export async function findingsOf(path: string, ruleId: string): Promise<Finding[]> {
  const result = await audit(path, [ruleId]);
  return result.findings.filter((f) => f.ruleId === ruleId);
}

export function where(f: Finding, root: string): string {
  if (!f.location) return f.messageId;
  const file = f.location.file.startsWith(root + '/') ? f.location.file.slice(root.length + 1) : f.location.file;
  return `${f.messageId}@${file}:${f.location.line}:${f.location.column}`;
}
