import { test } from 'node:test';
import { rustLikeText } from './rust-text.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseRust } from '../../src/source/rust.js';
import { lexRustTokens } from '../../src/source/lexer.js';
import { wants, type Scanner } from '../../src/source/scanner.js';
import { scanner as leptos } from '../../src/rules/leptos/removed-api.js';
import { scanner as dioxus } from '../../src/rules/dioxus/scope-api.js';
import { scanner as egui } from '../../src/rules/egui/app-update.js';
import { scanner as embassy } from '../../src/rules/embassy/spawn-signature.js';
import { scanner as bevyRenamed } from '../../src/rules/bevy/renamed-api.js';
import { scanner as bevySprite } from '../../src/rules/bevy/sprite-without-camera.js';
import { scanner as edition } from '../../src/rules/edition/2024-hazards.js';
import { FIXTURES } from '../support/paths.js';
import { scannerHits } from './support.js';

const SCANNERS: Scanner[] = [leptos, dioxus, egui, embassy, bevyRenamed, bevySprite, edition];

const FRAGMENTS = [
  'fn', ' ', '\n', '{', '}', '(', ')', '[', ']', '<', '>', '"', "'", 'r#"', '"#', '/*', '*/', '//', '::', ':', '.', ',', ';', '!', '#', '#[', '?', '&', '&mut ', '*', '=>', 'match x {', 'if a {', '} else {', 'let', 'mut', 'unsafe', 'unsafe {',
  'use leptos::*;', 'create_signal(0)', 'create_resource(a, b)', '.into_view()', 'leptos::mount_to_body(App)', 'view! { <p/> }',
  'cx: Scope', 'Scope<P>', 'cx.render(rsx! {})', 'use_state(cx, || 0)', 'use_ref(&cx, f)', '&ScopeState',
  'impl eframe::App for A {', 'fn update(&mut self, ctx: &egui::Context, f: &mut eframe::Frame)', 'egui::CentralPanel::default().show(ctx, |ui| {})', 'SidePanel::left("s")', 'run_native("a", o, Box::new(|cc| Box::new(A)))',
  '#[embassy_executor::task]', 'async fn t() {}', 'spawner.spawn(t()).unwrap()', 'unwrap!(spawner.spawn(t()))', 'spawner.must_spawn(t())', 'spawner.spawn(t())?',
  'SpriteBundle { ..default() }', 'Camera2dBundle::default()', 'Style {', 'time.delta_seconds()', 'q.get_single()', 'q.single().x', 'let (a, b) = q.single();', '&Parent', '.despawn_recursive()', 'EventReader<E>', 'Handle<Scene>', 'SceneRoot(h)', 'commands.spawn(Sprite::default())', 'Camera2d',
  'std::env::set_var("a", "b")', 'env::remove_var(k)', '#[no_mangle]', '#[cfg_attr(x, export_name = "y")]', 'extern "C" {', 'unsafe extern "C" {', 'gen', 'rng.gen()', 'static mut X: u8 = 0;', '&mut X', '&raw const X',
  'r#type', "'a", 'é', '😀', '\ud800', '1.0', 'x',
];

const sources = [
  'rules/leptos-removed-api/bad/src/lib.rs',
  'rules/dioxus-scope-api/bad/src/main.rs',
  'rules/egui-app-update/v034/src/main.rs',
  'rules/embassy-spawn-signature/bad/fw/src/main.rs',
  'rules/bevy-renamed-api/v019/src/main.rs',
  'rules/bevy-sprite-without-camera/bad/src/main.rs',
  'rules/edition-2024-hazards/e2024/src/lib.rs',
].map((p) => readFileSync(join(FIXTURES, p), 'utf8'));

function everything(text: string): void {
  const { lex, tokens } = lexRustTokens(text, { strings: false });
  const root = parseRust(text);
  const input = { path: 'fuzz.rs', text };
  for (const scanner of SCANNERS) {
    // The prefilter must not throw either; the scan runs regardless, as a file that passes it would.
    wants(scanner, text, { lex, options: {}, tokens: () => tokens });
    for (const hit of scannerHits(scanner, text, input.path, root)) {
      assert.ok(hit.line >= 1 && hit.column >= 1 && hit.endLine >= hit.line);
      assert.equal(typeof hit.messageId, 'string');
      if (hit.data) for (const value of Object.values(hit.data)) assert.ok(typeof value === 'string' || typeof value === 'number');
    }
  }
}

const rustText = rustLikeText(sources, FRAGMENTS);

test('the migration scanners (leptos, dioxus, egui, embassy, bevy, edition) never throw on random Rust-like text', () => {
  fc.assert(fc.property(rustText, (text) => everything(text)), { numRuns: 400 });
});

test('the migration scanners find their fixtures\' hits on the unmangled sources', () => {
  for (const text of sources) everything(text);
  const counts = SCANNERS.map((s, i) => scannerHits(s, sources[i]!, 'x.rs').filter((h) => !h.messageId.startsWith('_')).length);
  assert.ok(counts.every((n) => n > 0), `hits per scanner: ${counts.join(', ')}`);
});
