import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSourcehut, sourcehutManifests } from '../../src/ci/sourcehut.js';
import { tempTree } from './support.js';

test('readSourcehut reads builds.sr.ht tasks with their environment', () => {
  const root = tempTree({
    '.builds/linux.yml': 'image: archlinux\nenvironment:\n  RUSTFLAGS: -D warnings\ntasks:\n  - rustfmt: |\n      cd repo\n      cargo +nightly fmt -- --check\n  - clippy: cargo clippy --all-targets\n',
    '.builds/notes.txt': 'not a manifest',
  });
  const [manifest] = sourcehutManifests(root);
  assert.deepEqual(sourcehutManifests(root), [`${root}/.builds/linux.yml`]);
  const part = readSourcehut(manifest!, root);
  assert.deepEqual(part.files.map((f) => `${f.anchor.line}:${f.anchor.column}`), ['4:1']);
  assert.deepEqual(part.commands.map((c) => `${c.argv.join(' ')}@${c.location.line}:${c.location.column} ${c.env['RUSTFLAGS']} ${c.origin}`), [
    'cargo +nightly fmt -- --check@7:7 -D warnings .builds/linux.yml task `rustfmt`',
    'cargo clippy --all-targets@8:13 -D warnings .builds/linux.yml task `clippy`',
  ]);
});
