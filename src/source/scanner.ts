/**
 * What a source rule runs inside a scan worker. A rule module exports `scanner` (built with
 * `defineScanner`); the worker imports the module by URL, so a scanner must be self-contained:
 * it gets the parsed file and returns plain, serializable hits. Everything that needs the
 * workspace model (version gates, target kinds, reporting) stays in the rule's `check`.
 */
import type { SgNode } from '@ast-grep/napi';
import type { LexResult } from './lexer.js';
import type { Tokens } from './tokens.js';

export interface HitRelated {
  line: number;
  column: number;
  message: string;
}

/** One match of a scanner in one file. Lines and columns are 1-based (columns in UTF-16 units). */
export interface Hit {
  messageId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  data?: Record<string, string | number>;
  related?: HitRelated[];
}

export interface ScanInput {
  path: string;
  text: string;
  /** The rule's options, as configured for this run (defaults filled in). */
  options: Readonly<Record<string, unknown>>;
}

/** What a prefilter sees besides the text. */
export interface PrefilterContext {
  lex: LexResult;
  options: Readonly<Record<string, unknown>>;
  /** The code tokens: recorded by the lexer's pass when a token scanner (`scanTokens`) wants the file, else lexed again on the first call (call it after the cheap checks). */
  tokens: () => Tokens;
}

export interface Scanner {
  /** The file is parsed for this scanner only if its text contains at least one of these (plain substrings). */
  tokens: readonly string[];
  /** …and every one of these. */
  allTokens?: readonly string[];
  /** A finer test, run after the tokens matched and before parsing: the text and its lexical scan (a regex is fine here). */
  prefilter?: (text: string, context: PrefilterContext) => boolean;
  /** Runs on the parsed file; must not throw on odd syntax (tree-sitter keeps going with ERROR nodes). */
  scan?(root: SgNode, file: ScanInput): Hit[];
  /** Instead of `scan`: runs on the file's code tokens, so this scanner never makes a file parsed. */
  scanTokens?(file: ScanInput, tokens: Tokens): Hit[];
}

export function defineScanner(scanner: Scanner): Scanner {
  return scanner;
}

/** Whether a scanner's tokens make the file worth parsing. */
export function wants(scanner: Scanner, text: string, context: PrefilterContext): boolean {
  if (!mayWant(scanner, text)) return false;
  return scanner.prefilter ? scanner.prefilter(text, context) : true;
}

/** The plain substring part of `wants`. */
export function mayWant(scanner: Scanner, text: string): boolean {
  if (scanner.allTokens && !scanner.allTokens.every((t) => text.includes(t))) return false;
  return scanner.tokens.some((t) => text.includes(t));
}

/**
 * Whether `re` (a global regex) matches outside comment lines: a match on a line that starts
 * with `//` is in a comment (or inside a string literal), never code. Cheaper than tokens, for
 * prefilters whose words turn up in doc examples.
 */
export function matchesOutsideCommentLines(re: RegExp, text: string, skip?: (index: number) => boolean): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let i = text.lastIndexOf('\n', m.index) + 1;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    const commentLine = text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 47 && i < m.index;
    if (!commentLine && !skip?.(m.index)) return true;
    if (m[0].length === 0) re.lastIndex++;
  }
  return false;
}

/** Whether `index` lies in one of `regions` (`[start, end)` pairs, as `testRegions` gives). */
export function inRegions(regions: readonly (readonly [number, number])[], index: number): boolean {
  return regions.some(([start, end]) => index >= start && index < end);
}

/** A hit spanning `node`, with 1-based positions. */
export function hitAt(node: SgNode, messageId: string, data?: Record<string, string | number>, related?: HitRelated[]): Hit {
  const { start, end } = node.range();
  const hit: Hit = { messageId, line: start.line + 1, column: start.column + 1, endLine: end.line + 1, endColumn: end.column + 1 };
  if (data) hit.data = data;
  if (related && related.length > 0) hit.related = related;
  return hit;
}

/** 1-based start of a node, for `related` entries. */
export function relatedAt(node: SgNode, message: string): HitRelated {
  const { start } = node.range();
  return { line: start.line + 1, column: start.column + 1, message };
}

/** A node's kind as a plain string (the typed API narrows kinds to a union that most code does not need). */
export function kindOf(node: SgNode): string {
  return node.kind() as string;
}

/** Whether `re` (a global regex) matches inside one of the lexer's async regions (and not where `skip` says). */
export function matchesInAsync(re: RegExp, text: string, lex: LexResult, skip?: (index: number) => boolean): boolean {
  const regions = lex.asyncRegions;
  if (regions.length === 0) return false;
  re.lastIndex = regions[0]!;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // Regions are in order of their start; nested ones lie inside their parents.
    for (let r = 0; r < regions.length && regions[r]! <= m.index; r += 2) if (m.index < regions[r + 1]! && !skip?.(m.index)) return true;
    if (m[0].length === 0) re.lastIndex++;
  }
  return false;
}
