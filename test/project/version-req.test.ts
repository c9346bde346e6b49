import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import semver from 'semver';
import {
  cargoReqDisplay,
  compatBucket,
  describeReq,
  formatReq,
  isCompatible,
  matchesReq,
  maxSatisfying,
  parseVersionReq,
  toNpmRange,
  type VersionReq,
} from '../../src/project/version-req.js';

function req(raw: string): VersionReq {
  const parsed = parseVersionReq(raw);
  if (!parsed.ok) assert.fail(`expected ${JSON.stringify(raw)} to parse, got: ${parsed.error}`);
  return parsed.req;
}

function parseError(raw: string): string {
  const parsed = parseVersionReq(raw);
  if (parsed.ok) assert.fail(`expected ${JSON.stringify(raw)} to be rejected`);
  return parsed.error;
}

/**
 * Cargo's documentation tables, src/doc/src/reference/specifying-dependencies.md in rust-lang/cargo
 * ("Specifying dependencies from crates.io", "Tilde requirements", "Wildcard requirements").
 */
const CARGO_DOC_TABLE: [string, string][] = [
  ['1.2.3', '>=1.2.3, <2.0.0'],
  ['1.2', '>=1.2.0, <2.0.0'],
  ['1', '>=1.0.0, <2.0.0'],
  ['0.2.3', '>=0.2.3, <0.3.0'],
  ['0.2', '>=0.2.0, <0.3.0'],
  ['0.0.3', '>=0.0.3, <0.0.4'],
  ['0.0', '>=0.0.0, <0.1.0'],
  ['0', '>=0.0.0, <1.0.0'],
  ['^1.2.3', '>=1.2.3, <2.0.0'],
  ['^0.0.3', '>=0.0.3, <0.0.4'],
  ['~1.2.3', '>=1.2.3, <1.3.0'],
  ['~1.2', '>=1.2.0, <1.3.0'],
  ['~1', '>=1.0.0, <2.0.0'],
  ['*', '>=0.0.0'],
  ['1.*', '>=1.0.0, <2.0.0'],
  ['1.2.*', '>=1.2.0, <1.3.0'],
  // "Comparison requirements" and "Multiple version requirements" examples.
  ['>= 1.2.0', '>=1.2.0'],
  ['> 1', '>=2.0.0'],
  ['< 2', '<2.0.0'],
  ['= 1.2.3', '=1.2.3'],
  ['>= 1.2, < 1.5', '>=1.2.0, <1.5.0'],
];

/**
 * Matching cases from tests/test_version_req.rs in dtolnay/semver (the crate Cargo uses), one row
 * per `req(...)` with its `assert_match_all` / `assert_match_none` lists.
 */
