/**
 * CVSS severities from a vector string. v3.0/v3.1 base scores follow the FIRST v3.1 specification
 * (section 7 formulas, Appendix A rounding). CVSS v4.0 scores come from a lookup table of expert
 * rankings that is not reproduced here, so a v4 vector gets an *estimated* score: its base metrics
 * mapped onto the v3.1 equations (AT:P counts as AC:H, any subsequent-system impact as a changed
 * scope). The estimate is marked as such wherever it is shown.
 */

export type CvssRating = 'none' | 'low' | 'medium' | 'high' | 'critical';

export interface CvssScore {
  version: '3.0' | '3.1' | '4.0';
  score: number;
  rating: CvssRating;
  /** True for v4.0, whose score is an estimate (see above). */
  estimated: boolean;
}

const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Record<string, number> = { L: 0.77, H: 0.44 };
const PR_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Record<string, number> = { N: 0.85, R: 0.62 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

export function ratingOf(score: number): CvssRating {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

/** Parses `CVSS:3.1/AV:N/…` or `CVSS:4.0/…`; null when the vector is not valid. */
export function parseCvss(vector: string): CvssScore | null {
  const [head, ...parts] = vector.trim().split('/');
  const version = /^CVSS:(3\.0|3\.1|4\.0)$/.exec(head ?? '')?.[1] as CvssScore['version'] | undefined;
  if (!version) return null;
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const [key, value, extra] = part.split(':');
    if (!key || !value || extra !== undefined || metrics.has(key)) return null;
    metrics.set(key, value);
  }
  const m = (key: string): string => metrics.get(key) ?? '';
  if (version === '4.0') {
    const required = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'];
    if (!required.every((k) => metrics.has(k))) return null;
    if (!['N', 'P'].includes(m('AT')) || !['N', 'P', 'A'].includes(m('UI'))) return null;
    if (![m('SC'), m('SI'), m('SA')].every((v) => v in CIA)) return null;
    const changed = [m('SC'), m('SI'), m('SA')].some((v) => v !== 'N');
    const worst = (a: string, b: string): string => (CIA[a]! >= CIA[b]! ? a : b);
    const score = baseScore3({
      AV: m('AV'),
      AC: m('AC') === 'H' || m('AT') === 'P' ? 'H' : 'L',
      PR: m('PR'),
      UI: m('UI') === 'N' ? 'N' : 'R',
      S: changed ? 'C' : 'U',
      C: changed ? worst(m('VC'), m('SC')) : m('VC'),
      I: changed ? worst(m('VI'), m('SI')) : m('VI'),
      A: changed ? worst(m('VA'), m('SA')) : m('VA'),
    });
    return score === null ? null : { version, score, rating: ratingOf(score), estimated: true };
  }
  const score = baseScore3({ AV: m('AV'), AC: m('AC'), PR: m('PR'), UI: m('UI'), S: m('S'), C: m('C'), I: m('I'), A: m('A') });
  return score === null ? null : { version, score, rating: ratingOf(score), estimated: false };
}

interface Base3 {
  AV: string;
  AC: string;
  PR: string;
  UI: string;
  S: string;
  C: string;
  I: string;
  A: string;
}

function baseScore3(b: Base3): number | null {
  if (b.S !== 'U' && b.S !== 'C') return null;
  const changed = b.S === 'C';
  const av = AV[b.AV];
  const ac = AC[b.AC];
  const pr = (changed ? PR_CHANGED : PR_UNCHANGED)[b.PR];
  const ui = UI[b.UI];
  const c = CIA[b.C];
  const i = CIA[b.I];
  const a = CIA[b.A];
  if (av === undefined || ac === undefined || pr === undefined || ui === undefined || c === undefined || i === undefined || a === undefined) return null;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
}

/** Appendix A's Roundup: the smallest one-decimal number not below `x`, immune to float noise. */
function roundUp(x: number): number {
  const n = Math.round(x * 100000);
  return n % 10000 === 0 ? n / 100000 : (Math.floor(n / 10000) + 1) / 10;
}
