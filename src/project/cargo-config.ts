import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'smol-toml';
import type { Diagnostic } from './location.js';
import { isTable, readTextFile } from './manifest.js';

/** What cargo-stack needs from `.cargo/config.toml` files: registries and resolver settings. */
export interface CargoConfig {
  /** Registry name -> index URL (`sparse+https://…` or a git URL). */
  registries: Map<string, string>;
  /** `[resolver]` table (e.g. `incompatible-rust-versions`), not the workspace resolver version. */
  resolver: Record<string, unknown>;
  /** Config files that were read, nearest first. */
  files: string[];
  /**
   * Where `[source.crates-io] replace-with` sends crates.io, when the chain of replacements ends
   * at a sparse registry (a mirror); Cargo then never asks crates.io itself.
   */
  cratesIoMirror?: { source: string; index: string; file: string };
}

interface SourceEntry {
  replaceWith?: string;
  registry?: string;
  file: string;
}

/**
 * Reads `.cargo/config.toml` (or legacy `.cargo/config`) from `start` up to the filesystem root,
 * then `$CARGO_HOME/config.toml`; nearer files win, as in Cargo's hierarchical config.
 */
export function readCargoConfig(start: string, diagnostics: Diagnostic[]): CargoConfig {
  const config: CargoConfig = { registries: new Map(), resolver: {}, files: [] };
  const sources = new Map<string, SourceEntry>();

  const candidates: string[] = [];
  for (let dir = start; ; dir = dirname(dir)) {
    for (const name of ['config.toml', 'config']) {
      const file = join(dir, '.cargo', name);
      if (existsSync(file)) {
        candidates.push(file);
        break;
      }
    }
    if (dirname(dir) === dir) break;
  }
  const cargoHome = process.env.CARGO_HOME ?? join(homedir(), '.cargo');
  const homeConfig = join(cargoHome, 'config.toml');
  if (existsSync(homeConfig) && !candidates.includes(homeConfig)) candidates.push(homeConfig);

  for (const file of candidates) {
    const read = readTextFile(file, 1024 * 1024, 'config/file');
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    let doc: Record<string, unknown>;
    try {
      doc = parse(read.text) as Record<string, unknown>;
    } catch (error) {
      const e = error as { line?: number; column?: number; message?: string };
      diagnostics.push({
        code: 'config/parse-error',
        severity: 'warning',
        message: `cannot parse Cargo config: ${(e.message ?? String(error)).split('\n')[0]}`,
        location: { file, line: e.line ?? 1, column: e.column ?? 1 },
      });
      continue;
    }
    config.files.push(file);
    if (isTable(doc.registries)) {
      for (const [name, entry] of Object.entries(doc.registries)) {
        if (isTable(entry) && typeof entry.index === 'string' && !config.registries.has(name)) config.registries.set(name, entry.index);
      }
    }
    if (isTable(doc.resolver)) config.resolver = { ...doc.resolver, ...config.resolver };
    if (isTable(doc.source)) {
      for (const [name, entry] of Object.entries(doc.source)) {
        if (!isTable(entry)) continue;
        const known = sources.get(name) ?? { file };
        if (known.replaceWith === undefined && typeof entry['replace-with'] === 'string') known.replaceWith = entry['replace-with'];
        if (known.registry === undefined && typeof entry.registry === 'string') known.registry = entry.registry;
        sources.set(name, known);
      }
    }
  }
  // Environment variables beat every file, as in Cargo. `CARGO_REGISTRIES_MY_CORP_INDEX` names
  // `my-corp` (or `my_corp`): Cargo upper-cases the name and turns `-` into `_`.
  for (const [key, value] of Object.entries(process.env)) {
    const match = /^CARGO_REGISTRIES_(.+)_INDEX$/.exec(key);
    if (!match || !value) continue;
    const known = [...config.registries.keys()].find((name) => name.toUpperCase().replace(/-/g, '_') === match[1]);
    config.registries.set(known ?? match[1]!.toLowerCase(), value);
  }
  config.cratesIoMirror = followReplacements(sources, config.registries);
  return config;
}

/**
 * Follows `replace-with` from crates-io to the source that ends the chain. Only a sparse registry
 * (a `[source.x] registry = "sparse+…"` or a `[registries.x]` entry) is a mirror cargo-stack can
 * read; vendored directories and git mirrors hold copies of crates.io packages, so their yanked
 * and newest-version answers still come from crates.io.
 */
function followReplacements(sources: Map<string, SourceEntry>, registries: Map<string, string>): CargoConfig['cratesIoMirror'] {
  const seen = new Set<string>(['crates-io']);
  let entry = sources.get('crates-io');
  while (entry?.replaceWith !== undefined && !seen.has(entry.replaceWith)) {
    const name = entry.replaceWith;
    seen.add(name);
    const next = sources.get(name);
    const index = next?.registry ?? registries.get(name);
    if (next?.replaceWith === undefined && index !== undefined) {
      return index.startsWith('sparse+') ? { source: name, index: index.slice('sparse+'.length), file: next?.file ?? entry.file } : undefined;
    }
    entry = next;
  }
  return undefined;
}