const SEMVER_CRATE_MATCHES: { req: string; match: string[]; none: string[] }[] = [
  // test_basic
  { req: '1.0.0', match: ['1.0.0', '1.1.0', '1.0.1'], none: ['0.9.9', '0.10.0', '0.1.0', '1.0.0-pre', '1.0.1-pre'] },
  // test_exact
  { req: '=1.0.0', match: ['1.0.0'], none: ['1.0.1', '0.9.9', '0.10.0', '0.1.0', '1.0.0-pre'] },
  { req: '=0.9.0', match: ['0.9.0'], none: ['0.9.1', '1.9.0', '0.0.9', '0.9.0-pre'] },
  { req: '=0.0.2', match: ['0.0.2'], none: ['0.0.1', '0.0.3', '0.0.2-pre'] },
  { req: '=0.1.0-beta2.a', match: ['0.1.0-beta2.a'], none: ['0.9.1', '0.1.0', '0.1.1-beta2.a', '0.1.0-beta2'] },
  { req: '=0.1.0+meta', match: ['0.1.0', '0.1.0+meta', '0.1.0+any'], none: [] },
  // test_greater_than
  { req: '>= 1.0.0', match: ['1.0.0', '2.0.0'], none: ['0.1.0', '0.0.1', '1.0.0-pre', '2.0.0-pre'] },
  {
    req: '>= 2.1.0-alpha2',
    match: ['2.1.0-alpha2', '2.1.0-alpha3', '2.1.0', '3.0.0'],
    none: ['2.0.0', '2.1.0-alpha1', '2.0.0-alpha2', '3.0.0-alpha2'],
  },
  // test_less_than
  { req: '< 1.0.0', match: ['0.1.0', '0.0.1'], none: ['1.0.0', '1.0.0-beta', '1.0.1', '0.9.9-alpha'] },
  {
    req: '<= 2.1.0-alpha2',
    match: ['2.1.0-alpha2', '2.1.0-alpha1', '2.0.0', '1.0.0'],
    none: ['2.1.0', '2.2.0-alpha1', '2.0.0-alpha2', '1.0.0-alpha2'],
  },
  { req: '>1.0.0-alpha, <1.0.0', match: ['1.0.0-beta'], none: [] },
  { req: '>1.0.0-alpha, <1.0', match: [], none: ['1.0.0-beta'] },
  { req: '>1.0.0-alpha, <1', match: [], none: ['1.0.0-beta'] },
  // test_multiple
  { req: '> 0.0.9, <= 2.5.3', match: ['0.0.10', '1.0.0', '2.5.3'], none: ['0.0.8', '2.5.4'] },
  { req: '0.3.0, 0.4.0', match: [], none: ['0.0.8', '0.3.0', '0.4.0'] },
  { req: '<= 0.2.0, >= 0.5.0', match: [], none: ['0.0.8', '0.3.0', '0.5.1'] },
  { req: '0.1.0, 0.1.4, 0.1.6', match: ['0.1.6', '0.1.9'], none: ['0.1.0', '0.1.4', '0.2.0'] },
  {
    req: '>=0.5.1-alpha3, <0.6',
    match: ['0.5.1-alpha3', '0.5.1-alpha4', '0.5.1-beta', '0.5.1', '0.5.5'],
    none: ['0.5.1-alpha1', '0.5.2-alpha3', '0.5.5-pre', '0.5.0-pre', '0.6.0', '0.6.0-pre'],
  },
  // test_tilde
  { req: '~1', match: ['1.0.0', '1.0.1', '1.1.1'], none: ['0.9.1', '2.9.0', '0.0.9'] },
  { req: '~1.2', match: ['1.2.0', '1.2.1'], none: ['1.1.1', '1.3.0', '0.0.9'] },
  { req: '~1.2.2', match: ['1.2.2', '1.2.4'], none: ['1.2.1', '1.9.0', '1.0.9', '2.0.1', '0.1.3'] },
  {
    req: '~1.2.3-beta.2',
    match: ['1.2.3', '1.2.4', '1.2.3-beta.2', '1.2.3-beta.4'],
    none: ['1.3.3', '1.1.4', '1.2.3-beta.1', '1.2.4-beta.2'],
  },
  // test_caret
  {
    req: '^1',
    match: ['1.1.2', '1.1.0', '1.2.1', '1.0.1'],
    none: ['0.9.1', '2.9.0', '0.1.4', '1.0.0-beta1', '0.1.0-alpha', '1.0.1-pre'],
  },
  { req: '^1.1', match: ['1.1.2', '1.1.0', '1.2.1'], none: ['0.9.1', '2.9.0', '1.0.1', '0.1.4'] },
  {
    req: '^1.1.2',
    match: ['1.1.2', '1.1.4', '1.2.1'],
    none: ['0.9.1', '2.9.0', '1.1.1', '0.0.1', '1.1.2-alpha1', '1.1.3-alpha1', '2.9.0-alpha1'],
  },
  {
    req: '^0.1.2',
    match: ['0.1.2', '0.1.4'],
    none: ['0.9.1', '2.9.0', '1.1.1', '0.0.1', '0.1.2-beta', '0.1.3-alpha', '0.2.0-pre'],
  },
  {
    req: '^0.5.1-alpha3',
    match: ['0.5.1-alpha3', '0.5.1-alpha4', '0.5.1-beta', '0.5.1', '0.5.5'],
    none: ['0.5.1-alpha1', '0.5.2-alpha3', '0.5.5-pre', '0.5.0-pre', '0.6.0'],
  },
  { req: '^0.0.2', match: ['0.0.2'], none: ['0.9.1', '2.9.0', '1.1.1', '0.0.1', '0.1.4'] },
  { req: '^0.0', match: ['0.0.2', '0.0.0'], none: ['0.9.1', '2.9.0', '1.1.1', '0.1.4'] },
  { req: '^0', match: ['0.9.1', '0.0.2', '0.0.0'], none: ['2.9.0', '1.1.1'] },
  {
    req: '^1.4.2-beta.5',
    match: ['1.4.2', '1.4.3', '1.4.2-beta.5', '1.4.2-beta.6', '1.4.2-c'],
    none: ['0.9.9', '2.0.0', '1.4.2-alpha', '1.4.2-beta.4', '1.4.3-beta.5'],
  },
  // test_wildcard
  { req: '*', match: ['0.9.1', '2.9.0', '0.0.9', '1.0.1', '1.1.1'], none: ['1.0.0-pre'] },
  { req: '1.*', match: ['1.2.0', '1.2.1', '1.1.1', '1.3.0'], none: ['0.0.9', '1.2.0-pre'] },
  { req: '1.2.*', match: ['1.2.0', '1.2.2', '1.2.4'], none: ['1.9.0', '1.0.9', '2.0.1', '0.1.3', '1.2.2-pre'] },
  // test_pre, test_cargo3202
  { req: '=2.1.1-really.0', match: ['2.1.1-really.0'], none: [] },
  { req: '0.*.*', match: ['0.5.0'], none: [] },
];

