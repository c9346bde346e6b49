import type { RuleContext } from '../../engine/define-rule.js';
import { findCrate } from '../../kb/load.js';
import type { LockPackage } from '../../project/lockfile.js';
import { affectedFunctions, affects, kindOf, type AdvisoryKind, type CompiledAdvisory } from '../../registry/advisory.js';
import type { AdvisoryData } from '../../registry/advisory-db.js';
import { parseCvss } from '../../registry/cvss.js';
import { CRATES_IO } from '../../registry/registries.js';
import { describeRemedy, exposuresOf, patchedHints, remedyFor, type Exposure } from '../../registry/remedy.js';
import type { IndexFile } from '../../registry/sparse-index.js';
import '../../registry/service.js';
import { capitalize } from '../../util/text.js';

/** Messages every advisory-based rule has for missing data. */
export const NO_DATA_MESSAGE = {
  message: 'advisories not checked: {reason}',
  fix: 'Run once without --offline to fetch the RustSec database, or reinstall cargo-stack to restore its shipped snapshot.',
};

/** "high, CVSS 3.1 7.5", "critical, CVSS 4.0 ≈9.3 (estimated)", or "not rated". */
export function severityText(cvss: string | undefined): { text: string; score: number | ''; rating: string } {
  const parsed = cvss ? parseCvss(cvss) : null;
  if (!parsed) return { text: cvss ? 'unparsed CVSS vector' : 'not rated', score: '', rating: '' };
  const score = parsed.score.toFixed(1);
  return {
    text: `${parsed.rating}, CVSS ${parsed.version} ${parsed.estimated ? `≈${score} (estimated)` : score}`,
    score: parsed.score,
    rating: parsed.rating,
  };
}

function chainText(ctx: RuleContext<unknown>, chain: number[]): string {
  const packages = ctx.workspace.lockfile!.packages;
  return chain.map((i, n) => (n === 0 ? packages[i]!.name : `${packages[i]!.name} ${packages[i]!.version}`)).join(' → ');
}


/** The advisory data, or a `noData` finding and undefined. */
export async function advisoryData(ctx: RuleContext<unknown>): Promise<AdvisoryData | undefined> {
  const registry = ctx.services.registry;
  const load = registry ? await registry.advisories() : { status: 'unavailable' as const, reason: 'no registry service' };
  if (load.status === 'ok') return load;
  ctx.report({ messageId: 'noData', data: { reason: load.reason }, location: { file: ctx.workspace.lockfilePath, line: 1, column: 1 }, severity: 'warning' });
  return undefined;
}

interface Hit {
  pkg: LockPackage;
  index: number;
  compiled: CompiledAdvisory;
}

/**
 * Reports every crates.io package in Cargo.lock affected by an advisory of one of `kinds`, at its
 * `[[package]]` entry, with the chains from members, and (for fixable kinds) how to upgrade.
 */
