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
}

/**
 * Reads `.cargo/config.toml` (or legacy `.cargo/config`) from `start` up to the filesystem root,
 * then `$CARGO_HOME/config.toml`; nearer files win, as in Cargo's hierarchical config.
 */
export function readCargoConfig(start: string, diagnostics: Diagnostic[]): CargoConfig {
  const config: CargoConfig = { registries: new Map(), resolver: {}, files: [] };
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
  }
  return config;
}