/** `assert_to_string` on parsed requirements, tests/test_version_req.rs in dtolnay/semver. */
const SEMVER_CRATE_DISPLAY: [string, string][] = [
  ['1.0.0', '^1.0.0'],
  ['=1.0.0', '=1.0.0'],
  ['=0.1.0-beta2.a', '=0.1.0-beta2.a'],
  ['=0.1.0+meta', '=0.1.0'],
  ['>= 1.0.0', '>=1.0.0'],
  ['>= 2.1.0-alpha2', '>=2.1.0-alpha2'],
  ['< 1.0.0', '<1.0.0'],
  ['> 0.0.9, <= 2.5.3', '>0.0.9, <=2.5.3'],
  ['0.3.0, 0.4.0', '^0.3.0, ^0.4.0'],
  ['<= 0.2.0, >= 0.5.0', '<=0.2.0, >=0.5.0'],
  ['0.1.0, 0.1.4, 0.1.6', '^0.1.0, ^0.1.4, ^0.1.6'],
  ['>=0.5.1-alpha3, <0.6', '>=0.5.1-alpha3, <0.6'],
  ['1.2.3-alpha', '^1.2.3-alpha'],
  ['2.X', '2.*'],
  ['2', '^2'],
  ['2.x.x', '2.*'],
  ['0.*.*', '0.*'],
  ['0.0.*', '0.0.*'],
  ['x', '*'],
  ['X', '*'],
  ['1.x', '1.*'],
  ['1.X', '1.*'],
  ['1.*.*', '1.*'],
  ['1.2.x', '1.2.*'],
  ['1.2.X', '1.2.*'],
];

/**
 * Rejected requirements with the crate's exact message (tests/test_version_req.rs in
 * dtolnay/semver), plus Cargo's own: tests/testsuite/build.rs in rust-lang/cargo checks `y`, and
 * `cargo metadata` rejects `v1.2` and an empty string with the messages below.
 */
