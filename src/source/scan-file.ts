import { readFileSync } from 'node:fs';
import { lexRust, type LexResult } from './lexer.js';
import { parseRust } from './rust.js';
import { wants, type Hit, type Scanner } from './scanner.js';
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

const EMPTY_LEX: LexResult = { refs: [], docRefs: [], stringRefs: [], macroRefs: [], mods: [], includes: [], docIncludes: [], doctestIncludes: [], compileTests: [], outDir: false, asyncRegions: [] };

/** Reads, lexes and (only when a scanner's tokens or a suppression appear) parses one file. Never throws. */
export function scanFile(task: FileTask, scanners: ReadonlyMap<string, Scanner>): FileResult {
  const result: FileResult = { path: task.path, chars: 0, lex: EMPTY_LEX, parsed: false, hits: {}, suppressions: [], errors: [] };
  let text: string;
  try {
    text = readFileSync(task.path, 'utf8');
  } catch (error) {
    result.errors.push({ message: `cannot read: ${error instanceof Error ? error.message : String(error)}` });
    return result;
  }
  result.chars = text.length;
  result.lex = lexRust(text, { strings: task.strings });
  const active: [string, Scanner][] = [];
  for (const id of task.rules) {
    const scanner = scanners.get(id);
    if (scanner && wants(scanner, text, result.lex)) active.push([id, scanner]);
  }
  const suppressions = text.includes(SUPPRESSION_TOKEN);
  if ((active.length === 0 && !suppressions) || text.length > MAX_PARSE_CHARS) return result;
  let root;
  try {
    root = parseRust(text);
  } catch (error) {
    result.errors.push({ message: `cannot parse: ${error instanceof Error ? error.message : String(error)}` });
    return result;
  }
  result.parsed = true;
  const input = { path: task.path, text };
  for (const [id, scanner] of active) {
    try {
      const hits = scanner.scan(root, input);
      if (hits.length > 0) result.hits[id] = hits;
    } catch (error) {
      result.errors.push({ rule: id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (suppressions) {
    try {
      result.suppressions = findSuppressions(root, text);
    } catch (error) {
      result.errors.push({ message: `cannot read suppressions: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return result;
}
