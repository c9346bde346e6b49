import { basename } from 'node:path';
import { classify, type CiFact } from './classify.js';
import type { CiCommand, CiConfig, CiFile } from './model.js';
import { readCargoAliases, readCi } from './read.js';

/** The five parts of the standard CI bundle (reference: "Standard CI bundle"). */
export const BUNDLE_PARTS = ['fmt', 'clippy', 'tests', 'vulnerabilities', 'unused-deps'] as const;
export type BundlePart = (typeof BUNDLE_PARTS)[number];

export interface FactAt<F extends CiFact = CiFact> {
  fact: F;
  command: CiCommand;
}

export interface CiAnalysis {
  config: CiConfig;
  /** Commands that satisfy each part (empty when the part is missing). */
  present: Record<BundlePart, CiCommand[]>;
  /** Every clippy run that checks (not `--fix`), with whether warnings are denied. */
  clippy: FactAt<Extract<CiFact, { kind: 'clippy' }>>[];
  /** Every `cargo deny check`. */
  deny: FactAt<Extract<CiFact, { kind: 'deny' }>>[];
  /** `cargo fmt` runs without `--check` (they rewrite files instead of failing). */
  fmtWithoutCheck: CiCommand[];
  /** Distinct things CI runs that cargo-stack cannot look into (`cargo xtask`, remote workflows). */
  opaque: string[];
  /** The file that findings about missing parts point at. */
  mainFile: CiFile | undefined;
}

const FILE_PREFERENCE = /^(ci|rust|main|tests?|checks?|build|lint|pr|pull[-_]request)([-_.][\w.-]*)?\.ya?ml$/i;

export function analyzeCi(workspaceRoot: string): CiAnalysis {
  const config = readCi(workspaceRoot);
  const aliases = readCargoAliases(config.roots);
  const present: Record<BundlePart, CiCommand[]> = { fmt: [], clippy: [], tests: [], vulnerabilities: [], 'unused-deps': [] };
  const analysis: CiAnalysis = { config, present, clippy: [], deny: [], fmtWithoutCheck: [], opaque: [], mainFile: undefined };
  const opaque = new Set(config.opaque.map((o) => o.what));
  const perFile = new Map<string, { parts: Set<BundlePart>; count: number }>();
  for (const command of config.commands) {
    for (const fact of classify(command, aliases)) {
      let part: BundlePart | undefined;
      switch (fact.kind) {
        case 'fmt':
          if (fact.check) part = 'fmt';
          else analysis.fmtWithoutCheck.push(command);
          break;
        case 'clippy':
          if (!fact.fix) {
            part = 'clippy';
            analysis.clippy.push({ fact, command });
          }
          break;
        case 'tests':
          part = 'tests';
          break;
        case 'deny':
          analysis.deny.push({ fact, command });
          if (fact.checks.length === 0 || fact.checks.includes('advisories')) part = 'vulnerabilities';
          break;
        case 'audit':
          part = 'vulnerabilities';
          break;
        case 'unused-deps':
          part = 'unused-deps';
          break;
        case 'opaque':
          opaque.add(fact.what);
          break;
      }
      if (part) {
        present[part].push(command);
        const entry = perFile.get(command.ciFile) ?? { parts: new Set(), count: 0 };
        entry.parts.add(part);
        entry.count++;
        perFile.set(command.ciFile, entry);
      }
    }
  }
  analysis.opaque = [...opaque].sort();
  // The file with the most parts of the bundle, then one named like a CI workflow, then the
  // most bundle commands, then by path: that is where a missing check most likely belongs.
  // A workflow that calls local reusable workflows runs their checks too (uv's ci.yml).
  const partsOf = (path: string, seen: Set<string>): Set<BundlePart> => {
    const own = new Set(perFile.get(path)?.parts ?? []);
    const file = config.files.find((f) => f.path === path);
    for (const called of file?.calls ?? []) if (!seen.has(called)) for (const p of partsOf(called, new Set([...seen, called]))) own.add(p);
    return own;
  };
  const parts = (file: CiFile): number => partsOf(file.path, new Set([file.path])).size;
  const count = (file: CiFile): number => perFile.get(file.path)?.count ?? 0;
  const named = (file: CiFile): number => Number(FILE_PREFERENCE.test(basename(file.path)));
  analysis.mainFile = [...config.files].sort(
    (a, b) => parts(b) - parts(a) || named(b) - named(a) || count(b) - count(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  )[0];
  return analysis;
}

/** Analyses are shared by the family's rules within one audit (both rules get the same workspace object). */
const cache = new WeakMap<object, Promise<CiAnalysis>>();
const preloaded = new WeakMap<object, Promise<CiAnalysis>>();

/** The CI analysis of the workspace: one handed in by `preloadCiAnalysis` (computed here if that failed), else computed here; once. */
export function ciAnalysisFor(workspace: { root: string }): Promise<CiAnalysis> {
  let analysis = cache.get(workspace);
  if (!analysis) {
    const pending = preloaded.get(workspace);
    analysis = pending ? pending.catch(() => analyzeCi(workspace.root)) : Promise.resolve(analyzeCi(workspace.root));
    cache.set(workspace, analysis);
  }
  return analysis;
}

/**
 * Hands in an analysis computed elsewhere (a scan worker, idle while this thread walks the
 * sources: YAML parsing is a few hundred ms of cold code). If it fails, the first caller of
 * `ciAnalysisFor` computes it here; if no rule asks, nothing is computed.
 */
export function preloadCiAnalysis(workspace: { root: string }, pending: Promise<CiAnalysis>): void {
  pending.catch(() => undefined);
  preloaded.set(workspace, pending);
}