const REJECTED: [string, string][] = [
  ['', 'unexpected end of input while parsing major version number'],
  ['> 0.1.0,', 'unexpected end of input while parsing major version number'],
  ['> 0.3.0, ,', "unexpected character ',' while parsing major version number"],
  ['1.2.3 - 2.3.4', "expected comma after patch version number, found '-'"],
  ['> 0.0.9 <= 2.5.3', "expected comma after patch version number, found '<'"],
  ['=1.2.3 || =2.3.4', "expected comma after patch version number, found '|'"],
  ['1.1 || =1.2.3', "expected comma after minor version number, found '|'"],
  ['6.* || 8.* || >= 10.*', "expected comma after minor version number, found '|'"],
  ['\0', "unexpected character '\\0' while parsing major version number"],
  ['>= >= 0.0.2', "unexpected character '>' while parsing major version number"],
  ['>== 0.0.2', "unexpected character '=' while parsing major version number"],
  ['a.0.0', "unexpected character 'a' while parsing major version number"],
  ['1.0.0-', 'empty identifier segment in pre-release identifier'],
  ['>=', 'unexpected end of input while parsing major version number'],
  ['1.2.3-01', 'invalid leading zero in pre-release identifier'],
  ['1.2.3+4.', 'empty identifier segment in build metadata'],
  ['>', 'unexpected end of input while parsing major version number'],
  ['1.', 'unexpected end of input while parsing minor version number'],
  ['1.*.', 'unexpected character after wildcard in version req'],
  ['*.1', 'unexpected character after wildcard in version req'],
  ['1.*.1', 'unexpected character after wildcard in version req'],
  ['>=1.*.1', 'unexpected character after wildcard in version req'],
  ['*, 0.20.0-any', 'wildcard req (*) must be the only comparator in the version req'],
  ['0.20.0-any, *', 'wildcard req (*) must be the only comparator in the version req'],
  ['0.20.0-any, *, 1.0', 'wildcard req (*) must be the only comparator in the version req'],
  [
    '>1, >2, >3, >4, >5, >6, >7, >8, >9, >10, >11, >12, >13, >14, >15, >16, >17, >18, >19, >20, >21, >22, >23, >24, >25, >26, >27, >28, >29, >30, >31, >32, >33',
    'excessive number of version comparators',
  ],
  ['y', "unexpected character 'y' while parsing major version number"],
  ['v1.2', "unexpected character 'v' while parsing major version number"],
  // Follow from src/parse.rs of the crate: four numbers, `^*`, tabs, leading zeros, huge numbers.
  ['1.2.3.4', "expected comma after patch version number, found '.'"],
  ['^*', "unexpected character '*' while parsing major version number"],
  ['1.0\t', "expected comma after minor version number, found '\\t'"],
  ['01.2', 'invalid leading zero in major version number'],
  ['1.2-alpha', "expected comma after minor version number, found '-'"],
  ['18446744073709551616', 'value of major version number exceeds u64::MAX'],
];

describe('parseVersionReq', () => {
  it('reads the examples of Cargo\'s documentation', () => {
    for (const [raw, described] of CARGO_DOC_TABLE) assert.equal(describeReq(req(raw)), described, raw);
  });

  it('prints requirements as the semver crate (and `cargo metadata`) does', () => {
    for (const [raw, display] of SEMVER_CRATE_DISPLAY) {
      assert.equal(formatReq(req(raw)), display, raw);
      assert.equal(cargoReqDisplay(raw), display, raw);
    }
    assert.equal(cargoReqDisplay('not a req'), 'not a req');
  });

  it('rejects what the semver crate rejects, with its message', () => {
    for (const [raw, message] of REJECTED) assert.equal(parseError(raw), message, JSON.stringify(raw));
  });

  it('builds the comparators Cargo builds', () => {
    assert.deepEqual(req('>= 1.2, < 1.5').comparators, [
      { op: '>=', major: 1, minor: 2, pre: [] },
      { op: '<', major: 1, minor: 5, pre: [] },
    ]);
    assert.deepEqual(req('1.2.3-beta.2+build.5').comparators, [{ op: '^', major: 1, minor: 2, patch: 3, pre: ['beta', '2'] }]);
    assert.deepEqual(req('1.x').comparators, [{ op: '*', major: 1, pre: [] }]);
    assert.deepEqual(req('>=1.*').comparators, [{ op: '>=', major: 1, pre: [] }]);
    assert.deepEqual(req('  *  ').comparators, []);
    assert.equal(req('1.0').raw, '1.0');
  });

  it('accepts the leading digits in pre-release and build identifiers the crate accepts', () => {
    // test_leading_digit_in_pre_and_build, tests/test_version_req.rs in dtolnay/semver.
    for (const op of ['=', '>', '>=', '<', '<=', '~', '^']) {
      for (const tail of ['-1a', '+1a', '-01a', '+01', '-1+1', '-1-1+1-1-1', '-1a+1a', '-1a-1a+1a-1a-1a']) {
        assert.equal(parseVersionReq(`${op} 1.2.3${tail}`).ok, true, `${op} 1.2.3${tail}`);
      }
    }
  });

  it('points at the offending character and suggests a fix for common slips', () => {
    assert.deepEqual(parseVersionReq('>=1.0 <2'), {
      ok: false,
      error: "expected comma after minor version number, found '<'",
      column: 7,
      hint: 'separate comparators with commas, e.g. `>=1.2, <1.5`',
    });
    const hints: [string, RegExp][] = [
      ['', /empty requirement/],
      ['v1.2.3', /leading `v`/],
      ['^1 || ^2', /no `\|\|`/],
      ['1.2.3 - 2.3.4', /hyphen ranges/],
      ['1.2.3.4', /three numbers/],
    ];
    for (const [raw, hint] of hints) {
      const parsed = parseVersionReq(raw);
      assert.ok(!parsed.ok && parsed.hint !== undefined && hint.test(parsed.hint), raw);
    }
  });
});

