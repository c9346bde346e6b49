import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths.js';
import { places, sourceFindings } from '../source/support.js';

const dir = join(FIXTURES, 'rules/unsafe-usage');
const ID = 'unsafe/usage';

test('unsafe/usage counts unsafe code per crate outside FFI, SIMD, allocator, no_std and test code', async () => {
  const root = join(dir, 'bad');
  const findings = await sourceFindings(root, ID);
  assert.deepEqual(places(findings, root), ['usage@core/src/lib.rs:7:1']);
  const [usage] = findings;
  assert.deepEqual(usage!.data, { member: 'core', summary: '1 unsafe block, 1 unsafe fn, 1 unsafe impl, 1 unsafe trait', count: 4, blocks: 1, fns: 1, impls: 1, traits: 1 });
  assert.deepEqual(usage!.related?.map((r) => `${r.location.line}:${r.location.column} ${r.message}`), ['9:1 unsafe fn', '14:5 unsafe block', '17:1 unsafe trait']);
  assert.equal(usage!.severity, 'note');
});

test('unsafe/usage is product-only: files in tests/, benches/ and examples/ are not parsed for it', async () => {
  const { loadWorkspaceSync } = await import('../../src/project/workspace.js');
  const { loadDefaultKb } = await import('../../src/kb/load.js');
  const { createSourceService } = await import('../../src/source/service.js');
  const { ALL_RULES } = await import('../../src/rules/index.js');
  const root = join(dir, 'bad');
  const service = createSourceService(loadWorkspaceSync(root), { rules: ALL_RULES.filter((r) => r.meta.id === ID), workers: 0 });
  const scan = await service.scan({ kb: loadDefaultKb() });
  assert.equal(scan.file(join(root, 'core', 'tests', 'it.rs'))?.parsed, false);
  assert.equal(scan.file(join(root, 'core', 'src', 'lib.rs'))?.parsed, true);
});

test('unsafe/usage reads tokens the way a parse tree would: macro bodies, attributes, FFI and test code are not counted', async () => {
  const { scanner } = await import('../../src/rules/unsafe/usage.js');
  const { scannerHits } = await import('../source/support.js');
  const hits = (text: string): string[] => scannerHits(scanner, text).map((h) => `${h.line}:${h.column} ${h.messageId}${h.data?.kind ? ` ${String(h.data.kind)}` : ''}`);
  assert.deepEqual(
    hits(`pub(crate) const unsafe fn a() {}
type F = unsafe fn(u8);
macro_rules! m { () => { unsafe { x() } } }
fn b() { assert!(unsafe { y() }); if !(unsafe { z() }) {} }
#[cfg_attr(x, unsafe(no_mangle))] fn c() {}
fn d() {
    unsafe extern "C" { fn e(); }
    unsafe { e() };
}
#[test] fn t() { unsafe { f() } }
#[cfg(test)] #[allow(dead_code)] mod tests { fn g() { unsafe {} } }
#[export_name = "h"] extern "C" fn h() { unsafe {} }
pub unsafe auto trait Marker {}
// unsafe { in a comment }
const S: &str = "unsafe { }";
`),
    ['1:1 unsafe fn', '4:40 unsafe block', '8:5 unsafe block', '13:1 unsafe trait'],
  );
  assert.deepEqual(hits('#![no_std]\n//! #![no_std] in docs\nfn f() {}'), ['1:1 noStd']);
});
