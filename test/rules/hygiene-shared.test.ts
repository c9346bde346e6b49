import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { overlaps, reqRange } from '../../src/rules/hygiene/_shared.js';
import { matchesReq, parseVersionReq } from '../../src/project/version-req.js';

const GRID: string[] = [];
for (let major = 0; major <= 5; major++) for (let minor = 0; minor <= 5; minor++) for (let patch = 0; patch <= 5; patch++) GRID.push(`${major}.${minor}.${patch}`);

const part = fc.integer({ min: 0, max: 3 });
const comparator = fc
  .tuple(fc.constantFrom('', '^', '~', '=', '>', '>=', '<', '<='), part, fc.option(part, { nil: undefined }), fc.option(part, { nil: undefined }))
  .map(([op, major, minor, patch]) => `${op}${major}${minor === undefined ? '' : `.${minor}${patch === undefined ? '' : `.${patch}`}`}`);
const requirement = fc.oneof(
  fc.array(comparator, { minLength: 1, maxLength: 2 }).map((cmps) => cmps.join(', ')),
  fc.tuple(part, fc.option(part, { nil: undefined })).map(([major, minor]) => (minor === undefined ? `${major}.*` : `${major}.${minor}.*`)),
);

test('hygiene reqRange: the lower bound is the oldest version the requirement accepts (Cargo semantics)', () => {
  fc.assert(
    fc.property(requirement, (req) => {
      const parsed = parseVersionReq(req);
      if (!parsed.ok) return;
      const oldest = GRID.find((v) => matchesReq(parsed.req, v));
      const range = reqRange(req)!;
      if (oldest !== undefined) assert.equal(range.lowerText, oldest, req);
    }),
    { numRuns: 2000 },
  );
  assert.equal(reqRange('1')!.lowerText, reqRange('^1.0.0')!.lowerText);
  assert.equal(reqRange('*'), undefined);
});

test('hygiene overlaps: true exactly when some version satisfies both requirements', () => {
  fc.assert(
    fc.property(requirement, requirement, (a, b) => {
      const pa = parseVersionReq(a);
      const pb = parseVersionReq(b);
      if (!pa.ok || !pb.ok) return;
      const shared = GRID.some((v) => matchesReq(pa.req, v) && matchesReq(pb.req, v));
      assert.equal(overlaps(reqRange(a)!, reqRange(b)!), shared, `${a} / ${b}`);
    }),
    { numRuns: 3000 },
  );
  assert.equal(overlaps(reqRange('>=0.2.5, <0.6.0')!, reqRange('^0.5')!), true);
  assert.equal(overlaps(reqRange('0.14.*')!, reqRange('^0.17.0')!), false);
});