describe('matchesReq', () => {
  it('matches as the semver crate does', () => {
    let cases = 0;
    for (const row of SEMVER_CRATE_MATCHES) {
      const r = req(row.req);
      for (const v of row.match) assert.equal(matchesReq(r, v), true, `${row.req} should match ${v}`);
      for (const v of row.none) assert.equal(matchesReq(r, v), false, `${row.req} should not match ${v}`);
      cases += row.match.length + row.none.length;
    }
    assert.ok(cases > 200);
  });

  it('lets `x` and `X` stand for `*` in every position', () => {
    for (const [a, b] of [['x', '*'], ['X', '*'], ['1.x', '1.*'], ['1.X', '1.*'], ['1.*.*', '1.*'], ['1.2.x', '1.2.*'], ['1.2.X', '1.2.*']]) {
      assert.deepEqual(req(a as string).comparators, req(b as string).comparators, a);
    }
  });

  it('ignores build metadata on both sides and rejects invalid versions', () => {
    assert.equal(matchesReq(req('=1.2.3+a'), '1.2.3+b'), true);
    for (const v of ['v1.2.3', '1.2', '1.2.3.4', ' 1.2.3', '01.2.3', '1.2.3-01', '']) assert.equal(matchesReq(req('*'), v), false, v);
  });
});

describe('maxSatisfying', () => {
  const versions = ['0.9.0', '1.0.0', '1.4.2', '1.10.0-rc.1', '1.9.7', '2.0.0-alpha', 'not-a-version', '0.0.3', '0.0.4'];

  it('picks the newest version the requirement allows', () => {
    assert.equal(maxSatisfying(versions, req('1')), '1.9.7');
    assert.equal(maxSatisfying(versions, req('~1.4')), '1.4.2');
    assert.equal(maxSatisfying(versions, req('^0.0.3')), '0.0.3');
    assert.equal(maxSatisfying(versions, req('>=1.10.0-rc.0, <2')), '1.10.0-rc.1');
    assert.equal(maxSatisfying(versions, req('*')), '1.9.7');
    assert.equal(maxSatisfying(versions, req('>=3')), null);
  });

  it('orders pre-releases by SemVer precedence', () => {
    const pres = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta.11', '1.0.0-beta.2', '1.0.0-rc.1'];
    assert.equal(maxSatisfying(pres, req('>=1.0.0-alpha, <1.0.0-beta.3')), '1.0.0-beta.2');
    assert.equal(maxSatisfying(pres, req('>=1.0.0-alpha, <1.0.0-beta')), '1.0.0-alpha.beta');
    assert.equal(maxSatisfying(pres, req('>=1.0.0-alpha, <1.0.0-rc')), '1.0.0-beta.11');
  });
});

describe('toNpmRange', () => {
  it('spells each comparator as explicit node-semver bounds', () => {
    const table: [string, string][] = [
      ['*', '*'],
      ['1.2.3', '>=1.2.3 <2.0.0-0'],
      ['^0.2.3', '>=0.2.3 <0.3.0-0'],
      ['^0.0.3', '>=0.0.3 <0.0.4-0'],
      ['^0.0', '>=0.0.0 <0.1.0-0'],
      ['^0', '>=0.0.0 <1.0.0-0'],
      ['~1.2.3-beta.2', '>=1.2.3-beta.2 <1.3.0-0'],
      ['=1.2', '>=1.2.0 <1.3.0-0'],
      ['=1.2.3+meta', '=1.2.3'],
      ['>1.2', '>=1.3.0'],
      ['<1.2', '<1.2.0-0'],
      ['<=1', '<2.0.0-0'],
      ['>= 1.2, < 1.5', '>=1.2.0 <1.5.0-0'],
    ];
    for (const [raw, range] of table) {
      assert.equal(toNpmRange(req(raw)), range, raw);
      assert.notEqual(semver.validRange(range), null, range);
    }
  });

  it('disagrees with Cargo only on the documented pre-release corner', () => {
    // `=1.2` keeps out 1.2.3-beta although `>=1.2.3-alpha` names that version; node-semver lets it in.
    const r = req('=1.2, >=1.2.3-alpha');
    assert.equal(matchesReq(r, '1.2.3-beta'), false);
    assert.equal(semver.satisfies('1.2.3-beta', toNpmRange(r)), true);
  });
});

