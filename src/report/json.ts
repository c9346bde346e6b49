import type { RunResult } from '../engine/run.js';

/** The JSON report: the run result as is (schema: docs/json-report.md, `schemaVersion`). */
export function renderJson(result: RunResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
