import type { Location } from '../project/location.js';

export const SEVERITIES = ['error', 'warning', 'note'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** How safe an automatic fix is (clippy's applicability, reduced to two levels). */
export type Applicability = 'safe' | 'needs-review';

/** One thing an audit found. Data only: reporters turn it into text. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Id of the message template in the rule's `messages`, with the data it was filled with. */
  messageId: string;
  data: Record<string, string | number>;
  /** The filled-in message. */
  message: string;
  /** The fix, in one sentence. */
  fix: string;
  location?: Location;
  /** Other places that matter (e.g. every member that declares the same crate). */
  related?: { location: Location; message: string }[];
  /** The workspace member the finding is about, by package name. */
  member?: string;
  /** The crate the finding is about. */
  crate?: string;
  /** Stack layer of `crate`, when the knowledge base knows it. */
  layer?: string;
  /** Link to the rule's documentation page. */
  docs: string;
  /** Present when `cargo-stack fix` can apply the fix. */
  applicability?: Applicability;
}
