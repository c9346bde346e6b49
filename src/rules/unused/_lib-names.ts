/**
 * The name a dependency's library has in code when it differs from the package name with `-` → `_`.
 * Sources, best first: a workspace member's `[lib] name`; a path dependency's manifest; the
 * dependency's manifest in the local Cargo registry cache (`$CARGO_HOME/registry/src/*\/name-version`)
 * at the version Cargo.lock resolved; a short table of well-known crates; else the package name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import { parse } from 'smol-toml';
import { isTable } from '../../project/manifest.js';
import type { Dependency, Package, Workspace } from '../../project/model.js';

/** Published crates whose `[lib] name` is not their package name with `-` → `_`. */
export const KNOWN_LIB_NAMES: Readonly<Record<string, string>> = {
  'rust-ini': 'ini',
  'md-5': 'md5',
  'sha-1': 'sha1',
  'xml-rs': 'xml',
  'rust-crypto': 'crypto',
  'rust-argon2': 'argon2',
  'freetype-rs': 'freetype',
  'yeslogic-fontconfig-sys': 'fontconfig_sys',
  'servo-fontconfig': 'fontconfig',
  'rust-s3': 's3',
  'rustc-serialize': 'rustc_serialize',
  'rustls-webpki': 'webpki',
  'astral-tokio-tar': 'tokio_tar',
  'astral-tl': 'tl',
  'mopa-maintained': 'mopa',
  libcst: 'libcst_native',
};

const segments = (name: string): string[] => name.toLowerCase().split(/[-_]/).filter(Boolean);

function containsRun(outer: string[], inner: string[]): boolean {
  if (inner.length === 0 || inner.length > outer.length) return false;
  for (let i = 0; i + inner.length <= outer.length; i++) if (inner.every((s, k) => outer[i + k] === s)) return true;
  return false;
}

/**
 * Whether `ident`, a crate-like name that no declared dependency explains, is probably `pkg`'s
 * library under another name: forks and ports keep the original's name (`astral-tokio-tar` →
 * `tokio_tar`, `mopa-maintained` → `mopa`, `md-5` → `md5`), or extend it (`libcst` → `libcst_native`).
 */
export function looksLikeLibOf(ident: string, pkg: string): boolean {
  const a = segments(ident);
  const b = segments(pkg);
  if (a.join('') === b.join('')) return true;
  return containsRun(b, a) || containsRun(a, b);
}

const manifestLibCache = new Map<string, string | null>();

function libNameInManifest(path: string): string | null {
  let cached = manifestLibCache.get(path);
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const doc = parse(readFileSync(path, 'utf8'));
    if (isTable(doc.lib) && typeof doc.lib.name === 'string') cached = doc.lib.name;
  } catch {
    // Missing or unreadable: fall back to the next source.
  }
  manifestLibCache.set(path, cached);
  return cached;
}

let registryDirs: string[] | undefined;

function registrySourceDirs(): string[] {
  if (registryDirs) return registryDirs;
  const home = process.env.CARGO_HOME ?? join(homedir(), '.cargo');
  const src = join(home, 'registry', 'src');
  try {
    registryDirs = existsSync(src) ? readdirSync(src).map((d) => join(src, d)) : [];
  } catch {
    registryDirs = [];
  }
  return registryDirs;
}

export function libNameOf(workspace: Workspace, member: Package, dep: Dependency): string {
  const fallback = dep.name.replace(/-/g, '_');
  if (dep.source.type === 'path') {
    const dir = normalize(isAbsolute(dep.source.path) ? dep.source.path : join(member.dir, dep.source.path));
    const local = workspace.members.find((m) => m.dir === dir);
    const lib = local?.targets.find((t) => t.kind === 'lib');
    if (lib) return lib.name;
    return libNameInManifest(join(dir, 'Cargo.toml')) ?? fallback;
  }
  const version = dep.resolved?.version;
  if (version && dep.source.type === 'registry') {
    for (const dir of registrySourceDirs()) {
      const manifest = join(dir, `${dep.name}-${version}`, 'Cargo.toml');
      if (!existsSync(manifest)) continue;
      const name = libNameInManifest(manifest);
      if (name) return name;
    }
  }
  return KNOWN_LIB_NAMES[dep.name] ?? fallback;
}
