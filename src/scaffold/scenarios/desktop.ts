import { defineScenario } from '../scenario.js';
import { placeholderIcons } from '../icons.js';

const APT = ['libwebkit2gtk-4.1-dev', 'libxdo-dev', 'libssl-dev', 'libayatana-appindicator3-dev', 'librsvg2-dev'] as const;

export default defineScenario({
  id: 'desktop',
  title: 'Desktop app',
  summary: 'Tauri 2 with tauri-plugin-opener, a plain HTML/JS UI and capabilities (v2 config)',
  contains: [
    '`src-tauri/`: the Rust core (a command, the builder, `tauri::generate_context!`) and build.rs',
    '`tauri.conf.json` in the v2 schema, `capabilities/default.json` with `core:default` and `opener:default`',
    '`ui/`: HTML, CSS and JavaScript with no bundler (`withGlobalTauri`), links opened in the browser',
    'placeholder icons so it builds at once (replace them with `cargo tauri icon`)',
  ],
  rustVersion: '1.85',
  rustVersionReason: 'edition 2024 needs Rust 1.85 (Tauri 2 itself needs 1.77.2)',
  packageSuffixes: ['_lib'],
  dependencies: () => [
    { name: 'tauri', baseline: '2.11.5' },
    { name: 'tauri-build', baseline: '2.6.3' },
    { name: 'tauri-plugin-opener', baseline: '2.7.1', comment: 'Replaces tauri-plugin-shell for opening links and files (shell `open` is deprecated).' },
  ],
  pathDependencies: () => [],
  ci: { apt: APT, doctests: false },
  gitignore: () => ['/src-tauri/gen/schemas/'],
  nextSteps: () => ['cargo install tauri-cli --version "^2" --locked', 'cargo tauri dev'],
  variables: ({ name }) => ({ identifier: `com.example.${name.replaceAll('_', '-')}` }),
  binaryFiles: () => placeholderIcons('src-tauri/icons'),
});
