import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Location } from '../project/location.js';

/**
 * A parsed YAML file with what is needed to point at its lines: the document, its text and a
 * line counter. Every node keeps its source range, so a command found anywhere in the file (a
 * `run:` block, a GitLab `script:` item, an anchor's target) can be located to line:col.
 */
export interface YamlFile {
  path: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export type YamlRead = { ok: true; file: YamlFile } | { ok: false; message: string; location: Location };

/** Parses YAML text; the first error (with its line:col) makes the file unreadable. Never throws. */
export function parseYaml(path: string, text: string): YamlRead {
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    // `<<` merge keys are expanded by pairsOf below, so the parser keeps them as plain keys.
    // GitLab's `!reference` is an unknown tag to a plain YAML parser: it stays a tagged sequence
    // (a warning, not an error) and src/ci/gitlab.ts resolves it.
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error), location: { file: path, line: 1, column: 1 } };
  }
  const error = doc.errors[0];
  if (error) {
    const pos = lines.linePos(Math.min(error.pos[0], text.length));
    return { ok: false, message: error.message.split('\n')[0]!, location: { file: path, line: pos.line, column: pos.col } };
  }
  return { ok: true, file: { path, text, doc, lines } };
}

export function locationAt(file: YamlFile, offset: number): Location {
  const pos = file.lines.linePos(Math.max(0, Math.min(offset, file.text.length)));
  return { file: file.path, line: pos.line, column: pos.col };
}

/** Where a node starts; the file's first line when the node has no range (never in parsed input). */
export function nodeLocation(file: YamlFile, node: unknown): Location {
  const range = (node as { range?: [number, number, number] | null } | null)?.range;
  return locationAt(file, range ? range[0] : 0);
}

/** The node an alias points at, else the node itself. */
export function deref(file: YamlFile, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 32; hops++) current = current.resolve(file.doc);
  return current;
}

/** A map's pairs, with `<<` merge keys expanded (own keys first, as YAML merge defines). */
export function pairsOf(file: YamlFile, node: unknown, depth = 0): Pair[] {
  const map = deref(file, node);
  if (!isMap(map) || depth > 16) return [];
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const item of (map as YAMLMap).items) {
    if (!isPair(item)) continue;
    if (keyOf(file, item) === '<<') {
      const source = deref(file, item.value);
      const sources = isSeq(source) ? source.items : [source];
      for (const s of sources) merged.push(...pairsOf(file, s, depth + 1));
    } else own.push(item);
  }
  const seen = new Set(own.map((p) => keyOf(file, p)));
  return [...own, ...merged.filter((p) => !seen.has(keyOf(file, p)))];
}

export function keyOf(file: YamlFile, pair: Pair): string | undefined {
  const key = deref(file, pair.key);
  if (isScalar(key)) return key.value === null ? undefined : String(key.value);
  return undefined;
}

export function getPair(file: YamlFile, node: unknown, key: string): Pair | undefined {
  return pairsOf(file, node).find((p) => keyOf(file, p) === key);
}

export function get(file: YamlFile, node: unknown, key: string): unknown {
  const pair = getPair(file, node, key);
  return pair ? deref(file, pair.value) : undefined;
}

/** A scalar's value as a string (numbers and booleans too), else undefined. */
export function str(file: YamlFile, node: unknown): string | undefined {
  const value = deref(file, node);
  if (!isScalar(value) || value.value === null || value.value === undefined) return undefined;
  return typeof value.value === 'object' ? undefined : String(value.value);
}

export function items(file: YamlFile, node: unknown): unknown[] {
  const value = deref(file, node);
  return isSeq(value) ? (value as YAMLSeq).items : [];
}

/** `env:`/`variables:` maps as strings; GitLab's `{ value: … }` form too. */
export function stringMap(file: YamlFile, node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairsOf(file, node)) {
    const key = keyOf(file, pair);
    if (key === undefined) continue;
    const value = str(file, pair.value) ?? str(file, get(file, pair.value, 'value'));
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Locates commands inside a scalar: `offsets` are offsets in the scalar's value (in order). The
 * value's text is looked up in the source from the scalar's start, line by line, so block
 * scalars (`|`), plain and quoted scalars all map back; a line that cannot be found (escapes in a
 * double-quoted string, folding) falls back to the scalar's start.
 */
export function locateInScalar(file: YamlFile, node: unknown, value: string, offsets: number[]): Location[] {
  const scalar = deref(file, node) as Scalar | undefined;
  const range = scalar?.range;
  if (!range) return offsets.map(() => nodeLocation(file, scalar));
  const source = file.text.slice(0, range[1]);
  let cursor = range[0];
  return offsets.map((offset) => {
    const eol = value.indexOf('\n', offset);
    const line = value.slice(offset, eol < 0 ? value.length : eol).trimEnd();
    // The whole rest of the line, else its first two words, else its first word: folded
    // scalars (`>`) join source lines, so only the start of a command may be found verbatim.
    const words = line.split(/\s+/);
    for (const needle of [line, words.slice(0, 2).join(' '), words[0] ?? '']) {
      const found = needle.length > 0 ? source.indexOf(needle, cursor) : -1;
      if (found < 0) continue;
      cursor = found + 1;
      return locationAt(file, found);
    }
    return locationAt(file, range[0]);
  });
}
