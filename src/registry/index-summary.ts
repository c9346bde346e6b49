import { describeAge } from './age.js';
import type { IndexResult } from './sparse-index.js';

export interface IndexSummary {
  /** Crates whose index data could not be had, grouped by reason: "reason: n (a, b, c…)". */
  notChecked: { count: number; reasons: string } | null;
  /** Index data that did not come fresh from the registry: how old the oldest is, and why. */
  age: { count: number; age: string; why: string } | null;
}

function examples(names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown}, …` : shown;
}

/** Why a crate the registry does not have (404, 410, 451) was not checked. */
export const NOT_IN_REGISTRY = 'the registry has no crate of that name';

/**
 * What the rules using index data say about missing and cached data. With `countNotFound`, crates
 * the registry does not have are listed as not checked (for rules that do not report them otherwise).
 */
export function summarizeIndex(names: readonly string[], results: readonly IndexResult[], now: number, offline: boolean, countNotFound = false): IndexSummary {
  const missing = new Map<string, string[]>();
  let oldest = Infinity;
  let old = 0;
  const problems = new Set<string>();
  results.forEach((r, i) => {
    const name = names[i] ?? '?';
    const reason = r.status === 'unavailable' ? r.reason : r.status === 'not-found' && countNotFound ? NOT_IN_REGISTRY : undefined;
    if (reason !== undefined) missing.set(reason, [...(missing.get(reason) ?? []), name]);
    if (r.status === 'unavailable' || reason !== undefined) return;
    if (r.origin === 'stale' || (offline && r.origin === 'cache')) {
      old++;
      oldest = Math.min(oldest, r.fetchedAt);
      if (r.status === 'ok' && r.problem) problems.add(r.problem);
    }
  });
  const count = [...missing.values()].reduce((n, list) => n + list.length, 0);
  return {
    notChecked: count > 0 ? { count, reasons: [...missing].map(([reason, list]) => `${reason}: ${list.length} (${examples(list)})`).join('; ') } : null,
    age: old > 0 ? { count: old, age: describeAge(now - oldest), why: offline ? 'offline' : `the registry could not be reached (${[...problems].join(', ') || 'error'})` } : null,
  };
}
