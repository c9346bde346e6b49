/** Runs an audit of a workspace the way `cargo-stack audit` does, for the web app's re-runs. */
import type { PrepareOptions } from '../engine/prepare.js';
import type { RunResult } from '../engine/run.js';
import type { Kb } from '../kb/load.js';
import { auditPath } from '../audit.js';

export async function auditWorkspace(path: string, kb: Kb, prepare: PrepareOptions): Promise<RunResult> {
  return auditPath(path, { kb, prepare });
}
