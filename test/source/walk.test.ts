import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { walkSources } from '../../src/source/walk.js';

// Built in a temporary directory: a committed fixture's .gitignore would hide fixture files from
// git itself, and symlinks do not survive every checkout.
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'cargo-stack-walk-'));
  const files: Record<string, string> = {
    '.gitignore': '/ignored-dir/\n*.gen.rs\n',
    'Cargo.toml': '[workspace]\nmembers = ["crates/a", "crates/b"]\nresolver = "2"\n',
    'crates/a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n',
    'crates/a/.gitignore': '!keep.gen.rs\nlocal/\n',
    'crates/a/src/lib.rs': 'mod x;',
    'crates/a/src/x.rs': '',
    'crates/a/src/x.gen.rs': '',
    'crates/a/src/keep.gen.rs': '',
    'crates/a/src/y/mod.rs': '',
    'crates/a/local/z.rs': '',
    'crates/a/target/debug/t.rs': '',
    'crates/a/.hidden/h.rs': '',
    'crates/a/nested-pkg/Cargo.toml': '[package]\nname = "nested"\nversion = "0.1.0"\n',
    'crates/a/nested-pkg/src/lib.rs': '',
    'crates/a/tests/it.rs': '',
    'crates/a/notes.txt': 'not rust',
    'crates/b/Cargo.toml': '[package]\nname = "b"\nversion = "0.1.0"\nedition = "2021"\n',
    'crates/b/src/main.rs': '',
    'outside/helper.rs': '',
    'ignored-dir/i.rs': '',
  };
  mkdirSync(join(root, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  symlinkSync(join(root, 'crates/a/src'), join(root, 'crates/a/linked'));
  symlinkSync(join(root, 'crates/a'), join(root, 'crates/a/src/loop'));
  symlinkSync(join(root, 'outside'), join(root, 'crates/b/shared'));
  return root;
}

test('walkSources honors .gitignore (root, nested, negation), skips target/, hidden dirs and other packages, follows symlinks once', () => {
  const root = workspace();
  try {
    const files = walkSources(loadWorkspaceSync(root)).map((f) => `${f.member.name} ${f.path.slice(root.length + 1)}`).sort();
    assert.deepEqual(files, [
      'a crates/a/src/keep.gen.rs',
      'a crates/a/src/lib.rs',
      'a crates/a/src/x.rs',
      'a crates/a/src/y/mod.rs',
      'a crates/a/tests/it.rs',
      'b crates/b/shared/helper.rs',
      'b crates/b/src/main.rs',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
