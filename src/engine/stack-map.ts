import type { Kb } from '../kb/load.js';
import { findCrate } from '../kb/load.js';
import type { DependencyKind, Workspace } from '../project/model.js';

export interface StackCrate {
  name: string;
  /** Resolved versions (from Cargo.lock), else the requirements, deduplicated. */
  versions: string[];
  /** Members that depend on it directly. */
  members: string[];
  kinds: DependencyKind[];
  category: string | null;
  status: string | null;
  summary: string | null;
}

export interface StackLayer {
  id: string;
  title: string;
  crates: StackCrate[];
}

export interface StackMap {
  layers: StackLayer[];
  /** Direct dependencies the knowledge base does not know: listed, never dropped. */
  unclassified: StackCrate[];
}

/** Groups every member's direct registry/git dependencies by stack layer. */
export function buildStackMap(ws: Workspace, kb: Kb): StackMap {
  const memberNames = new Set(ws.members.map((m) => m.name));
  const byName = new Map<string, StackCrate & { layer: string | null }>();
  for (const member of ws.members) {
    for (const dep of member.dependencies) {
      if (dep.source.type === 'path' || memberNames.has(dep.name)) continue;
      let entry = byName.get(dep.name);
      if (!entry) {
        const known = findCrate(kb, dep.name);
        entry = {
          name: dep.name,
          versions: [],
          members: [],
          kinds: [],
          layer: known?.layer ?? null,
          category: known?.category ?? null,
          status: known?.status ?? null,
          summary: known?.summary ?? null,
        };
        byName.set(dep.name, entry);
      }
      const version = dep.resolved?.version ?? dep.req;
      if (!entry.versions.includes(version)) entry.versions.push(version);
      if (!entry.members.includes(member.name)) entry.members.push(member.name);
      if (!entry.kinds.includes(dep.kind)) entry.kinds.push(dep.kind);
    }
  }
  const strip = ({ layer: _layer, ...rest }: StackCrate & { layer: string | null }): StackCrate => rest;
  const sorted = [...byName.values()].sort((a, b) => b.members.length - a.members.length || a.name.localeCompare(b.name));
  const layers = kb.layers.map((layer) => ({
    id: layer.id,
    title: layer.title,
    crates: sorted.filter((c) => c.layer === layer.id).map(strip),
  }));
  return { layers, unclassified: sorted.filter((c) => c.layer === null).map(strip) };
}
