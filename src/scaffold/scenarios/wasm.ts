import { defineScenario } from '../scenario.js';

export default defineScenario({
  id: 'wasm',
  title: 'WebAssembly library',
  summary: 'a wasm-bindgen library (cdylib + rlib) exporting a function and a class to JavaScript',
  contains: [
    'one library crate with `crate-type = ["cdylib", "rlib"]`: a `#[wasm_bindgen]` function and class',
    'native unit tests (the rlib), clippy for wasm32-unknown-unknown in CI',
    'a size-optimised release profile; build with wasm-pack or wasm-bindgen-cli',
  ],
  rustVersion: '1.85',
  rustVersionReason: 'edition 2024 needs Rust 1.85',
  packageSuffixes: [],
  dependencies: () => [{ name: 'wasm-bindgen', baseline: '0.2.127' }],
  pathDependencies: () => [],
  ci: { doctests: false, wasmPackage: ({ name }) => name },
  gitignore: ({ name }) => [`/crates/${name}/pkg/`],
  nextSteps: ({ name }) => ['cargo nextest run', `wasm-pack build crates/${name} --target web --release`],
});
