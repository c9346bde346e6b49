import { defineScenario } from '../scenario.js';

export default defineScenario({
  id: 'cli',
  title: 'Command-line tool',
  summary: 'a CLI with clap (derive), serde + serde_json output and anyhow errors',
  contains: [
    'one binary crate: a `wc`-like tool with --json output',
    'clap derive arguments with a `debug_assert` test, counting logic unit-tested on its own',
    'release profile for small, fast binaries',
  ],
  rustVersion: '1.85',
  rustVersionReason: 'clap 4.6 needs Rust 1.85, the first release with edition 2024',
  packageSuffixes: [],
  dependencies: () => [
    { name: 'anyhow', baseline: '1.0.104' },
    { name: 'clap', baseline: '4.6.6', features: ['derive'] },
    { name: 'serde', baseline: '1.0.228', features: ['derive'] },
    { name: 'serde_json', baseline: '1.0.145' },
  ],
  pathDependencies: () => [],
  ci: { doctests: false },
  gitignore: () => [],
  nextSteps: () => ['cargo run -- --help', 'cargo run -- --json Cargo.toml', 'cargo nextest run'],
});
