/**
 * Schemas for the knowledge base in kb/ (format: docs of the KB spec). TOML is parsed by smol-toml,
 * which yields `Date` objects for dates; schemas turn local dates into `YYYY-MM-DD` strings and
 * kebab-case keys into camelCase so the rest of the code never sees TOML quirks.
 */
import * as z from 'zod';
import semver from 'semver';

export const LAYERS = [
  'toolchain',
  'async-runtime',
  'web',
  'data',
  'errors-observability',
  'gui',
  'systems',
  'tooling',
  'foundations',
] as const;
export type LayerId = (typeof LAYERS)[number];

/** The fixed category ids and the layer each belongs to; kb/categories.toml must list exactly these. */
export const CATEGORY_LAYER = {
  'toolchain-component': 'toolchain',
  'build-tool': 'toolchain',
  'async-runtime': 'async-runtime',
  'async-utility': 'async-runtime',
  channel: 'async-runtime',
  'web-framework': 'web',
  'http-library': 'web',
  'http-client': 'web',
  middleware: 'web',
  grpc: 'web',
  websocket: 'web',
  'template-engine': 'web',
  graphql: 'web',
  tls: 'web',
  'web-fullstack': 'web',
  'sql-toolkit': 'data',
  orm: 'data',
  'query-builder': 'data',
  'database-driver': 'data',
  'kv-cache-client': 'data',
  'embedded-database': 'data',
  'search-engine': 'data',
  'message-queue': 'data',
  dataframe: 'data',
  'error-type-library': 'errors-observability',
  'error-reporting-app': 'errors-observability',
  logging: 'errors-observability',
  tracing: 'errors-observability',
  metrics: 'errors-observability',
  diagnostics: 'errors-observability',
  'desktop-app-framework': 'gui',
  'native-gui': 'gui',
  'web-frontend': 'gui',
  'immediate-mode-gui': 'gui',
  'gui-toolkit-binding': 'gui',
  tui: 'gui',
  'embedded-hal': 'systems',
  'embedded-runtime': 'systems',
  'embedded-rtos': 'systems',
  'game-engine': 'systems',
  graphics: 'systems',
  windowing: 'systems',
  wasm: 'systems',
  'wasm-runtime': 'systems',
  'os-binding': 'systems',
  audio: 'systems',
  'cargo-tool': 'tooling',
  testing: 'tooling',
  benchmarking: 'tooling',
  linting: 'tooling',
  'release-tool': 'tooling',
  'cross-compilation': 'tooling',
  'code-generation': 'tooling',
  'cli-application': 'tooling',
  serialization: 'foundations',
  'serialization-format': 'foundations',
  'cli-parser': 'foundations',
  'cli-utility': 'foundations',
  terminal: 'foundations',
  'lazy-init': 'foundations',
  concurrency: 'foundations',
  'data-structure': 'foundations',
  'text-processing': 'foundations',
  regex: 'foundations',
  'time-date': 'foundations',
  random: 'foundations',
  crypto: 'foundations',
  hashing: 'foundations',
  compression: 'foundations',
  math: 'foundations',
  numerics: 'foundations',
  ffi: 'foundations',
  'macro-utility': 'foundations',
  utility: 'foundations',
  config: 'foundations',
  allocator: 'foundations',
  networking: 'foundations',
  image: 'foundations',
  'testing-utility': 'foundations',
  uuid: 'foundations',
  encoding: 'foundations',
  filesystem: 'foundations',
  parsing: 'foundations',
  i18n: 'foundations',
} as const satisfies Record<string, LayerId>;
export type CategoryId = keyof typeof CATEGORY_LAYER;
export const CATEGORIES = Object.keys(CATEGORY_LAYER) as [CategoryId, ...CategoryId[]];

export const STATUSES = [
  'recommended',
  'solid',
  'niche',
  'maintenance-mode',
  'deprecated',
  'unmaintained',
  'superseded-by-std',
] as const;
export type Status = (typeof STATUSES)[number];
/** Statuses that tell users to move away, so an entry must say where to go. */
export const STATUSES_NEEDING_REPLACEMENT: readonly Status[] = ['deprecated', 'unmaintained', 'superseded-by-std'];
/** Statuses that contradict an active RustSec "unmaintained" advisory. */
export const ENDORSING_STATUSES: readonly Status[] = ['recommended', 'solid'];

