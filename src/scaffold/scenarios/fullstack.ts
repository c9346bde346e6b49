import { defineScenario } from '../scenario.js';

export default defineScenario({
  id: 'fullstack',
  title: 'Full-stack web app',
  summary: 'Leptos (WebAssembly, current API) + an axum server + types shared between them',
  contains: [
    '`crates/web`: a Leptos app (`leptos::prelude::*`, `signal()`, `LocalResource`, `mount_to_body`) built with trunk',
    '`crates/server`: axum API under /api plus the built app as static files, graceful shutdown',
    '`crates/shared`: request and response types both sides compile against',
    'API tests through the real router; clippy also runs for wasm32-unknown-unknown in CI',
  ],
  rustVersion: '1.88',
  rustVersionReason: 'Leptos 0.8 needs Rust 1.88',
  packageSuffixes: ['-shared', '-server', '-web'],
  dependencies: () => [
    { name: 'anyhow', baseline: '1.0.104' },
    { name: 'axum', baseline: '0.8.9' },
    { name: 'console_error_panic_hook', baseline: '0.1.7' },
    { name: 'gloo-net', baseline: '0.7.0', defaultFeatures: false, features: ['http', 'json'] },
    { name: 'leptos', baseline: '0.8.20', features: ['csr'], comment: 'Client-side rendering: trunk builds crates/web to WebAssembly.' },
    { name: 'serde', baseline: '1.0.228', features: ['derive'] },
    { name: 'serde_json', baseline: '1.0.145' },
    { name: 'tokio', baseline: '1.53.1', features: ['macros', 'net', 'rt-multi-thread', 'signal'] },
    { name: 'tower', baseline: '0.5.2', features: ['util'], comment: 'Tests only: `ServiceExt::oneshot` sends one request to the router.' },
    { name: 'tower-http', baseline: '0.7.1', features: ['fs', 'trace'] },
    { name: 'tracing', baseline: '0.1.44' },
    { name: 'tracing-subscriber', baseline: '0.3.23', features: ['env-filter'] },
  ],
  pathDependencies: ({ name }) => [{ name: `${name}-shared`, path: 'crates/shared' }],
  ci: { doctests: false, wasmPackage: ({ name }) => `${name}-web` },
  gitignore: () => ['/crates/web/dist/'],
  nextSteps: ({ name }) => [
    'rustup target add wasm32-unknown-unknown && cargo install trunk',
    `cargo run -p ${name}-server`,
    'cd crates/web && trunk serve    # in a second terminal; open http://127.0.0.1:8080',
  ],
});
