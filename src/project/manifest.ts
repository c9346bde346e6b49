import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import type { Diagnostic, Location } from './location.js';
import { locateKeys, type KeyIndex } from './toml-locate.js';

/** Manifests larger than this are not read: real Cargo.toml files are a few KiB. */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

export type TomlTable = Record<string, unknown>;

/** A Cargo.toml that parsed: its table, its text, and where every key is. */
export interface Manifest {
  path: string;
  dir: string;
  text: string;
  doc: TomlTable;
  index: KeyIndex;
}

export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; diagnostic: Diagnostic };

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Reads a text file that must be UTF-8 and not huge; returns a diagnostic instead of throwing. */
export function readTextFile(path: string, limit: number, code: string): { ok: true; text: string } | { ok: false; diagnostic: Diagnostic } {
  const at: Location = { file: path, line: 1, column: 1 };
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { ok: false, diagnostic: { code: `${code}-unreadable`, severity: 'error', message: `${path} is not a file`, location: at } };
    size = stat.size;
  } catch (error) {
    return { ok: false, diagnostic: { code: `${code}-unreadable`, severity: 'error', message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, location: at } };
  }
  if (size > limit) {
    return {
      ok: false,
      diagnostic: { code: `${code}-too-large`, severity: 'error', message: `${path} is ${size} bytes, more than the ${limit}-byte limit; it was not read`, location: at },
    };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, diagnostic: { code: `${code}-unreadable`, severity: 'error', message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, location: at } };
  }
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, offset).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return {
      ok: false,
      diagnostic: { code: `${code}-not-utf8`, severity: 'error', message: `${path} is not valid UTF-8 (byte ${offset}); TOML files must be UTF-8`, location: { file: path, line, column } },
    };
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}

export function parseManifestText(path: string, text: string): ManifestResult {
  try {
    const doc = parse(text) as TomlTable;
    return { ok: true, manifest: { path, dir: dirname(path), text, doc, index: locateKeys(text) } };
  } catch (error) {
    if (error instanceof TomlError) {
      const firstLine = error.message.split('\n')[0] ?? 'invalid TOML';
      return {
        ok: false,
        diagnostic: {
          code: 'manifest/parse-error',
          severity: 'error',
          message: `${firstLine.replace(/^Invalid TOML document: /, 'invalid TOML: ')}`,
          location: { file: path, line: error.line, column: error.column },
          hint: 'Cargo cannot read this manifest either; fix the syntax (Cargo accepts TOML 1.1).',
        },
      };
    }
    return { ok: false, diagnostic: { code: 'manifest/parse-error', severity: 'error', message: `cannot parse ${path}: ${String(error)}`, location: { file: path, line: 1, column: 1 } } };
  }
}

export function readManifest(path: string): ManifestResult {
  const read = readTextFile(path, MAX_MANIFEST_BYTES, 'manifest/file');
  if (!read.ok) return read;
  return parseManifestText(path, read.text);
}

/** Location of a key path in a manifest, falling back to the nearest located ancestor, then 1:1. */
export function locate(manifest: Manifest, path: readonly (string | number)[]): Location {
  for (let n = path.length; n > 0; n--) {
    const pos = manifest.index.key(path.slice(0, n));
    if (pos) return { file: manifest.path, line: pos.line, column: pos.column };
  }
  return { file: manifest.path, line: 1, column: 1 };
}

/** Location of the value at a key path (e.g. an element of `members`), falling back to the key. */
export function locateValue(manifest: Manifest, path: readonly (string | number)[]): Location {
  const pos = manifest.index.value(path);
  if (pos) return { file: manifest.path, line: pos.line, column: pos.column };
  return locate(manifest, path);
}

/** Reads `key` or its deprecated `key_with_underscores` spelling, the way Cargo does. */
export function getDashed(table: TomlTable, key: string): { value: unknown; key: string } | undefined {
  if (key in table) return { value: table[key], key };
  const underscored = key.replace(/-/g, '_');
  if (underscored !== key && underscored in table) return { value: table[underscored], key: underscored };
  return undefined;
}
