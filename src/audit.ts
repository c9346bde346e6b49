import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ruleFamily, type Capability } from './engine/define-rule.js';
import { loadConfig, settingFor } from './engine/config.js';
import type { Preparer, PrepareOptions } from './engine/prepare.js';
import { runAudit, type RunResult } from './engine/run.js';
import type { AuditServices } from './engine/services.js';
import { loadDefaultKb, type Kb } from './kb/load.js';
import { loadWorkspaceSync } from './project/workspace.js';
import { prepareRegistry } from './registry/service.js';
import { ALL_RULES } from './rules/index.js';
import { prepareSources } from './source/service.js';
import { analyzeCiInWorker, releasePrestartedWorkers } from './source/pool.js';
import { preloadCiAnalysis } from './ci/bundle.js';
import type { DirListings } from './util/fs.js';

export interface AuditRequest {
  prepare: PrepareOptions;
  only?: string[];
  skip?: string[];
  kb?: Kb;
  /** Data subsystems to prepare; all of them unless a caller (a test) narrows it. */
  preparers?: Preparer[];
}

/** Loads the workspace at `path`, prepares sources and registry data, and runs every rule. */
export async function auditPath(path: string, request: AuditRequest): Promise<RunResult> {
  // One reading of each directory for the stray-manifest walk and the source walk.
  const listings: DirListings = new Map();
  // A prestarted scan worker reads the CI configuration meanwhile: of the directory given (the
  // workspace root, usually), or, once known, of the root when that is elsewhere.
  const guess = statSync(resolve(path), { throwIfNoEntry: false })?.isFile() ? dirname(resolve(path)) : resolve(path);
  const early = analyzeCiInWorker(guess);
  early?.catch(() => undefined);
  const workspace = loadWorkspaceSync(path, { scanStrays: true, listings });
  const ci = workspace.root === guess ? early : analyzeCiInWorker(workspace.root);
  if (ci) preloadCiAnalysis(workspace, ci);
  const config = loadConfig(workspace, ALL_RULES);
  const selected = (id: string, list: string[] | undefined): boolean => list !== undefined && list.some((s) => s === id || s === ruleFamily(id));
  const ruleIds = new Set(
    ALL_RULES.map((r) => r.meta.id).filter(
      (id) => settingFor(config, ALL_RULES.find((r) => r.meta.id === id)!).severity !== 'off' && (!request.only?.length || selected(id, request.only)) && !selected(id, request.skip),
    ),
  );
  const services: Partial<AuditServices> = {};
  const capabilities: Capability[] = ['kb'];
  for (const preparer of request.preparers ?? [prepareSources, prepareRegistry]) {
    const prepared = await preparer(workspace, { ...request.prepare, ruleIds, listings });
    Object.assign(services, prepared.services);
    capabilities.push(...prepared.capabilities);
  }
  try {
    return await runAudit(workspace, { kb: request.kb ?? loadDefaultKb(), rules: ALL_RULES, only: request.only, skip: request.skip, services, capabilities, config });
  } finally {
    // Workers started for a scan that did not happen (no source rule ran): not waited for.
    releasePrestartedWorkers();
  }
}
