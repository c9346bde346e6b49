import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/bevy-sprite-without-camera');
const id = 'bevy/sprite-without-camera';

test('bevy/sprite-without-camera reports the first sprite a program spawns when no 2D camera exists', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, id);
  assert.deepEqual(places(findings, root), ['sprite@src/main.rs:9:21']);
  assert.equal(findings[0]!.data.count, 2);
  assert.equal(findings[0]!.related?.length, 1);
  assert.equal(findings[0]!.severity, 'warning');
});

test('bevy/sprite-without-camera is quiet when a camera is spawned in another file', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'good'), id), []);
});

test('bevy/sprite-without-camera is quiet on libraries, which leave the camera to the application', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'plugin'), id), []);
});
