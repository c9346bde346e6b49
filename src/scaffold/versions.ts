/**
 * Where the dependency versions of a generated workspace come from. Sources are asked in order
 * for the newest release compatible with what the template was written for (`^baseline`); the
 * first answer wins, and the template's own baseline is the last resort. The crates.io client
 * (src/registry/) plugs in as one more `VersionSource` in front of the knowledge base.
 */
import semver from 'semver';
import { findCrate, type Kb } from '../kb/load.js';

export type VersionOrigin = 'crates.io' | 'kb' | 'template';

export interface VersionSource {
  readonly origin: Exclude<VersionOrigin, 'template'>;
  /** How the source is named to users, e.g. "the crates.io index". */
  readonly label: string;
  /**
   * The newest release of `crate` that satisfies `range` and, where the source knows the crate's
   * own minimum Rust, builds with `rustVersion`; undefined when this source does not know.
   */
  newest(crate: string, range: string, rustVersion?: string): Promise<string | undefined>;
}

/** A dependency as the template needs it: the version its code was written and checked against. */
export interface VersionRequest {
  name: string;
  baseline: string;
}

export interface ResolvedVersion {
  name: string;
  version: string;
  origin: VersionOrigin;
}

/** A source that failed for some crates; those fell through to the next source. */
export interface VersionProblem {
  source: string;
  message: string;
  crates: string[];
}

export interface Resolution {
  versions: ResolvedVersion[];
  problems: VersionProblem[];
}

/** The template only works within the baseline's semver-compatible range (axum 0.8 code is not 0.9 code). */
export function compatibleRange(baseline: string): string {
  return `^${baseline}`;
}

/** `latest` from the KB entry, when it fits the range. */
export function kbVersionSource(kb: Kb): VersionSource {
  return {
    origin: 'kb',
    label: 'the knowledge base shipped with cargo-stack',
    async newest(crate, range) {
      const latest = findCrate(kb, crate)?.latest;
      return latest !== undefined && semver.satisfies(latest, range) ? latest : undefined;
    },
  };
}

export async function resolveVersions(requests: readonly VersionRequest[], sources: readonly VersionSource[], rustVersion?: string): Promise<Resolution> {
  const problems = new Map<string, VersionProblem>();
  const versions = await Promise.all(
    requests.map(async ({ name, baseline }): Promise<ResolvedVersion> => {
      const range = compatibleRange(baseline);
      for (const source of sources) {
        try {
          const version = await source.newest(name, range, rustVersion);
          if (version !== undefined) return { name, version, origin: source.origin };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const key = `${source.label}\n${message}`;
          const problem = problems.get(key) ?? { source: source.label, message, crates: [] };
          problem.crates.push(name);
          problems.set(key, problem);
        }
      }
      return { name, version: baseline, origin: 'template' };
    }),
  );
  return { versions, problems: [...problems.values()] };
}

/** "the crates.io index: unreachable (tokio, serde)": one line per distinct failure. */
export function describeProblem(problem: VersionProblem): string {
  return `${problem.source}: ${problem.message} (${problem.crates.sort().join(', ')})`;
}

const ORIGIN_LABEL: Record<VersionOrigin, string> = {
  'crates.io': 'newest compatible release on crates.io',
  kb: 'knowledge base shipped with cargo-stack',
  template: "template baseline (the knowledge base has no version for these)",
};

/** One line per origin: "knowledge base shipped with cargo-stack: anyhow 1.0.104, clap 4.6.6". */
export function describeVersions(versions: readonly ResolvedVersion[]): string[] {
  const lines: string[] = [];
  for (const origin of ['crates.io', 'kb', 'template'] as const) {
    const group = versions.filter((v) => v.origin === origin);
    if (group.length > 0) lines.push(`${ORIGIN_LABEL[origin]}: ${group.map((v) => `${v.name} ${v.version}`).join(', ')}`);
  }
  return lines;
}

/** A short phrase for the generated README: where the versions came from. */
export function versionOriginPhrase(versions: readonly ResolvedVersion[]): string {
  const origins = new Set(versions.map((v) => v.origin));
  const parts: string[] = [];
  if (origins.has('crates.io')) parts.push('newest compatible releases on crates.io');
  if (origins.has('kb')) parts.push('the versions recorded in the cargo-stack knowledge base');
  if (origins.has('template')) parts.push("the template's baseline where the knowledge base had none");
  return parts.length === 0 ? 'no registry dependencies' : parts.join(', ');
}