export const SCENARIOS = [
  'backend',
  'cli',
  'desktop',
  'mobile',
  'game',
  'embedded',
  'fullstack-web',
  'wasm',
  'library',
  'systems',
  'data-pipeline',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const CRATE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const RUST_VERSION_PATTERN = /^1\.\d+(\.\d+)?$/;

const crateName = z.string().regex(CRATE_NAME_PATTERN, 'not a valid crates.io crate name');
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });
const line = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const rustVersion = z.string().regex(RUST_VERSION_PATTERN, 'must be a Rust version such as "1.80"');
const version = z.string().refine((v) => semver.valid(v) !== null, 'must be a full semver version such as "1.2.3"');

/** A TOML local date (`2026-11-25`, no time); smol-toml gives a Date whose `isDate()` is true. */
const localDate = z
  .custom<Date>((v) => v instanceof Date && !Number.isNaN(v.getTime()) && isLocalDateOnly(v), 'must be a TOML local date such as 2026-11-25')
  .transform((d) => d.toISOString().slice(0, 10));

function isLocalDateOnly(d: Date): boolean {
  const maybe = d as Date & { isDate?: () => boolean };
  return typeof maybe.isDate === 'function' ? maybe.isDate() : true;
}

export const SourceSchema = z.strictObject({
  url: httpsUrl,
  supports: line(300),
  reviewed: localDate,
});
export type Source = z.infer<typeof SourceSchema>;

const ReplacementSchema = z
  .strictObject({
    crate: crateName.optional(),
    std: z.string().regex(/^(std|core|alloc)::[A-Za-z0-9_:]+$/, 'must be a std path such as "std::sync::LazyLock"').optional(),
    since: rustVersion.optional(),
    when: line(200),
  })
  .superRefine((r, ctx) => {
    if ((r.crate === undefined) === (r.std === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a replacement needs exactly one of `crate` or `std`' });
    }
    if (r.std !== undefined && r.since === undefined) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: 'a std replacement needs `since` (the Rust version that stabilized it)' });
    }
    if (r.crate !== undefined && r.since !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: '`since` only applies to std replacements' });
    }
  });
export type Replacement = z.infer<typeof ReplacementSchema>;

const MigrationSchema = z.strictObject({
  from: line(20),
  to: line(20),
  summary: line(300),
  source: httpsUrl,
});
export type Migration = z.infer<typeof MigrationSchema>;

const CorrectionSchema = z.strictObject({
  claim: line(200),
  fact: line(300),
  source: httpsUrl,
});
export type Correction = z.infer<typeof CorrectionSchema>;

const bullets = z.array(line(120)).max(4, 'at most 4 bullets').default([]);

export const CrateEntrySchema = z
  .strictObject({
    name: crateName,
    layer: z.enum(LAYERS),
    category: z.enum(CATEGORIES),
    status: z.enum(STATUSES),
    kind: z.enum(['library', 'tool']).default('library'),
    summary: line(140),
    latest: version.optional(),
    scenarios: z.array(z.enum(SCENARIOS)).default([]),
    'pick-when': bullets,
    'avoid-when': bullets,
    aliases: z.array(z.string().min(1)).default([]),
    replacements: z.array(ReplacementSchema).default([]),
    migrations: z.array(MigrationSchema).default([]),
    corrections: z.array(CorrectionSchema).default([]),
    sources: z.array(SourceSchema).min(1, 'needs at least one [[sources]] entry'),
    advisory: z.strictObject({ id: z.string().regex(/^RUSTSEC-\d{4}-\d{4}$/, 'must be a RustSec id such as RUSTSEC-2025-0052') }).optional(),
  })
  .superRefine((e, ctx) => {
    if (CATEGORY_LAYER[e.category] !== e.layer) {
      ctx.addIssue({
        code: 'custom',
        path: ['category'],
        message: `category "${e.category}" belongs to layer "${CATEGORY_LAYER[e.category]}", not "${e.layer}"`,
      });
    }
    if (STATUSES_NEEDING_REPLACEMENT.includes(e.status) && e.replacements.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['replacements'], message: `status "${e.status}" needs at least one [[replacements]] entry` });
    }
  })
  .transform(({ 'pick-when': pickWhen, 'avoid-when': avoidWhen, ...rest }) => ({ ...rest, pickWhen, avoidWhen }));
