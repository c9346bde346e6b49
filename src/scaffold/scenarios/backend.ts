import { defineScenario, type Choices } from '../scenario.js';

const DATABASE = {
  postgres: { label: 'Postgres', type: 'Postgres', feature: 'postgres' },
  sqlite: { label: 'SQLite', type: 'Sqlite', feature: 'sqlite' },
} as const;

function databaseUrl({ name, database }: Choices): string {
  return database === 'postgres' ? `postgres://postgres:postgres@localhost:5432/${name.replaceAll('-', '_')}` : `sqlite://${name}.db?mode=rwc`;
}

export default defineScenario({
  id: 'backend',
  title: 'HTTP API',
  summary: 'axum 0.8 + tokio + sqlx 0.9 (Postgres or SQLite) + tracing, with migrations and graceful shutdown',
  contains: [
    'a library (router, handlers, errors, config, database) and a thin `main` binary',
    'configuration from the environment with errors that name the variable (no `.unwrap()` on env vars)',
    'sqlx migrations applied at startup, a lazy pool, `/health`, `/notes` and `/notes/{id}` routes',
    'graceful shutdown on Ctrl+C and SIGTERM, request tracing with tower-http and `RUST_LOG`',
    'integration tests with `tower::ServiceExt::oneshot` that need no database; compose.yaml for Postgres',
  ],
  rustVersion: '1.94',
  rustVersionReason: 'sqlx 0.9 needs Rust 1.94',
  usesDatabase: true,
  packageSuffixes: [],
  dependencies: ({ database }) => [
    { name: 'anyhow', baseline: '1.0.104' },
    { name: 'axum', baseline: '0.8.9' },
    { name: 'serde', baseline: '1.0.228', features: ['derive'] },
    {
      name: 'sqlx',
      baseline: '0.9.0',
      defaultFeatures: false,
      features: [
        'runtime-tokio',
        ...(database === 'postgres' ? ['tls-rustls-ring'] : []),
        DATABASE[database].feature,
        'macros',
        'migrate',
      ],
      comment: 'sqlx 0.9 names the runtime and the TLS backend separately (no more `runtime-tokio-rustls`).',
    },
    { name: 'thiserror', baseline: '2.0.19' },
    { name: 'tokio', baseline: '1.53.1', features: ['macros', 'net', 'rt-multi-thread', 'signal'] },
    { name: 'tower', baseline: '0.5.2', features: ['util'], comment: 'Tests only: `ServiceExt::oneshot` sends one request to the router.' },
    { name: 'tower-http', baseline: '0.7.1', features: ['trace'] },
    { name: 'tracing', baseline: '0.1.44' },
    { name: 'tracing-subscriber', baseline: '0.3.23', features: ['env-filter'], comment: '`EnvFilter` (RUST_LOG) needs the env-filter feature.' },
  ],
  pathDependencies: () => [],
  ci: { doctests: false },
  gitignore: ({ database }) => (database === 'sqlite' ? ['/*.db', '/*.db-shm', '/*.db-wal'] : []),
  nextSteps: (choices) => [
    ...(choices.database === 'postgres' ? ['docker compose up -d'] : []),
    `DATABASE_URL='${databaseUrl(choices)}' cargo run`,
    'cargo nextest run',
  ],
  variables: (choices) => ({
    db_label: DATABASE[choices.database].label,
    db_type: DATABASE[choices.database].type,
    database_url: databaseUrl(choices),
    test_database_url: choices.database === 'postgres' ? 'postgres://localhost/unused' : 'sqlite::memory:',
  }),
  flags: ({ database }) => ({ postgres: database === 'postgres', sqlite: database === 'sqlite' }),
});