export async function reportAdvisories(ctx: RuleContext<unknown>, data: AdvisoryData, kinds: readonly AdvisoryKind[]): Promise<void> {
  const lock = ctx.workspace.lockfile;
  const registry = ctx.services.registry;
  if (!lock || !ctx.lockGraph || !registry) return;
  const hits: Hit[] = [];
  lock.packages.forEach((pkg, index) => {
    // RustSec's crates/ advisories are about crates.io packages only.
    if (registry.registryOf(pkg.source)?.name !== CRATES_IO) return;
    for (const compiled of data.index.forPackage(pkg.name)) {
      if (kinds.includes(kindOf(compiled.advisory)) && affects(compiled, pkg.version)) hits.push({ pkg, index, compiled });
    }
  });
  hits.sort((a, b) => a.index - b.index || a.compiled.advisory.id.localeCompare(b.compiled.advisory.id));
  if (hits.length === 0) return;

  const exposures = new Map<number, Exposure[]>();
  for (const hit of hits) if (!exposures.has(hit.index)) exposures.set(hit.index, exposuresOf(ctx.workspace, lock, ctx.lockGraph, hit.index));
  const indexes = await chainIndexes(ctx, [...exposures.values()].flat(), hits);

  for (const { pkg, index, compiled } of hits) {
    const advisory = compiled.advisory;
    const kind = kindOf(advisory);
    const reached = exposures.get(index) ?? [];
    const severity = severityText(advisory.cvss);
    const functions = affectedFunctions(compiled, pkg.version);
    const details = [
      severity.text,
      advisory.aliases?.join(', '),
      functions.length > 0 ? `affected functions: ${functions.join(', ')}` : undefined,
      advisory.os ? `only on ${advisory.os.join(', ')}` : undefined,
      advisory.arch ? `only on ${advisory.arch.join(', ')}` : undefined,
    ].filter((s): s is string => Boolean(s));
    if (kind !== 'vulnerability') details.shift();

    let fix: string;
    if (kind === 'unmaintained' || (kind === 'notice' && advisory.patched.length === 0)) {
      const entry = findCrate(ctx.kb, pkg.name);
      const alternatives = entry?.replacements.map((r) => r.crate ?? `\`${r.std}\``) ?? [];
      fix = alternatives.length > 0 ? `Move to ${alternatives.join(' or ')} (see ${advisory.url ?? advisory.id}).` : `Plan a replacement for ${pkg.name} (see ${advisory.url ?? `https://rustsec.org/advisories/${advisory.id}`}).`;
    } else {
      const remedies = new Map<string, string>();
      const known = reached.map((exposure) => ({
        exposure,
        remedy: remedyFor({
          lock,
          exposure,
          affected: (v) => affects(compiled, v),
          indexOf: (name) => indexes.get(name),
          patchedHints: patchedHints(advisory.patched),
        }),
      }));
      // A path whose advice is unknown (no index data) adds nothing when another path has advice.
      const useful = known.some((k) => k.remedy.kind !== 'unknown') ? known.filter((k) => k.remedy.kind !== 'unknown') : known;
      for (const { exposure, remedy } of useful) {
        const direct = lock.packages[exposure.chain[1] ?? -1]?.name ?? pkg.name;
        const text = describeRemedy(remedy, pkg.name, advisory.patched);
        if (![...remedies.values()].includes(text)) remedies.set(direct, text);
      }
      const parts = [...remedies.entries()];
      if (parts.length === 0) fix = capitalize(describeRemedy({ kind: 'unknown', reason: 'not reached' }, pkg.name, advisory.patched)) + '.';
      else if (parts.length === 1) fix = capitalize(parts[0]![1]) + '.';
      else fix = capitalize(parts.map(([direct, text]) => `via ${direct}: ${text}`).join('; ')) + '.';
    }

    const first = reached[0];
    ctx.report({
      messageId: kind,
      data: {
        crate: pkg.name,
        version: pkg.version,
        id: advisory.id,
        title: advisory.title.replace(/\.$/, ''),
        details: details.join('; '),
        detailsText: details.length > 0 ? ` (${details.join('; ')})` : '',
        severity: severity.rating,
        score: severity.score,
        aliases: advisory.aliases?.join(', ') ?? '',
        patched: advisory.patched.join(', ') || 'none',
        functions: functions.join(', '),
        path: first ? chainText(ctx, first.chain) : 'not reached from any member',
        via: [...new Set(reached.map((e) => lock.packages[e.chain[1] ?? -1]?.name).filter(Boolean))].join(', '),
        url: advisory.url ?? `https://rustsec.org/advisories/${advisory.id}`,
        fix,
      },
      location: pkg.location,
      related: reached
        .filter((e) => e.dependency)
        .slice(0, 5)
        .map((e) => ({ location: e.dependency!.location, message: `${e.member.name} reaches ${pkg.name} through ${chainText(ctx, e.chain)}` })),
      ...(first ? { member: first.member.name } : {}),
      crate: pkg.name,
    });
  }
}

/** Index files of every package on the chains (offline: whatever the cache has). */
async function chainIndexes(ctx: RuleContext<unknown>, exposures: Exposure[], hits: Hit[]): Promise<Map<string, IndexFile>> {
  const lock = ctx.workspace.lockfile!;
  const registry = ctx.services.registry!;
  const wanted = new Map<string, LockPackage>();
  for (const e of exposures) for (const i of e.chain.slice(1)) wanted.set(lock.packages[i]!.name, lock.packages[i]!);
  for (const h of hits) wanted.set(h.pkg.name, h.pkg);
  const list = [...wanted.values()];
  const results = await registry.indexAll(list.map((p) => ({ name: p.name, source: p.source })));
  const out = new Map<string, IndexFile>();
  results.forEach((r, i) => {
    if (r.status === 'ok') out.set(list[i]!.name, r.file);
  });
  return out;
}
