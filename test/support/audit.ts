import { join } from 'node:path';
import type { RunResult } from '../../src/engine/run.js';
import { auditPath } from '../../src/audit.js';
import { prepareSources } from '../../src/source/service.js';
import type { Finding } from '../../src/engine/finding.js';
import { FIXTURES } from './paths.js';

/**
 * Audits a fixture workspace (path relative to test/fixtures, or absolute) with only the given
 * rules, reading sources but never the network or the user's registry cache.
 */
export async function audit(path: string, only: string[] = []): Promise<RunResult> {
  return auditPath(path.startsWith('/') ? path : join(FIXTURES, path), {
    only,
    prepare: { offline: true, refresh: false, sources: true, licenses: false },
    preparers: [prepareSources],
  });
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
