import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/embassy-spawn-signature');
const id = 'embassy/spawn-signature';

test('embassy/spawn-signature reports 0.9 spawn idioms and arch-* features on embassy-executor 0.10', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, id);
  assert.deepEqual(places(findings, root), [
    'archFeature@Cargo.toml:6:52',
    'archFeature@app/Cargo.toml:7:74',
    'archFeature@fw/Cargo.toml:10:8',
    'mustSpawn@fw/src/main.rs:18:13',
    'resultOfSpawn@fw/src/main.rs:14:29',
    'resultOfSpawn@fw/src/main.rs:15:30',
    'resultOfSpawn@fw/src/main.rs:16:5',
    'resultOfSpawn@fw/src/main.rs:17:5',
    'resultOfSpawn@fw/src/main.rs:24:5',
    'tokenIsResult@fw/src/main.rs:19:19',
  ]);
  const data = (m: string, line: number) => findings.find((f) => f.messageId === m && f.location?.line === line)!.data;
  assert.equal(data('resultOfSpawn', 14).replacement, 'spawner.spawn(blink(1).unwrap())');
  assert.equal(data('resultOfSpawn', 16).replacement, 'spawner.spawn(unwrap!(worker(2)))');
  assert.equal(data('resultOfSpawn', 24).replacement, 'spawner.spawn(worker(3)?)');
  assert.equal(data('mustSpawn', 18).replacement, 'spawner.spawn(blink(3).unwrap())');
  assert.equal(data('tokenIsResult', 19).task, 'blink');
  assert.deepEqual(
    findings.filter((f) => f.messageId === 'archFeature').map((f) => `${f.data.feature}→${f.data.replacement}`).sort(),
    ['arch-cortex-m→platform-cortex-m', 'arch-riscv32→platform-riscv32', 'arch-std→platform-std'],
  );
  assert.equal(data('archFeature', 6).version, '0.10.0');
});

test('embassy/spawn-signature is quiet on the 0.10 idioms, thread/process/tokio spawns, comments and strings', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'good'), id), []);
});

test('embassy/spawn-signature is quiet on embassy-executor 0.9, where spawn returned the Result', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'old'), id), []);
});
