import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const created: string[] = [];
process.on('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-ci-'));
  created.push(dir);
  return dir;
}

/**
 * Copies a fixture to a fresh temporary directory. The CI reader also reads the enclosing git
 * repository's CI files, so fixtures must not be read in place inside this repository.
 */
export function outsideRepo(fixture: string): string {
  const dir = freshDir();
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

/** Writes files (relative path → content) into a fresh temporary directory. */
export function tempTree(files: Record<string, string>): string {
  const dir = freshDir();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
