import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AdvisoryIndex, AdvisoryParseError, affectedFunctions, affects, compileAdvisory, kindOf, parseAdvisory } from '../../src/registry/advisory.js';
import { buildDb } from '../../src/registry/advisory-db.js';
import { parseCvss } from '../../src/registry/cvss.js';
import { readTar } from '../../src/registry/tar.js';
import { makeTarGz } from './support/tar-writer.js';
import { SHARED_DATA } from './support/server.js';

const DB = join(SHARED_DATA, 'advisory-db');

const TIME = `\`\`\`toml
[advisory]
id = "RUSTSEC-2020-0071"
package = "time"
date = 2020-11-18
url = "https://github.com/time-rs/time/issues/293"
cvss = "CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"
aliases = ["CVE-2020-26235", "GHSA-wcg3-cvx6-7396"]

[affected]
os = ["linux"]
[affected.functions]
"time::at" = ["^0.1"]
"time::OffsetDateTime::now_local" = ["< 0.2.23"]

[versions]
patched = [">= 0.2.23"]
unaffected = ["=0.2.0", "=0.2.1"]
\`\`\`

# Potential segfault in the time crate

Text.
`;

test('an advisory is read from its TOML front matter and title', () => {
  const a = parseAdvisory(TIME);
  assert.equal(a.id, 'RUSTSEC-2020-0071');
  assert.equal(a.date, '2020-11-18', 'a bare TOML date is kept as its text');
  assert.equal(a.title, 'Potential segfault in the time crate');
  assert.deepEqual(a.aliases, ['CVE-2020-26235', 'GHSA-wcg3-cvx6-7396']);
  assert.deepEqual(a.os, ['linux']);
  assert.equal(kindOf(a), 'vulnerability');
  assert.throws(() => parseAdvisory('# no front matter'), AdvisoryParseError);
  assert.throws(() => parseAdvisory('```toml\n[advisory]\nid = 1\n```\n# T\n'), AdvisoryParseError);
  assert.throws(() => parseAdvisory('```toml\n[advisory]\nid = "RUSTSEC-2020-0001"\npackage = "x"\ndate = "2020-01-01"\n```\nno title\n'), /Title/);
});

test('matching uses Cargo requirement semantics for patched and unaffected; functions are listed per version', () => {
  const c = compileAdvisory(parseAdvisory(TIME));
  assert.equal(affects(c, '0.1.45'), true);
  assert.equal(affects(c, '0.2.22'), true);
  assert.equal(affects(c, '0.2.23'), false);
  assert.equal(affects(c, '0.3.36'), false);
  assert.equal(affects(c, '0.2.1'), false, 'unaffected');
  assert.equal(affects(c, '0.2.2'), true);
  assert.deepEqual(affectedFunctions(c, '0.1.45'), ['time::at', 'time::OffsetDateTime::now_local']);
  assert.deepEqual(affectedFunctions(c, '0.2.10'), ['time::OffsetDateTime::now_local']);
});

test('withdrawn advisories never match; informational kinds are told apart', () => {
  const base = { id: 'RUSTSEC-2021-0001', package: 'x', date: '2021-01-01', title: 't', patched: [] };
  assert.equal(affects(compileAdvisory({ ...base, withdrawn: '2022-01-01' }), '1.0.0'), false);
  assert.equal(affects(compileAdvisory(base), '1.0.0'), true, 'no patched version: every version');
  assert.equal(kindOf({ ...base, informational: 'unmaintained' }), 'unmaintained');
  assert.equal(kindOf({ ...base, informational: 'unsound' }), 'unsound');
  assert.equal(kindOf({ ...base, informational: 'notice' }), 'notice');
  assert.equal(kindOf({ ...base, informational: 'something-new' }), 'notice');
  const index = new AdvisoryIndex([{ ...base, id: 'RUSTSEC-2021-0002' }, base, { ...base, id: 'RUSTSEC-2021-0003', withdrawn: '2022-01-01' }]);
  assert.deepEqual(index.matching('x', '1.0.0').map((c) => c.advisory.id), ['RUSTSEC-2021-0001', 'RUSTSEC-2021-0002']);
  assert.deepEqual(index.matching('y', '1.0.0'), []);
});

