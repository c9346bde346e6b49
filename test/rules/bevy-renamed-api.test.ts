import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import type { Finding } from '../../src/engine/finding.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/bevy-renamed-api');
const id = 'bevy/renamed-api';

/** `messageId@line:col severity` of each finding (all in src/main.rs), sorted. */
async function summary(fixture: string): Promise<string[]> {
  const root = join(dir, fixture);
  const findings: Finding[] = await sourceFindings(root, id);
  return findings.map((f) => `${places([f], root)[0]!.replace('src/main.rs:', '')} ${f.severity}`).sort();
}

const V015 = ['bundle@5:20 warning', 'bundle@6:20 warning', 'bundle@7:20 warning', 'style@7:40 error', 'timeSeconds@13:19 error'];
const V016 = [
  'bundle@5:20 error', 'bundle@6:20 error', 'bundle@7:20 error', 'despawnRecursive@26:33 warning', 'getSingle@19:33 warning', 'parent@24:55 error',
  'singleValue@14:31 error', 'singleValue@20:30 error', 'style@7:40 error', 'timeSeconds@13:19 error',
];
const V017 = [
  'bundle@5:20 error', 'bundle@6:20 error', 'bundle@7:20 error', 'despawnRecursive@26:33 error', 'events@24:104 warning', 'events@24:77 warning', 'events@30:29 warning',
  'getSingle@19:33 error', 'parent@24:55 error', 'singleValue@14:31 error', 'singleValue@20:30 error', 'style@7:40 error', 'timeSeconds@13:19 error',
];
const V019 = [...V017.map((s) => s.replace(' warning', ' error')), 'scene@8:20 error', 'scene@9:23 error'].sort();

test('bevy/renamed-api is quiet on bevy 0.14, before any of the renames', async () => {
  assert.deepEqual(await summary('v014'), []);
});

test('bevy/renamed-api on 0.15: bundles deprecated, Style and delta_seconds gone', async () => {
  assert.deepEqual(await summary('v015'), V015);
  const findings = await sourceFindings(join(dir, 'v015'), id);
  const time = findings.find((f) => f.messageId === 'timeSeconds')!;
  assert.equal(time.data.replacement, '.delta_secs()');
  assert.equal(time.data.version, '0.15.3');
  assert.equal(findings.find((f) => f.data.found === 'SpriteBundle')!.data.replacement, 'Sprite');
});

test('bevy/renamed-api on 0.16: bundles and Parent gone, get_single and despawn_recursive deprecated, .single() is a Result', async () => {
  assert.deepEqual(await summary('v016'), V016);
  const findings = await sourceFindings(join(dir, 'v016'), id);
  assert.deepEqual(findings.filter((f) => f.messageId === 'singleValue').map((f) => f.data.use).sort(), ['`transform` (.translation)', 'a tuple pattern']);
  assert.equal(findings.find((f) => f.messageId === 'parent')!.data.replacement, 'ChildOf');
});

test('bevy/renamed-api on 0.17: events deprecated in favour of messages, get_single and despawn_recursive gone', async () => {
  assert.deepEqual(await summary('v017'), V017);
  const findings = await sourceFindings(join(dir, 'v017'), id);
  assert.deepEqual(findings.filter((f) => f.messageId === 'events').map((f) => f.data.replacement).sort(), ['MessageReader', 'MessageWriter', 'Messages']);
});

test('bevy/renamed-api on 0.19: events gone and the old scene types renamed to world serialization', async () => {
  assert.deepEqual(await summary('v019'), V019);
  const findings = await sourceFindings(join(dir, 'v019'), id);
  assert.deepEqual(findings.filter((f) => f.messageId === 'scene').map((f) => f.data.replacement).sort(), ['WorldAsset', 'WorldAssetRoot']);
});

test('bevy/renamed-api is quiet on the 0.19 API, own types named like old ones, foreign imports, enum variants, comments and strings', async () => {
  assert.deepEqual(await summary('good'), []);
});
