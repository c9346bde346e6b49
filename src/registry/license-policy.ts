import parseSpdx from 'spdx-expression-parse';
import satisfies from 'spdx-satisfies';

/** One license term of an SPDX expression, e.g. `Apache-2.0 WITH LLVM-exception`. */
export interface LicenseTerm {
  license: string;
  plus: boolean;
  exception: string | null;
}

export type ParsedLicense = { ok: true; expression: string; alternatives: LicenseTerm[][] } | { ok: false; expression: string; error: string };

type SpdxNode = { license: string; plus?: boolean; exception?: string } | { left: SpdxNode; conjunction: 'and' | 'or'; right: SpdxNode };

/**
 * Parses a Cargo `license` value. Cargo's legacy `/` separator and lower-case operators are read as
 * SPDX `OR`/`AND`, as crates.io and cargo-deny read them; anything else must be valid SPDX.
 */
export function parseLicense(raw: string): ParsedLicense {
  const expression = raw
    .trim()
    .replace(/\s*\/\s*/g, ' OR ')
    .replace(/\s+(or|and|with)\s+/gi, (_, op: string) => ` ${op.toUpperCase()} `);
  try {
    const ast = parseSpdx(expression) as SpdxNode;
    return { ok: true, expression, alternatives: alternatives(ast) };
  } catch (error) {
    return { ok: false, expression, error: (error as Error).message };
  }
}

/** Disjunctive normal form: each inner list is one way to comply (all its terms together). */
function alternatives(node: SpdxNode): LicenseTerm[][] {
  if ('license' in node) return [[{ license: node.license, plus: node.plus === true, exception: node.exception ?? null }]];
  const left = alternatives(node.left);
  const right = alternatives(node.right);
  if (node.conjunction === 'or') return [...left, ...right];
  return left.flatMap((l) => right.map((r) => [...l, ...r]));
}

export function termText(term: LicenseTerm): string {
  return `${term.license}${term.plus ? '+' : ''}${term.exception ? ` WITH ${term.exception}` : ''}`;
}

/** `GPL-3.0-or-later`, `GPL-3.0-only`, `GPL-3.0+` and `GPL-3.0` name one license family for a deny list. */
function family(id: string): string {
  return id.replace(/\+$/, '').replace(/-(only|or-later)$/, '');
}

export interface Policy {
  allow: readonly string[];
  deny: readonly string[];
}

export type Verdict = { ok: true } | { ok: false; denied: string[]; notAllowed: string[] };

/**
 * Whether some alternative of the expression uses only allowed licenses (per spdx-satisfies, so
 * `GPL-2.0+` ranges and `WITH` exceptions are understood) and no denied one. An empty allow list
 * allows everything that is not denied. On failure, the alternative closest to compliance explains it.
 */
export function evaluate(parsed: Extract<ParsedLicense, { ok: true }>, policy: Policy): Verdict {
  const denyFamilies = new Set(policy.deny.map(family));
  let best: { denied: string[]; notAllowed: string[] } | undefined;
  for (const alternative of parsed.alternatives) {
    const denied = alternative.filter((t) => denyFamilies.has(family(t.license))).map(termText);
    const notAllowed = policy.allow.length === 0 ? [] : alternative.filter((t) => !allowed(t, policy.allow)).map(termText);
    if (denied.length === 0 && notAllowed.length === 0) return { ok: true };
    const bad = { denied, notAllowed: notAllowed.filter((t) => !denied.includes(t)) };
    if (!best || bad.denied.length + bad.notAllowed.length < best.denied.length + best.notAllowed.length) best = bad;
  }
  return { ok: false, ...(best ?? { denied: [], notAllowed: [] }) };
}

function allowed(term: LicenseTerm, allow: readonly string[]): boolean {
  try {
    return satisfies(termText(term), [...allow]);
  } catch {
    // LicenseRef-… and ids spdx-satisfies cannot compare: only an exact entry allows them.
    return allow.includes(termText(term));
  }
}
