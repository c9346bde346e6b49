/** Writing a plan to disk: what is already there, what would be overwritten, and the writes. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/fs.js';
import type { PlannedFile } from './plan.js';

export type TargetState = { kind: 'missing' } | { kind: 'file' } | { kind: 'directory'; entries: string[] };

export function inspectTarget(dir: string): TargetState {
  if (!existsSync(dir)) return { kind: 'missing' };
  if (!statSync(dir).isDirectory()) return { kind: 'file' };
  return { kind: 'directory', entries: readdirSync(dir).sort() };
}

export interface Collisions {
  /** Planned files that exist already and would be replaced. */
  files: string[];
  /** Planned files whose path is taken by a directory: these cannot be written at all. */
  directories: string[];
}

export function collisions(dir: string, files: readonly PlannedFile[]): Collisions {
  const result: Collisions = { files: [], directories: [] };
  for (const file of files) {
    const full = join(dir, file.path);
    if (!existsSync(full)) continue;
    if (statSync(full).isDirectory()) result.directories.push(file.path);
    else result.files.push(file.path);
  }
  return result;
}

/** Writes every file atomically (a temporary file, then a rename), creating folders as needed. */
export function writePlan(dir: string, files: readonly PlannedFile[]): void {
  for (const file of files) writeFileAtomic(join(dir, file.path), file.content);
}
