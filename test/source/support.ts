import { join } from 'node:path';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { runAudit, type RunResult } from '../../src/engine/run.js';
import { ALL_RULES } from '../../src/rules/index.js';
import type { Finding } from '../../src/engine/finding.js';
import { createSourceService } from '../../src/source/service.js';
import { FIXTURES } from '../support/paths.js';
import type { SgNode } from '@ast-grep/napi';
import { lexRustTokens } from '../../src/source/lexer.js';
import { parseRust } from '../../src/source/rust.js';
import type { Hit, Scanner } from '../../src/source/scanner.js';

/** Audits a fixture with source analysis on (in-process unless `workers` says otherwise). */
export async function sourceAudit(path: string, only: string[], workers = 0): Promise<RunResult> {
  const workspace = loadWorkspaceSync(path.startsWith('/') ? path : join(FIXTURES, path));
  const services = { sources: createSourceService(workspace, { workers }) };
  return runAudit(workspace, { kb: loadDefaultKb(), rules: ALL_RULES, only, services, capabilities: ['kb', 'sources'] });
}

export async function sourceFindings(path: string, ruleId: string, workers = 0): Promise<Finding[]> {
  return (await sourceAudit(path, [ruleId], workers)).findings.filter((f) => f.ruleId === ruleId);
}

/** `messageId@file:line:col` relative to `root`, sorted. */
export function places(findings: readonly Finding[], root: string): string[] {
  return findings
    .map((f) => {
      if (!f.location) return f.messageId;
      const file = f.location.file.startsWith(root + '/') ? f.location.file.slice(root.length + 1) : f.location.file;
      return `${f.messageId}@${file}:${f.location.line}:${f.location.column}`;
    })
    .sort();
}

/** A scanner's hits on `text`, through whichever entry it has (`scanTokens` on the lexer's tokens, `scan` on a parse; `root` saves re-parsing). */
export function scannerHits(scanner: Scanner, text: string, path = 'src/lib.rs', root?: SgNode): Hit[] {
  const input = { path, text, options: {} };
  if (scanner.scanTokens) return scanner.scanTokens(input, lexRustTokens(text).tokens);
  return scanner.scan!(root ?? parseRust(text), input);
}
