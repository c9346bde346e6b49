import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/egui-app-update');
const id = 'egui/app-update';
const expected = [
  'appCreator@src/main.rs:21:55',
  'appUpdate@src/main.rs:8:8',
  'oldPanel@src/main.rs:12:9',
  'oldPanel@src/main.rs:9:9',
  'panelOnContext@src/main.rs:12:42',
  'panelOnContext@src/main.rs:13:39',
  'panelOnContext@src/main.rs:9:55',
];

test('egui/app-update warns on egui/eframe 0.34, where update and panels on a Context are deprecated', async () => {
  const root = join(dir, 'v034');
  const findings = await sourceFindings(root, id);
  assert.deepEqual(places(findings, root), expected);
  const creator = findings.find((f) => f.messageId === 'appCreator')!;
  assert.equal(creator.severity, 'error');
  assert.equal(creator.data.replacement, 'Ok(Box::new(app))');
  assert.ok(findings.filter((f) => f.messageId !== 'appCreator').every((f) => f.severity === 'warning'));
  const shows = findings.filter((f) => f.messageId === 'panelOnContext').map((f) => `${f.data.panel}.${f.data.method}→${f.data.replacement}`).sort();
  assert.deepEqual(shows, ['CentralPanel.show→.show_inside', 'SidePanel.show→.show_inside', 'TopBottomPanel.show_animated→.show_animated_inside']);
  assert.deepEqual(findings.filter((f) => f.messageId === 'oldPanel').map((f) => f.data.replacement).sort(), ['Panel::left', 'Panel::top']);
});

test('egui/app-update errs on 0.35 and later, where they were removed, and names the 0.35 methods', async () => {
  const root = join(dir, 'v036');
  const findings = await sourceFindings(root, id);
  assert.deepEqual(places(findings, root), expected);
  assert.ok(findings.every((f) => f.severity === 'error'));
  const shows = findings.filter((f) => f.messageId === 'panelOnContext').map((f) => String(f.data.replacement)).sort();
  assert.deepEqual(shows, ['.show', '.show', '.show_collapsible']);
  assert.equal(findings.find((f) => f.messageId === 'appUpdate')!.data.version, '0.36.1');
});

test('egui/app-update is quiet on the 0.36 API, other update methods, comments and strings', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'good'), id), []);
});

test('egui/app-update is quiet on eframe 0.27, before AppCreator returned a Result', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'old'), id), []);
});
