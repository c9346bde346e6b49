import { defineScenario } from '../scenario.js';

export default defineScenario({
  id: 'embedded',
  title: 'Firmware (RP2040)',
  summary: 'Embassy on the RP2040: no_std, embassy-executor 0.10, defmt, probe-rs',
  contains: [
    'a `#![no_std]` `#![no_main]` firmware crate: an Embassy task blinking the Pico LED, defmt logging',
    '`memory.x`, build.rs with the linker scripts, `.cargo/config.toml` (thumbv6m target, probe-rs runner)',
    '`rust-toolchain.toml` that installs the target, a release profile for flash size',
    'a hardware-independent `-core` crate tested on the host; CI builds firmware and runs host tests',
  ],
  rustVersion: '1.85',
  rustVersionReason: 'edition 2024, which the embassy crates use too, needs Rust 1.85',
  packageSuffixes: ['-core'],
  dependencies: () => [
    { name: 'cortex-m-rt', baseline: '0.7.5' },
    { name: 'defmt', baseline: '1.0.1' },
    { name: 'defmt-rtt', baseline: '1.0.0' },
    {
      name: 'embassy-executor',
      baseline: '0.10.0',
      features: ['platform-cortex-m', 'executor-thread', 'defmt'],
      comment: 'embassy-executor 0.10 renamed the `arch-*` features to `platform-*`.',
    },
    { name: 'embassy-rp', baseline: '0.10.0', features: ['rp2040', 'time-driver', 'critical-section-impl', 'defmt'] },
    { name: 'embassy-time', baseline: '0.5.1', features: ['defmt', 'defmt-timestamp-uptime'] },
    { name: 'panic-probe', baseline: '1.0.0', features: ['print-defmt'] },
  ],
  pathDependencies: ({ name }) => [{ name: `${name}-core`, path: `crates/${name}-core` }],
  ci: { doctests: false },
  gitignore: () => [],
  nextSteps: ({ name }) => ['cargo build --release', 'cargo run --release    # flashes with probe-rs', `cargo nextest run -p ${name}-core --target x86_64-unknown-linux-gnu`],
});
