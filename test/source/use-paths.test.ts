import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandUse, resolvePath, useAliases } from '../../src/source/use-paths.js';
import { parseRust } from '../../src/source/rust.js';

test('expandUse expands groups, self, renames and leading ::; skips globs and `_`', () => {
  const out = new Map<string, string>();
  expandUse('std::{fs, io::{self, Read as R}, thread::sleep, sync::*}', out);
  expandUse('::tokio::time::sleep as tsleep', out);
  expandUse('std::fmt::Write as _', out);
  assert.deepEqual(Object.fromEntries(out), { fs: 'std::fs', io: 'std::io', R: 'std::io::Read', sleep: 'std::thread::sleep', tsleep: 'tokio::time::sleep' });
});

test('useAliases reads every use declaration of a file; resolvePath resolves the first segment', () => {
  const aliases = useAliases(parseRust('use std::fs;\nmod m { use tokio::time::{sleep, /* comment */ Instant}; }\npub use reqwest::blocking as rb;'));
  assert.equal(resolvePath('fs::read_to_string', aliases), 'std::fs::read_to_string');
  assert.equal(resolvePath('sleep', aliases), 'tokio::time::sleep');
  assert.equal(resolvePath('rb::get', aliases), 'reqwest::blocking::get');
  assert.equal(resolvePath('::std :: thread::sleep', aliases), 'std::thread::sleep');
  assert.equal(resolvePath('Vec::<u8>::new', aliases), 'Vec::new');
  assert.equal(resolvePath('unknown::f', aliases), 'unknown::f');
});
