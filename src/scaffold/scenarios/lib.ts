import { defineScenario } from '../scenario.js';

export default defineScenario({
  id: 'lib',
  title: 'Library',
  summary: 'a library crate with a thiserror error type, doctests and unit tests',
  contains: [
    'one library crate (a duration parser) ready for crates.io: description, keywords, categories',
    'a `thiserror` error enum that says where parsing failed, `#[non_exhaustive]`',
    '`missing_docs` and `unsafe_code` lints, a doctest, unit tests',
  ],
  rustVersion: '1.85',
  rustVersionReason: 'edition 2024 needs Rust 1.85; keep it as low as your users need and check it in CI when you raise it',
  packageSuffixes: [],
  dependencies: () => [{ name: 'thiserror', baseline: '2.0.19' }],
  pathDependencies: () => [],
  ci: { doctests: true },
  gitignore: () => [],
  nextSteps: () => ['cargo nextest run', 'cargo test --doc', 'cargo doc --open'],
});
