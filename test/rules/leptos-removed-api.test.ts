import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/leptos-removed-api');
const id = 'leptos/removed-api';

test('leptos/removed-api reports 0.6 APIs on leptos 0.7, with the replacement and severity per pattern', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, id);
  assert.deepEqual(places(findings, root), [
    'createEffect@src/lib.rs:9:5',
    'createMemo@src/lib.rs:6:18',
    'createResource@src/lib.rs:7:16',
    'createRwSignal@src/lib.rs:8:24',
    'createSignal@src/lib.rs:10:17',
    'createSignal@src/lib.rs:5:30',
    'globImport@src/lib.rs:1:1',
    'intoViewBranches@src/lib.rs:16:38',
    'intoViewBranches@src/lib.rs:27:24',
    'mountToBody@src/bin/app.rs:1:14',
    'mountToBody@src/lib.rs:34:5',
  ]);
  const by = (m: string) => findings.find((f) => f.messageId === m)!;
  assert.equal(by('createResource').severity, 'error');
  assert.equal(by('createResource').data.replacement, 'Resource::new(source, fetcher)');
  assert.equal(by('createResource').data.version, '0.7.8');
  assert.equal(by('createSignal').severity, 'warning');
  assert.equal(by('createSignal').data.replacement, 'signal(value)');
  assert.equal(by('createRwSignal').data.replacement, 'RwSignal::new(value)');
  assert.equal(by('globImport').severity, 'warning');
  assert.equal(by('globImport').data.replacement, 'use leptos::prelude::*;');
  assert.equal(by('mountToBody').data.replacement, 'leptos::mount::mount_to_body');
  const match = findings.find((f) => f.messageId === 'intoViewBranches' && f.location?.line === 16)!;
  assert.equal(match.data.count, 3);
  assert.equal(match.data.construct, 'match arms');
  assert.equal(match.related?.length, 2);
  assert.equal(match.severity, 'error');
});

test('leptos/removed-api is quiet on the 0.7 API, in comments and strings, and on functions of the same name', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'good'), id), []);
});

test('leptos/removed-api is quiet on leptos 0.6, where the old API is current', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'old'), id), []);
});