export type CrateEntry = z.output<typeof CrateEntrySchema>;

export const LayerSchema = z.strictObject({
  id: z.enum(LAYERS),
  title: line(40),
  description: line(160),
});
export type Layer = z.infer<typeof LayerSchema>;
export const LayersFileSchema = z.strictObject({ layers: z.array(LayerSchema) });

export const CategorySchema = z
  .strictObject({
    id: z.enum(CATEGORIES),
    layer: z.enum(LAYERS),
    title: line(40),
    description: line(160),
  })
  .superRefine((c, ctx) => {
    if (CATEGORY_LAYER[c.id] !== c.layer) {
      ctx.addIssue({ code: 'custom', path: ['layer'], message: `category "${c.id}" belongs to layer "${CATEGORY_LAYER[c.id]}"` });
    }
  });
export type Category = z.infer<typeof CategorySchema>;
export const CategoriesFileSchema = z.strictObject({ categories: z.array(CategorySchema) });

/**
 * A decision table (kb/comparisons/<id>.toml): one row per crate, one short cell per column.
 * Cells stay short because the terminal renderer prints the whole table in 100 columns.
 */
export const ComparisonSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
    title: line(80),
    layer: z.enum(LAYERS),
    category: z.enum(CATEGORIES).optional(),
    question: line(160).optional(),
    columns: z
      .array(z.strictObject({ key: z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase key'), title: line(20) }))
      .min(1)
      .max(6),
    rows: z
      .array(
        z.strictObject({
          crate: crateName,
          values: z.record(z.string(), line(40)),
          note: line(200).optional(),
        }),
      )
      .min(2, 'a comparison needs at least two rows'),
    notes: z.array(line(240)).default([]),
    sources: z.array(SourceSchema).min(1, 'needs at least one [[sources]] entry'),
  })
  .superRefine((c, ctx) => {
    const keys = c.columns.map((col) => col.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'column keys must be unique' });
    const seen = new Set<string>();
    c.rows.forEach((row, i) => {
      if (seen.has(row.crate)) ctx.addIssue({ code: 'custom', path: ['rows', i, 'crate'], message: `crate "${row.crate}" appears twice` });
      seen.add(row.crate);
      for (const key of keys) {
        if (!(key in row.values)) ctx.addIssue({ code: 'custom', path: ['rows', i, 'values'], message: `missing value for column "${key}"` });
      }
      for (const key of Object.keys(row.values)) {
        if (!keys.includes(key)) ctx.addIssue({ code: 'custom', path: ['rows', i, 'values', key], message: `no column "${key}"` });
      }
    });
    if (c.category !== undefined && CATEGORY_LAYER[c.category] !== c.layer) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: `category "${c.category}" belongs to layer "${CATEGORY_LAYER[c.category]}"` });
    }
  });
export type Comparison = z.infer<typeof ComparisonSchema>;

/** kb/toolchain.toml: facts about rustc/cargo (not crates) that rules and reports rely on. */
const ToolchainFeatureSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
  kind: z.enum(['language', 'std', 'cargo']),
  title: line(80),
  since: rustVersion,
  edition: z.enum(['2015', '2018', '2021', '2024']).optional(),
  summary: line(240),
  /** KB crates this feature makes unnecessary in new code. */
  replaces: z.array(crateName).default([]),
  sources: z.array(SourceSchema).min(1),
});
export type ToolchainFeature = z.infer<typeof ToolchainFeatureSchema>;

export const ToolchainSchema = z.strictObject({
  stable: z.strictObject({
    version,
    released: localDate,
    sources: z.array(SourceSchema).min(1),
  }),
  editions: z
    .array(
      z.strictObject({
        id: z.enum(['2015', '2018', '2021', '2024']),
        since: rustVersion,
        summary: line(240),
        sources: z.array(SourceSchema).min(1),
      }),
    )
    .min(1),
  features: z.array(ToolchainFeatureSchema).min(1),
});
export type Toolchain = z.infer<typeof ToolchainSchema>;
