/**
 * Loads and validates the knowledge base. Bad data never throws: every file that does not parse or
 * does not match its schema becomes a problem (with a line when we can find one) and is skipped.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TomlError } from 'smol-toml';
import { locateKeys } from '../project/toml-locate.js';
import type * as z from 'zod';
import {
  CategoriesFileSchema,
  ComparisonSchema,
  CrateEntrySchema,
  LayersFileSchema,
  ToolchainSchema,
  type Category,
  type Comparison,
  type CrateEntry,
  type Layer,
  type Toolchain,
} from './schema.js';

export interface KbProblem {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

export interface Kb {
  dir: string;
  crates: Map<string, CrateEntry>;
  layers: Layer[];
  categories: Category[];
  comparisons: Comparison[];
  toolchain: Toolchain | undefined;
  problems: KbProblem[];
  /** Normalized name or alias -> crate name; built once so lookups stay O(1). */
  index: Map<string, string>;
}

/** crates.io treats `-` and `_` as the same and compares names case-insensitively. */
export function normalizeCrateName(name: string): string {
  return name.trim().toLowerCase().replaceAll('_', '-');
}

export function loadKb(dir: string): Kb {
  const problems: KbProblem[] = [];
  const layers = readOne(dir, 'layers.toml', LayersFileSchema, problems)?.layers ?? [];
  const categories = readOne(dir, 'categories.toml', CategoriesFileSchema, problems)?.categories ?? [];
  const toolchain = readOne(dir, 'toolchain.toml', ToolchainSchema, problems);

  const crates = new Map<string, CrateEntry>();
  for (const file of listToml(join(dir, 'crates'))) {
    const entry = readFile(file, CrateEntrySchema, problems);
    if (entry === undefined) continue;
    if (basename(file, '.toml') !== entry.name) {
      problems.push({ file, message: `file name must equal the crate name "${entry.name}"` });
      continue;
    }
    crates.set(entry.name, entry);
  }

  const comparisons: Comparison[] = [];
  for (const file of listToml(join(dir, 'comparisons'))) {
    const comparison = readFile(file, ComparisonSchema, problems);
    if (comparison === undefined) continue;
    if (basename(file, '.toml') !== comparison.id) {
      problems.push({ file, message: `file name must equal the comparison id "${comparison.id}"` });
      continue;
    }
    comparisons.push(comparison);
  }

  return { dir, crates, layers, categories, comparisons, toolchain, problems, index: buildIndex(crates, problems, dir) };
}

function buildIndex(crates: Map<string, CrateEntry>, problems: KbProblem[], dir: string): Map<string, string> {
  const index = new Map<string, string>();
  for (const entry of crates.values()) index.set(normalizeCrateName(entry.name), entry.name);
  // Aliases go second so a real crate name always wins over someone else's alias.
  for (const entry of crates.values()) {
    for (const alias of entry.aliases) {
      const key = normalizeCrateName(alias);
      const owner = index.get(key);
      if (owner === undefined) index.set(key, entry.name);
      else if (owner !== entry.name) {
        problems.push({ file: join(dir, 'crates', `${entry.name}.toml`), message: `alias "${alias}" already names crate "${owner}"` });
      }
    }
  }
  return index;
}

export function findCrate(kb: Kb, name: string): CrateEntry | undefined {
  const canonical = kb.index.get(normalizeCrateName(name));
  return canonical === undefined ? undefined : kb.crates.get(canonical);
}

/** Up to 5 KB crate names close to `name`, for "unknown crate, did you mean …" messages. */
export function suggest(kb: Kb, name: string, limit = 5): string[] {
  const wanted = normalizeCrateName(name);
  if (wanted === '') return [];
  const maxDistance = Math.max(2, Math.floor(wanted.length / 3));
  // Family matches (`actix` -> `actix-web`) rank after every real typo match.
  const familyScore = maxDistance + 0.5;
  const best = new Map<string, number>();
  for (const [key, canonical] of kb.index) {
    let d = editDistance(wanted, key, maxDistance);
    if (d > maxDistance && (key.startsWith(`${wanted}-`) || wanted.startsWith(`${key}-`))) d = familyScore;
    if (d <= familyScore && d < (best.get(canonical) ?? Infinity)) best.set(canonical, d);
  }
  return [...best]
    .sort(([a, da], [b, db]) => da - db || a.length - b.length || a.localeCompare(b))
    .slice(0, limit)
    .map(([n]) => n);
}

/** Levenshtein distance; gives up early (returns max + 1) once every path exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

let defaultKb: Kb | undefined;

/** The KB shipped with the package: compiled code is dist/src/kb/load.js, so kb/ is three levels up. */
export function defaultKbDir(): string {
  return fileURLToPath(new URL('../../../kb/', import.meta.url));
}

