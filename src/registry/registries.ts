import type { CargoConfig } from '../project/cargo-config.js';
import { isCratesIo } from '../project/lockfile.js';

/** How cargo-stack can read the registry a locked package comes from. */
export type RegistryRef =
  | { kind: 'sparse'; name: string; url: string }
  | { kind: 'unsupported'; name: string; reason: string };

export const CRATES_IO = 'crates-io';

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Maps lockfile `source` strings to registries. crates.io (git or sparse spelling) is read through
 * its sparse index (or the override); other `sparse+` registries are read directly and named from
 * `.cargo/config.toml`; git-index registries are not supported and say so by name.
 */
export class Registries {
  private readonly names = new Map<string, string>();
  private readonly memo = new Map<string, RegistryRef | null>();

  constructor(
    config: Pick<CargoConfig, 'registries'>,
    /** The crates.io sparse index URL (https://index.crates.io/ unless overridden). */
    private readonly cratesIoIndex: string,
  ) {
    for (const [name, index] of config.registries) this.names.set(this.normalize(index), name);
  }

  /** The registry of a locked package; null for path and git packages (no registry to ask). */
  of(source: string | null): RegistryRef | null {
    if (source === null) return null;
    if (this.memo.has(source)) return this.memo.get(source) ?? null;
    const ref = this.classify(source);
    this.memo.set(source, ref);
    return ref;
  }

  private classify(source: string): RegistryRef | null {
    if (isCratesIo(source)) return { kind: 'sparse', name: CRATES_IO, url: withSlash(this.cratesIoIndex) };
    if (source.startsWith('sparse+')) {
      const url = withSlash(source.slice('sparse+'.length));
      const name = this.names.get(this.normalize(source)) ?? url;
      if (!isHttpUrl(url)) return { kind: 'unsupported', name, reason: 'not an http(s) URL' };
      return { kind: 'sparse', name, url };
    }
    if (source.startsWith('registry+')) {
      const name = this.names.get(this.normalize(source)) ?? source.slice('registry+'.length);
      return { kind: 'unsupported', name, reason: 'git-protocol registry index (only sparse registries are supported)' };
    }
    return null;
  }

  /** Config entries are written `sparse+https://…` or a bare git URL; lockfiles prefix `registry+` for git. */
  private normalize(index: string): string {
    if (index.startsWith('sparse+')) return `sparse+${withSlash(index.slice('sparse+'.length))}`;
    const bare = index.startsWith('registry+') ? index.slice('registry+'.length) : index;
    return `registry+${bare.replace(/\/+$/, '')}`;
  }
}
