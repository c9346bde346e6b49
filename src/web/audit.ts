/** Runs an audit of a workspace the way `cargo-stack audit` does, for the web app's re-runs. */
import type { Capability } from '../engine/define-rule.js';
import type { PrepareOptions } from '../engine/prepare.js';
import { runAudit, type RunResult } from '../engine/run.js';
import type { AuditServices } from '../engine/services.js';
import type { Kb } from '../kb/load.js';
import { loadWorkspaceSync } from '../project/workspace.js';
import { prepareRegistry } from '../registry/service.js';
import { ALL_RULES } from '../rules/index.js';
import { prepareSources } from '../source/service.js';

export async function auditWorkspace(path: string, kb: Kb, prepare: PrepareOptions): Promise<RunResult> {
  const workspace = loadWorkspaceSync(path);
  const services: Partial<AuditServices> = {};
  const capabilities: Capability[] = ['kb'];
  for (const preparer of [prepareSources, prepareRegistry]) {
    const prepared = await preparer(workspace, prepare);
    Object.assign(services, prepared.services);
    capabilities.push(...prepared.capabilities);
  }
  return runAudit(workspace, { kb, rules: ALL_RULES, services, capabilities });
}