test('CVSS v3 base scores follow the specification; v4 gets an estimated rating', () => {
  const score = (v: string) => parseCvss(v)?.score;
  assert.equal(score('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
  assert.equal(score('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'), 10);
  assert.equal(score('CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'), 6.2);
  assert.equal(score('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N'), 5.9);
  assert.equal(score('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H'), 7.8);
  assert.equal(score('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'), 6.1);
  assert.equal(score('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'), 0);
  assert.equal(parseCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')!.rating, 'critical');
  assert.equal(parseCvss('CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H')!.rating, 'medium');
  for (const bad of ['', 'CVSS:2.0/AV:N', 'CVSS:3.1/AV:N/AC:L', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H']) {
    assert.equal(parseCvss(bad), null, bad);
  }
  const v4 = parseCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')!;
  assert.equal(v4.estimated, true);
  assert.equal(v4.rating, 'critical');
  assert.equal(parseCvss('CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N')!.rating, 'medium');
  assert.equal(parseCvss('CVSS:4.0/AV:N/AC:L'), null);
});

test('every advisory of the shared database parses, and every CVSS vector in it is read', { skip: !existsSync(DB) && 'shared data not present' }, () => {
  const files: { path: string; text: string }[] = [];
  for (const crate of readdirSync(join(DB, 'crates'))) {
    for (const file of readdirSync(join(DB, 'crates', crate))) files.push({ path: `crates/${crate}/${file}`, text: readFileSync(join(DB, 'crates', crate, file), 'utf8') });
  }
  const db = buildDb(files, 'test', null, null);
  assert.deepEqual(db.problems, []);
  assert.equal(db.advisories.length, files.length);
  for (const a of db.advisories) if (a.cvss) assert.ok(parseCvss(a.cvss), `${a.id}: ${a.cvss}`);
  const kinds = new Set(db.advisories.map(kindOf));
  assert.deepEqual([...kinds].sort(), ['notice', 'unmaintained', 'unsound', 'vulnerability']);
  assert.ok(db.advisories.some((a) => a.withdrawn));
});

test('the tar reader handles pax global headers, long paths and rejects corruption', () => {
  const long = `advisory-db-main/crates/${'x'.repeat(90)}/RUSTSEC-2020-0001.md`;
  const gz = makeTarGz([{ path: 'advisory-db-main/README.md', data: 'hi' }, { path: long, data: 'long' }], { comment: 'a'.repeat(40), mtime: 1_724_221_720 });
  const tar = readTar(gz);
  assert.equal(tar.comment, 'a'.repeat(40));
  assert.deepEqual(tar.entries.map((e) => e.path), ['advisory-db-main/README.md', long]);
  assert.equal(tar.entries[1]!.data.toString(), 'long');
  assert.equal(tar.entries[0]!.mtime, 1_724_221_720);
  const raw = gunzipSync(gz);
  const corrupt = Buffer.from(raw);
  corrupt[10] = (corrupt[10]! + 1) % 256;
  assert.throws(() => readTar(corrupt), /checksum/);
  assert.throws(() => readTar(raw.subarray(0, 1100)), /truncated/);
});

test('a pre-release is placed by version order, so long-fixed advisories do not match new pre-releases', () => {
  const base = { id: 'RUSTSEC-2019-0019', package: 'blake2', date: '2019-01-01', title: 't', patched: ['>= 0.8.1'] };
  const c = compileAdvisory(base);
  assert.equal(affects(c, '0.11.0-rc.6'), false);
  assert.equal(affects(c, '0.8.0'), true);
  assert.equal(affects(c, '0.8.1-alpha.1'), true, 'a pre-release of the fix is still before it');
  const fn = compileAdvisory({ ...base, patched: ['>= 0.3.0'], functions: { 'x::f': ['^0.2'] } });
  assert.deepEqual(affectedFunctions(fn, '0.2.5-beta.1'), ['x::f']);
});

test('patched and unaffected ranges are read as cargo-audit (rustsec) reads them, pre-releases and partial versions included', () => {
  const base = { id: 'RUSTSEC-2099-0001', package: 'x', date: '2099-01-01', title: 't' };
  // [patched, unaffected, version, affected]: answers of rustsec's `Versions::is_vulnerable`.
  const cases: [string[], string[], string, boolean][] = [
    [['>= 1.2.0'], ['< 1.2'], '1.2.0-rc.1', false],
    [['>= 1.3.0'], ['<= 1.2'], '1.2.5', true],
    [['>= 1.3.0'], ['> 1.1'], '1.1.5', false],
    [['>= 2.0.0'], ['=1.0'], '1.0.5', true],
    [['>= 0.8.1'], [], '0.11.0-rc.6', false],
    [['^1.2.3'], [], '2.0.0-alpha', true],
    [['^1.2.3'], [], '1.9.0', false],
    [['^0.0.3'], [], '0.0.4', true],
    [['^0.2'], [], '0.2.9', false],
    [['~1.2.3'], [], '1.3.0-0', true],
    [['>= 1.2.3-rc.2'], [], '1.2.3-rc.10', false],
    [['>= 1.0.0'], ['< 0.5.0-alpha.3'], '0.5.0-alpha.2', false],
    [['>= 0.103.13, < 0.104.0-alpha.1', '>= 0.104.0-alpha.7'], [], '0.104.0-alpha.3', true],
    [['>= 0.103.13, < 0.104.0-alpha.1', '>= 0.104.0-alpha.7'], [], '0.103.20', false],
    [['>= 1.11.1'], [], '1.11.1+lz4-1.10.0', false],
    [['>= 1'], [], '1.0.0-beta', true],
    [['>= 99999999999999999999'], [], '1.0.0', true],
  ];
  for (const [patched, unaffected, version, affected] of cases) {
    assert.equal(affects(compileAdvisory({ ...base, patched, unaffected }), version), affected, `${JSON.stringify({ patched, unaffected })} ${version}`);
  }
});
