import { readFileSync } from 'node:fs';
import { lexRust, lexRustTokens, type LexResult } from './lexer.js';
import { parseRust } from './rust.js';
import { mayWant, wants, type Hit, type Scanner } from './scanner.js';
import type { Tokens } from './tokens.js';
import { findSuppressions, SUPPRESSION_TOKEN, type RawSuppression } from './suppression.js';

/** Files larger than this are lexed but never parsed (generated tables; parsing them costs seconds). */
export const MAX_PARSE_CHARS = 4_000_000;

export interface FileTask {
  path: string;
  /** Ids of the scanners that apply to this file's member. */
  rules: string[];
  /** Collect code-like paths inside string literals (build scripts). */
  strings: boolean;
}

export interface FileResult {
  path: string;
  chars: number;
  lex: LexResult;
  parsed: boolean;
  hits: Record<string, Hit[]>;
  suppressions: RawSuppression[];
  /** A scanner that threw, or a file that could not be read. */
  errors: { rule?: string; message: string }[];
}

/** A loaded scanner with its rule's options for this run. */
export interface ActiveScanner {
  scanner: Scanner;
  options: Readonly<Record<string, unknown>>;
}

const EMPTY_LEX: LexResult = { refs: [], docRefs: [], stringRefs: [], macroRefs: [], mods: [], includes: [], docIncludes: [], doctestIncludes: [], compileTests: [], outDir: false, dynNames: [], asyncRegions: [] };

/**
 * What a file's scan still needs a parse tree for: the scanners that want it (prefilters passed)
 * and whether it holds suppressions. It crosses to a worker, which parses and runs them.
 */
export interface ParseJob {
  id: number;
  path: string;
  text: string;
  rules: string[];
  suppressions: boolean;
}

/** What a parse adds to a file's result. */
export interface ParseOutcome {
  id: number;
  parsed: boolean;
  hits: Record<string, Hit[]>;
  suppressions: RawSuppression[];
  errors: { rule?: string; message: string }[];
}

/** Reads, lexes and (only when a scanner's tokens or a suppression appear) parses one file. Never throws. */
export function scanFile(task: FileTask, scanners: ReadonlyMap<string, ActiveScanner>): FileResult {
  const { result, job } = lexFile(task, scanners, 0);
  if (job) mergeParse(result, parseFile(job, scanners));
  return result;
}

/**
 * The lexical half of a file's scan: read, lex, prefilters, token scanners. Returns the result
 * so far and, when a parse tree is needed, the job for `parseFile`. Never throws.
 */
export function lexFile(task: FileTask, scanners: ReadonlyMap<string, ActiveScanner>, id: number): { result: FileResult; job?: ParseJob } {
  const result: FileResult = { path: task.path, chars: 0, lex: EMPTY_LEX, parsed: false, hits: {}, suppressions: [], errors: [] };
  let text: string;
  try {
    text = readFileSync(task.path, 'utf8');
  } catch (error) {
    result.errors.push({ message: `cannot read: ${error instanceof Error ? error.message : String(error)}` });
    return { result };
  }
  result.chars = text.length;
  // Record the code tokens in the same pass only when a token scanner may want the file (a cheap substring test first).
  const lexical = task.rules.some((rule) => {
    const s = scanners.get(rule)?.scanner;
    return s?.scanTokens !== undefined && mayWant(s, text);
  });
  const first = lexical ? lexRustTokens(text, { strings: task.strings }) : { lex: lexRust(text, { strings: task.strings }), tokens: undefined };
  const lex = first.lex;
  let recorded = first.tokens;
  const tokens = (): Tokens => (recorded ??= lexRustTokens(text, { strings: task.strings }).tokens);
  result.lex = lex;
  // A file with a suppression gets every scanner whose words it has, prefilters aside: a
  // suppression counts as used by any hit in its span, also one that its rule does not report
  // (test code), which a prefilter may skip.
  const suppressions = text.includes(SUPPRESSION_TOKEN);
  const rules: string[] = [];
  for (const rule of task.rules) {
    const loaded = scanners.get(rule);
    if (!loaded) continue;
    const { scanner, options } = loaded;
    if (suppressions ? !mayWant(scanner, text) : !wants(scanner, text, { lex, options, tokens })) continue;
    if (scanner.scanTokens) run(result, rule, () => scanner.scanTokens!({ path: task.path, text, options }, tokens()));
    else if (scanner.scan) rules.push(rule);
  }
  if ((rules.length === 0 && !suppressions) || text.length > MAX_PARSE_CHARS) return { result };
  return { result, job: { id, path: task.path, text, rules, suppressions } };
}

/** The parse half: parses once and runs the job's scanners on the tree. Never throws. */
export function parseFile(job: ParseJob, scanners: ReadonlyMap<string, ActiveScanner>): ParseOutcome {
  const outcome: ParseOutcome = { id: job.id, parsed: false, hits: {}, suppressions: [], errors: [] };
  let root;
  try {
    root = parseRust(job.text);
  } catch (error) {
    outcome.errors.push({ message: `cannot parse: ${error instanceof Error ? error.message : String(error)}` });
    return outcome;
  }
  outcome.parsed = true;
  for (const rule of job.rules) {
    const loaded = scanners.get(rule);
    if (loaded?.scanner.scan) run(outcome, rule, () => loaded.scanner.scan!(root, { path: job.path, text: job.text, options: loaded.options }));
  }
  if (job.suppressions) {
    try {
      outcome.suppressions = findSuppressions(root, job.text);
    } catch (error) {
      outcome.errors.push({ message: `cannot read suppressions: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return outcome;
}

/** Adds a parse's outcome to the file's result. */
export function mergeParse(result: FileResult, outcome: ParseOutcome): void {
  result.parsed = outcome.parsed;
  Object.assign(result.hits, outcome.hits);
  result.suppressions = outcome.suppressions;
  result.errors.push(...outcome.errors);
}

/** Runs one scanner, keeping its hits, or its failure as an error of its rule. */
function run(result: { hits: Record<string, Hit[]>; errors: { rule?: string; message: string }[] }, id: string, scan: () => Hit[]): void {
  try {
    const hits = scan();
    if (hits.length > 0) result.hits[id] = hits;
  } catch (error) {
    result.errors.push({ rule: id, message: error instanceof Error ? error.message : String(error) });
  }
}
