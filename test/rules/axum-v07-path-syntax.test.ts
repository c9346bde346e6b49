import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';
import { rewriteV07Path } from '../../src/rules/axum/v07-path-syntax.js';

const dir = join(FIXTURES, 'rules/axum-v07-path-syntax');
const ID = 'axum/v07-path-syntax';

test('axum/v07-path-syntax reports `:param` and `*wildcard` literals passed to route methods with axum 0.8', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), [
    'param@src/main.rs:12:13',
    'param@src/main.rs:22:15',
    'param@src/main.rs:9:16',
    'wildcard@src/main.rs:10:16',
    'wildcard@src/main.rs:23:24',
  ]);
  assert.deepEqual(
    findings.map((f) => `${f.data.method} ${f.data.path} -> ${f.data.fixed}`),
    [
      'route /users/:id -> /users/{id}',
      'route /files/*path -> /files/{*path}',
      'route /teams/:team/members/:member -> /teams/{team}/members/{member}',
      'nest /api/:version -> /api/{version}',
      'route_service /static/*rest -> /static/{*rest}',
    ],
  );
  assert.ok(findings.every((f) => f.severity === 'error' && f.data.version === '0.8.4' && f.crate === 'axum'));
});

test('axum/v07-path-syntax is quiet with axum 0.7 and with without_v07_checks()', async () => {
  assert.deepEqual(await sourceFindings(join(dir, 'old'), ID), []);
  assert.deepEqual(await sourceFindings(join(dir, 'opt-out'), ID), []);
});

test('rewriteV07Path rewrites only segments that start with : or *', () => {
  assert.equal(rewriteV07Path('/a/:id/b'), '/a/{id}/b');
  assert.equal(rewriteV07Path('/:file.json'), '/{file}.json');
  assert.equal(rewriteV07Path('/*'), '/{*rest}');
  assert.equal(rewriteV07Path('/time/12:30'), null);
  assert.equal(rewriteV07Path('/users/{id}'), null);
});
