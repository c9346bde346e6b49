import { defineScenario } from '../scenario.js';

export default defineScenario({
  id: 'game',
  title: '2D game',
  summary: 'Bevy 0.19 with a camera, sprites, Single queries, a Result-returning system and Messages',
  contains: [
    'a playable 2D scene: `Camera2d`, `Sprite::from_color`, keyboard movement with `time.delta_secs()`',
    '`Single` queries, a system returning `Result`, a `Message` with `MessageWriter`/`MessageReader`',
    "Bevy's `2d` feature profile only, dev profile tuned so debug builds are playable",
    'tests, including one that runs a system in a headless `App`',
  ],
  rustVersion: '1.95',
  rustVersionReason: 'Bevy 0.19 needs Rust 1.95',
  packageSuffixes: [],
  dependencies: () => [
    {
      name: 'bevy',
      baseline: '0.19.1',
      defaultFeatures: false,
      features: ['2d'],
      comment: 'Only the 2D profile (rendering, sprites, windowing, input): less to compile than the default 2D + 3D + UI + audio.',
    },
  ],
  pathDependencies: () => [],
  ci: { apt: ['libasound2-dev', 'libudev-dev', 'libwayland-dev', 'libxkbcommon-dev'], doctests: false },
  gitignore: () => [],
  nextSteps: () => ['cargo run', 'cargo nextest run'],
});
