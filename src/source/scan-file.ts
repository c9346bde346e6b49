import { readFileSync } from 'node:fs';
import { lexRust, lexRustTokens, type LexResult } from './lexer.js';
import { parseRust } from './rust.js';
import { mayWant, wants, type Hit, type ScanInput, type Scanner } from './scanner.js';
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

/** Reads, lexes and (only when a scanner's tokens or a suppression appear) parses one file. Never throws. */
export function scanFile(task: FileTask, scanners: ReadonlyMap<string, ActiveScanner>): FileResult {
  const result: FileResult = { path: task.path, chars: 0, lex: EMPTY_LEX, parsed: false, hits: {}, suppressions: [], errors: [] };
  let text: string;
  try {
    text = readFileSync(task.path, 'utf8');
  } catch (error) {
    result.errors.push({ message: `cannot read: ${error instanceof Error ? error.message : String(error)}` });
    return result;
  }
  result.chars = text.length;
  // Record the code tokens only when a lexical scanner may want the file (a cheap substring test first).
  const lexical = task.rules.some((id) => {
    const s = scanners.get(id)?.scanner;
    return s !== undefined && (s.lexical === true || s.scanTokens !== undefined) && mayWant(s, text);
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
  const active: [string, Scanner, ScanInput][] = [];
  for (const id of task.rules) {
    const loaded = scanners.get(id);
    if (!loaded) continue;
    const { scanner, options } = loaded;
    if (suppressions ? !mayWant(scanner, text) : !wants(scanner, text, { lex, options, tokens })) continue;
    const input: ScanInput = { path: task.path, text, options };
    if (scanner.scanTokens) run(result, id, () => scanner.scanTokens!(input, tokens()));
    else if (scanner.scan) active.push([id, scanner, input]);
  }
  if ((active.length === 0 && !suppressions) || text.length > MAX_PARSE_CHARS) return result;
  let root;
  try {
    root = parseRust(text);
  } catch (error) {
    result.errors.push({ message: `cannot parse: ${error instanceof Error ? error.message : String(error)}` });
    return result;
  }
  result.parsed = true;
  for (const [id, scanner, input] of active) run(result, id, () => scanner.scan!(root, input));
  if (suppressions) {
    try {
      result.suppressions = findSuppressions(root, text);
    } catch (error) {
      result.errors.push({ message: `cannot read suppressions: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return result;
}

/** Runs one scanner, keeping its hits, or its failure as an error of its rule. */
function run(result: FileResult, id: string, scan: () => Hit[]): void {
  try {
    const hits = scan();
    if (hits.length > 0) result.hits[id] = hits;
  } catch (error) {
    result.errors.push({ rule: id, message: error instanceof Error ? error.message : String(error) });
  }
}