describe('compatBucket and isCompatible', () => {
  it('groups versions as Cargo does for duplicates', () => {
    const table: [string, string][] = [
      ['1.4.2', '1'],
      ['1.0.0-alpha', '1'],
      ['12.0.1', '12'],
      ['0.8.3', '0.8'],
      ['0.8.0+build', '0.8'],
      ['0.0.3', '0.0.3'],
      ['0.0.0', '0.0.0'],
    ];
    for (const [v, bucket] of table) assert.equal(compatBucket(v), bucket, v);
    assert.throws(() => compatBucket('1.2'), RangeError);
  });

  it('calls two versions compatible when they share a bucket', () => {
    assert.equal(isCompatible('1.2.3', '1.9.0'), true);
    assert.equal(isCompatible('1.2.3', '2.0.0'), false);
    assert.equal(isCompatible('0.8.1', '0.8.9'), true);
    assert.equal(isCompatible('0.8.1', '0.9.0'), false);
    assert.equal(isCompatible('0.0.3', '0.0.3'), true);
    assert.equal(isCompatible('0.0.3', '0.0.4'), false);
    assert.equal(isCompatible('1.0', '1.0'), false);
  });
});

const smallNumber = fc.nat({ max: 12 });
const preIdentifier = fc.oneof(
  fc.nat({ max: 20 }).map(String),
  fc.constantFrom('alpha', 'beta', 'rc', 'pre', 'a-b', '1a', 'x'),
);
const versionArb = fc
  .record({
    major: smallNumber,
    minor: smallNumber,
    patch: smallNumber,
    pre: fc.array(preIdentifier, { maxLength: 3 }),
    build: fc.option(fc.constantFrom('build.5', '001', 'sha-abc'), { nil: undefined }),
  })
  .map(({ major, minor, patch, pre, build }) =>
    `${major}.${minor}.${patch}${pre.length > 0 ? `-${pre.join('.')}` : ''}${build === undefined ? '' : `+${build}`}`,
  );
const comparatorArb = fc
  .tuple(
    fc.constantFrom('', '=', '>', '>=', '<', '<=', '~', '^', '>= '),
    smallNumber,
    fc.option(fc.oneof(smallNumber.map(String), fc.constant('*')), { nil: undefined }),
    fc.option(smallNumber, { nil: undefined }),
    fc.array(preIdentifier, { maxLength: 2 }),
  )
  .map(([op, major, minor, patch, pre]) => {
    let text = `${op}${major}`;
    if (minor === undefined) return text;
    text += `.${minor}`;
    if (minor === '*' || patch === undefined) return text;
    return `${text}.${patch}${pre.length > 0 ? `-${pre.join('.')}` : ''}`;
  });
const reqArb = fc.array(comparatorArb, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(', '));

