import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIgnored, parseGitignore } from '../../src/source/gitignore.js';

const file = parseGitignore(
  '/r',
  ['# comment', '', 'target', '/generated/', '*.bak.rs', 'docs/**/*.rs', '**/fixtures/**', '!fixtures/keep.rs', 'a?c.rs', 'x[0-9].rs', 'y[!0-9].rs', '\\#hash.rs', 'trailing.rs   '].join('\n'),
);
const ignored = (path: string, dir = false): boolean => isIgnored([file], `/r/${path}`, dir);

test('gitignore: unanchored names match at any depth, anchored ones only at the root', () => {
  assert.equal(ignored('target', true), true);
  assert.equal(ignored('crates/a/target', true), true);
  assert.equal(ignored('generated', true), true);
  assert.equal(ignored('src/generated', true), false);
  assert.equal(ignored('generated', false), false, 'a trailing slash matches directories only');
});

test('gitignore: globs, classes, double stars, escapes and trailing spaces', () => {
  assert.equal(ignored('src/old.bak.rs'), true);
  assert.equal(ignored('docs/a/b/c.rs'), true);
  assert.equal(ignored('docs/c.rs'), true);
  assert.equal(ignored('src/docs/c.rs'), false);
  assert.equal(ignored('tests/fixtures/x.rs'), true);
  assert.equal(ignored('abc.rs'), true);
  assert.equal(ignored('abbc.rs'), false);
  assert.equal(ignored('x7.rs'), true);
  assert.equal(ignored('xa.rs'), false);
  assert.equal(ignored('ya.rs'), true);
  assert.equal(ignored('y7.rs'), false);
  assert.equal(ignored('#hash.rs'), true);
  assert.equal(ignored('trailing.rs'), true);
  assert.equal(ignored('src/lib.rs'), false);
});

test('gitignore: the last matching pattern wins, and deeper files override shallower ones', () => {
  assert.equal(ignored('fixtures/keep.rs'), false);
  const nested = parseGitignore('/r/crates/a', ['!old.bak.rs'].join('\n'));
  assert.equal(isIgnored([file, nested], '/r/crates/a/old.bak.rs', false), false);
  assert.equal(isIgnored([file, nested], '/r/crates/b/old.bak.rs', false), true);
});
