import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/dioxus-scope-api');
const id = 'dioxus/scope-api';

test('dioxus/scope-api reports the 0.4 scope API and dioxus-tui on dioxus 0.6', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, id);
  assert.deepEqual(places(findings, root), [
    'hookWithCx@src/main.rs:11:5',
    'render@src/main.rs:12:5',
    'scopeParam@src/main.rs:22:8',
    'scopeParam@src/main.rs:7:8',
    'scopeState@src/main.rs:26:20',
    'tui@Cargo.toml:8:1',
    'useRef@src/main.rs:9:16',
    'useSharedState@src/main.rs:10:18',
    'useState@src/main.rs:8:17',
  ]);
  const by = (m: string) => findings.find((f) => f.messageId === m)!;
  assert.equal(by('useState').data.replacement, 'use_signal(|| initial)');
  assert.equal(by('useState').data.version, '0.6.3');
  assert.deepEqual(findings.filter((f) => f.messageId === 'scopeParam').map((f) => f.data.found).sort(), ['cx: Scope', 'cx: Scope<RowProps>']);
  assert.equal(by('hookWithCx').data.hook, 'use_effect');
  assert.equal(by('tui').data.dependency, 'dioxus-tui');
  assert.ok(findings.every((f) => f.severity === 'error'));
});

test('dioxus/scope-api is quiet on the 0.5+ API, std::thread::Scope, comments and strings', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'good'), id), []);
});

test('dioxus/scope-api is quiet on dioxus 0.4, where the scope API is current', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'old'), id), []);
});