describe('properties', () => {
  it('never throws, whatever the input', () => {
    const alphabet = fc.constantFrom(...'0123456789.*xXv-+^~=<>, \t|abz'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: alphabet, maxLength: 24 })), (raw) => {
        const parsed = parseVersionReq(raw);
        if (parsed.ok) {
          formatReq(parsed.req);
          describeReq(parsed.req);
          toNpmRange(parsed.req);
          matchesReq(parsed.req, raw);
        } else {
          assert.ok(parsed.error.length > 0);
          assert.ok(parsed.column !== undefined && parsed.column >= 1 && parsed.column <= raw.length + 1);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a version satisfies the requirements built from it', () => {
    fc.assert(
      fc.property(versionArb, (v) => {
        for (const op of ['=', '', '^', '~', '>=', '<=']) assert.ok(matchesReq(req(`${op}${v}`), v), `${op}${v}`);
        for (const op of ['>', '<']) assert.ok(!matchesReq(req(`${op}${v}`), v), `${op}${v}`);
        const release = v.replace(/[-+].*$/, '');
        const [major, minor] = release.split('.');
        const isPre = semver.prerelease(v) !== null;
        // A pre-release is only reachable through a comparator that names it.
        assert.equal(matchesReq(req(`${major}.${minor}.*`), v), !isPre);
        assert.equal(matchesReq(req('*'), v), !isPre);
      }),
    );
  });

  it('prints a requirement that parses back to itself', () => {
    fc.assert(
      fc.property(reqArb, (raw) => {
        const parsed = parseVersionReq(raw);
        if (!parsed.ok) return;
        assert.deepEqual(req(formatReq(parsed.req)).comparators, parsed.req.comparators);
      }),
    );
  });

  it('maxSatisfying returns a matching version no other match exceeds', () => {
    fc.assert(
      fc.property(reqArb, fc.array(versionArb, { maxLength: 12 }), (raw, versions) => {
        const parsed = parseVersionReq(raw);
        if (!parsed.ok) return;
        const best = maxSatisfying(versions, parsed.req);
        const matching = versions.filter((v) => matchesReq(parsed.req, v));
        if (best === null) return assert.equal(matching.length, 0);
        assert.ok(matching.includes(best));
        for (const v of matching) assert.ok(semver.compare(v, best) <= 0, `${v} > ${best}`);
      }),
    );
  });

  it('toNpmRange agrees with Cargo on releases, and on pre-releases when no comparator has a tag', () => {
    fc.assert(
      fc.property(reqArb, versionArb, (raw, v) => {
        const parsed = parseVersionReq(raw);
        if (!parsed.ok) return;
        const tagged = parsed.req.comparators.some((cmp) => cmp.pre.length > 0);
        if (semver.prerelease(v) !== null && tagged) return;
        assert.equal(semver.satisfies(v, toNpmRange(parsed.req)), matchesReq(parsed.req, v), `${raw} vs ${v}`);
      }),
      { numRuns: 3000 },
    );
  });
});

const hasCargo = spawnSync('cargo', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).status === 0;

/** `cargo metadata --no-deps` reads requirements without a registry, so it can referee offline. */
function cargoMetadata(dependencies: string[]): { ok: true; reqs: string[] } | { ok: false; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'version-req-'));
  try {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'lib.rs'), '');
    const deps = dependencies.map((raw, k) => `d${k} = ${JSON.stringify(raw)}`).join('\n');
    writeFileSync(join(dir, 'Cargo.toml'), `[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}\n`);
    const run = spawnSync('cargo', ['metadata', '--no-deps', '--offline', '--format-version', '1'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (run.status !== 0) return { ok: false, stderr: run.stderr };
    const metadata = JSON.parse(run.stdout) as { packages: { dependencies: { name: string; req: string }[] }[] };
    const byName = new Map(metadata.packages[0]?.dependencies.map((d) => [d.name, d.req]));
    return { ok: true, reqs: dependencies.map((_, k) => byName.get(`d${k}`) ?? '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('against cargo itself', { skip: hasCargo ? false : 'cargo is not installed' }, () => {
  it('prints every accepted requirement as cargo metadata reports it', () => {
    const raws = SEMVER_CRATE_DISPLAY.map(([raw]) => raw).concat(CARGO_DOC_TABLE.map(([raw]) => raw), SEMVER_CRATE_MATCHES.map((row) => row.req));
    const result = cargoMetadata(raws);
    assert.ok(result.ok, result.ok ? '' : result.stderr);
    assert.deepEqual(result.reqs, raws.map(cargoReqDisplay));
  });

  it('rejects what cargo rejects, with the same message', () => {
    for (const raw of ['', 'v1.2', '1.2.3.4', '>=1.0 <2', '^1 || ^2']) {
      const result = cargoMetadata([raw]);
      assert.ok(!result.ok, raw);
      assert.ok(result.stderr.trimEnd().endsWith(parseError(raw)), `${JSON.stringify(raw)}: ${result.stderr}`);
    }
  });
});