/** Written by `npm run build` next to the compiled loader (scripts/bundle-kb.mjs). */
export const KB_BUNDLE_PATH = fileURLToPath(new URL('../kb/kb-bundle.json', import.meta.url));

/**
 * The shipped KB. Parsing and validating ~700 TOML files costs ~200 ms per command, so the build
 * writes the validated result to a bundle; it is used only while the KB files are byte for byte
 * the ones it was made from, so an edited entry is always read and validated afresh.
 */
export function loadDefaultKb(): Kb {
  const dir = defaultKbDir();
  defaultKb ??= readKbBundle(dir, KB_BUNDLE_PATH) ?? loadKb(dir);
  return defaultKb;
}

/** The KB's data files, relative to its folder, in a stable order. */
function kbFiles(dir: string): string[] {
  return [
    'layers.toml',
    'categories.toml',
    'toolchain.toml',
    ...listToml(join(dir, 'crates')).map((f) => relative(dir, f)),
    ...listToml(join(dir, 'comparisons')).map((f) => relative(dir, f)),
  ];
}

/** A hash of every data file's name and bytes: what the bundle must match to be used. */
export function kbFingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const file of kbFiles(dir)) {
    hash.update(file).update('\0');
    const full = join(dir, file);
    if (existsSync(full)) hash.update(readFileSync(full));
    hash.update('\0');
  }
  return hash.digest('hex');
}

interface KbBundle {
  format: 1;
  fingerprint: string;
  crates: CrateEntry[];
  layers: Layer[];
  categories: Category[];
  comparisons: Comparison[];
  toolchain: Toolchain | null;
  /** Problem files are relative to the KB folder, so the bundle survives a move. */
  problems: KbProblem[];
}

export function serializeKb(kb: Kb, fingerprint: string): string {
  const bundle: KbBundle = {
    format: 1,
    fingerprint,
    crates: [...kb.crates.values()],
    layers: kb.layers,
    categories: kb.categories,
    comparisons: kb.comparisons,
    toolchain: kb.toolchain ?? null,
    problems: kb.problems.map((p) => ({ ...p, file: relative(kb.dir, p.file) })),
  };
  return JSON.stringify(bundle);
}

/** The bundled KB when it was made from exactly the files in `dir`; undefined otherwise. */
export function readKbBundle(dir: string, bundlePath: string): Kb | undefined {
  let bundle: KbBundle;
  try {
    bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as KbBundle;
  } catch {
    return undefined;
  }
  if (bundle.format !== 1 || bundle.fingerprint !== kbFingerprint(dir)) return undefined;
  const crates = new Map(bundle.crates.map((c) => [c.name, c]));
  const problems = bundle.problems.map((p) => ({ ...p, file: join(dir, p.file) }));
  // The bundle's problems already include what building the index found.
  const index = buildIndex(crates, [], dir);
  const kb: Kb = { dir, crates, layers: bundle.layers, categories: bundle.categories, comparisons: bundle.comparisons, toolchain: bundle.toolchain ?? undefined, problems, index };
  return kb;
}

function listToml(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.toml'))
    .sort()
    .map((f) => join(dir, f));
}

function readOne<S extends z.ZodType>(dir: string, name: string, schema: S, problems: KbProblem[]): z.output<S> | undefined {
  const file = join(dir, name);
  if (!existsSync(file)) {
    problems.push({ file, message: 'file is missing' });
    return undefined;
  }
  return readFile(file, schema, problems);
}

function readFile<S extends z.ZodType>(file: string, schema: S, problems: KbProblem[]): z.output<S> | undefined {
  let text: string;
  let data: unknown;
  try {
    text = readFileSync(file, 'utf8');
    data = parse(text);
  } catch (err) {
    if (err instanceof TomlError) {
      problems.push({ file, message: err.message.split('\n')[0] ?? 'invalid TOML', line: err.line, column: err.column });
    } else {
      problems.push({ file, message: err instanceof Error ? err.message : String(err) });
    }
    return undefined;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    problems.push({ file, message: `${where}${issue.message}`, ...locate(text, issue.path) });
  }
  return undefined;
}

/**
 * Line and column of the key an issue is about, or of its nearest ancestor that is written in
 * the file (a missing key is reported at its table).
 */
export function locate(text: string, path: readonly PropertyKey[]): { line?: number; column?: number } {
  const index = locateKeys(text);
  const keys = path.filter((k): k is string | number => typeof k !== 'symbol');
  for (let n = keys.length; n > 0; n--) {
    const pos = index.key(keys.slice(0, n));
    if (pos) return pos;
  }
  return {};
}
