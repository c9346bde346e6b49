import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import semver from 'semver';
import { parse } from 'smol-toml';
import { cpSync, rmSync } from 'node:fs';
import { defaultKbDir, editDistance, findCrate, kbFingerprint, KB_BUNDLE_PATH, loadDefaultKb, loadKb, locate, readKbBundle, serializeKb, suggest, type Kb } from '../../src/kb/load.js';
import { CATEGORIES, CATEGORY_LAYER, ENDORSING_STATUSES, LAYERS, type CrateEntry } from '../../src/kb/schema.js';

const kb = loadDefaultKb();
const repoRoot = dirname(defaultKbDir().replace(/[\\/]+$/, ''));
/** CI checks out the repo with shared/ beside it, as on developer machines (/work/main, /work/shared). */
const sharedDir = process.env.CARGO_STACK_SHARED ?? resolve(repoRoot, '..', 'shared');
const advisoryDir = join(sharedDir, 'data', 'advisory-db', 'crates');
const blessedFile = join(sharedDir, 'data', 'blessed', 'names.json');

/**
 * Every crate and tool the survey (shared/reference/rust-ecosystem-2026.txt) names, as crates.io
 * spells them ("embassy" -> embassy-executor, "gtk-rs" -> gtk4, "binstall" -> cargo-binstall,
 * "fd" -> fd-find, "dust" -> du-dust). Companies and non-crate projects (Firecracker, mold) are left out.
 */
const SURVEY_CRATES = [
  // toolchain (rustc and cargo live in kb/toolchain.toml, see TOOLCHAIN_ONLY)
  'rustup', 'rust-analyzer', 'clippy', 'rustfmt', 'sccache',
  // async runtime
  'tokio', 'async-std', 'smol', 'embassy-executor', 'glommio', 'mio', 'async-io', 'polling', 'async-trait',
  // web
  'axum', 'actix-web', 'poem', 'poem-openapi', 'rocket', 'warp', 'salvo', 'loco-rs', 'hyper', 'tower', 'pingora',
  // data
  'sqlx', 'sqlx-cli', 'sea-orm', 'sea-orm-cli', 'diesel', 'diesel-async', 'rbatis',
  // errors / observability
  'anyhow', 'thiserror', 'eyre', 'snafu', 'miette', 'tracing', 'tracing-subscriber', 'tracing-opentelemetry',
  'tracing-loki', 'tracing-bunyan-formatter', 'log', 'env_logger',
  // serialization
  'serde', 'serde_json', 'miniserde', 'postcard', 'bincode', 'rkyv',
  // gui
  'tauri', 'tauri-plugin-shell', 'tauri-plugin-sql', 'tauri-plugin-store', 'tauri-plugin-deep-link',
  'tauri-plugin-notification', 'egui', 'eframe', 'iced', 'slint', 'dioxus', 'yew', 'leptos', 'sycamore', 'wgpu',
  // systems / embedded / games / wasm
  'embassy-rp', 'embassy-time', 'defmt-rtt', 'panic-probe', 'rtic', 'embedded-hal', 'bevy', 'winit', 'gtk4',
  'wasm-bindgen', 'wasm-pack', 'wasmtime', 'wasmer',
  // tooling
  'cargo-nextest', 'cargo-mutants', 'cargo-deny', 'cargo-audit', 'cargo-machete', 'cargo-expand', 'cargo-binstall',
  'cargo-watch', 'cargo-leptos', 'cross',
  // CLI and FFI
  'clap', 'argh', 'pyo3',
  // Rust-written command-line tools the survey lists
  'ripgrep', 'fd-find', 'bat', 'eza', 'zoxide', 'bottom', 'du-dust', 'procs', 'hyperfine', 'tokei', 'mdbook',
] as const;

/** Named by the survey but not crates: modelled as facts in kb/toolchain.toml. */
const TOOLCHAIN_ONLY = ['rustc', 'cargo'] as const;

/** Crates the fact-check (shared/reference/fact-check.md) brings up as replacements or corrections. */
const FACT_CHECK_CRATES = [
  'serde_yaml', 'serde_yml', 'serde_yaml_ng', 'serde_norway', 'wincode', 'bitcode', 'atty', 'lazy_static',
  'once_cell', 'tauri-plugin-opener', 'trait-variant', 'axum-extra',
] as const;

/** Newest releases per fact-check section 2: an entry for these crates must carry exactly this `latest`. */
const FACT_CHECK_LATEST: Record<string, string> = {
  tokio: '1.53.1', axum: '0.8.9', 'actix-web': '4.15.0', poem: '3.1.12', rocket: '0.5.1', warp: '0.4.3',
  salvo: '0.95.2', 'loco-rs': '0.16.4', sqlx: '0.9.0', 'sea-orm': '2.0.0', diesel: '2.3.12', anyhow: '1.0.104',
  thiserror: '2.0.19', eyre: '0.6.12', snafu: '0.9.0', miette: '7.6.0', tracing: '0.1.44',
  'tracing-subscriber': '0.3.23', serde: '1.0.228', bincode: '3.0.0', postcard: '1.1.3', rkyv: '0.8.16',
  tauri: '2.11.5', egui: '0.36.1', eframe: '0.36.1', iced: '0.14.0', slint: '1.17.1', dioxus: '0.7.10',
  leptos: '0.8.20', yew: '0.23.0', sycamore: '0.9.2', bevy: '0.19.1', 'embassy-executor': '0.10.0', rtic: '2.3.1',
  'embedded-hal': '1.0.0', clap: '4.6.6', argh: '0.1.19', 'cargo-nextest': '0.9.143', 'cargo-deny': '0.20.2',
  wasmtime: '48.0.0', 'wasm-bindgen': '0.2.127',
};

/** blessed.rs entries that are GitHub Actions, not crates. */
const BLESSED_NOT_CRATES = ['rust-toolchain (github action)', 'rust-cache (github action)', 'install-action (github action)'];

/** The decision tables the CLI shows; each must exist in kb/comparisons/. */
const REQUIRED_COMPARISONS = [
  'async-runtimes', 'web-frameworks', 'database-crates', 'error-handling', 'web-frontends', 'native-gui',
  'cargo-tools', 'serialization-formats', 'http-clients', 'cli-parsers',
];

/** Width budget of a comparison rendered in a terminal: cells plus a 3-character gap per column. */
const TERMINAL_WIDTH = 100;
const COLUMN_GAP = 3;

function entries(): CrateEntry[] {
  return [...kb.crates.values()];
}

/** Collects "crate: message" failures so one failing assertion lists every offending entry. */
function failures(check: (e: CrateEntry) => string | string[] | undefined): string[] {
  return entries().flatMap((e) => {
    const r = check(e);
    if (r === undefined) return [];
    return (Array.isArray(r) ? r : [r]).map((m) => `${e.name}: ${m}`);
  });
}

interface Advisory {
  id: string;
  informational?: string;
  withdrawn?: unknown;
  /** RustSec version ranges (`patched` + `unaffected`) that the advisory does not apply to. */
  safe: string[];
}

function advisoriesOf(crate: string): Advisory[] {
  const dir = join(advisoryDir, crate);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const front = /```toml\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';
      const doc = parse(front) as unknown as { advisory: Omit<Advisory, 'safe'>; versions?: { patched?: string[]; unaffected?: string[] } };
      return { ...doc.advisory, safe: [...(doc.versions?.patched ?? []), ...(doc.versions?.unaffected ?? [])] };
    });
}

/**
 * Unmaintained advisories that apply to the crate as the KB describes it: not withdrawn, and either
 * about every version or not excluding the KB's `latest` (tiberius' 2020 advisory only covers <= 0.3.2).
 */
function activeUnmaintained(e: CrateEntry): Advisory[] {
  return advisoriesOf(e.name).filter((a) => {
    if (a.informational !== 'unmaintained' || a.withdrawn !== undefined) return false;
    if (a.safe.length === 0) return true;
    if (e.latest === undefined) return false;
    const latest = e.latest;
    return !a.safe.some((range) => semver.satisfies(latest, range.replaceAll(',', ' ')));
  });
}

function text(e: CrateEntry): string {
  return [
    e.summary,
    ...e.pickWhen,
    ...e.avoidWhen,
    ...e.replacements.map((r) => `${r.crate ?? r.std ?? ''} ${r.when}`),
    ...e.migrations.map((m) => `${m.from} ${m.to} ${m.summary}`),
    ...e.corrections.map((c) => `${c.claim} ${c.fact}`),
  ].join('\n');
}

function need(name: string): CrateEntry {
  const e = findCrate(kb, name);
  assert.ok(e, `the KB has no entry for ${name}`);
  return e;
}

describe('kb: files load and validate', () => {
  it('has no schema or parse problems', () => {
    const lines = kb.problems.map((p) => `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`);
    assert.deepEqual(lines, []);
  });

  it('has crates, layers, categories and the toolchain file', () => {
    assert.ok(kb.crates.size > 0, 'no crates loaded');
    assert.ok(kb.toolchain, 'kb/toolchain.toml did not load');
  });

  it('layers.toml lists exactly the fixed layers, in order', () => {
    assert.deepEqual(kb.layers.map((l) => l.id), [...LAYERS]);
  });

  it('categories.toml lists exactly the fixed categories with their layers', () => {
    const listed = kb.categories.map((c) => `${c.id}@${c.layer}`).sort();
    const expected = CATEGORIES.map((id) => `${id}@${CATEGORY_LAYER[id]}`).sort();
    assert.deepEqual(listed, expected);
  });

  it('every crate file is named after its crate (checked by the loader)', () => {
    const files = readdirSync(join(kb.dir, 'crates')).filter((f) => f.endsWith('.toml'));
    const wrong = files.filter((f) => !kb.crates.has(f.slice(0, -'.toml'.length)));
    assert.deepEqual(wrong, [], 'these files did not load as the crate they are named after');
  });
});

describe('kb: rules every entry must satisfy', () => {
  it('every replacement crate exists in the KB and is not the entry itself', () => {
    assert.deepEqual(
      failures((e) =>
        e.replacements.flatMap((r) => {
          if (r.crate === undefined) return [];
          if (!kb.crates.has(r.crate)) return [`replacement "${r.crate}" has no kb/crates/${r.crate}.toml`];
          if (r.crate === e.name) return ['replaces itself'];
          return [];
        }),
      ),
      [],
    );
  });

  it('a deprecated/unmaintained/superseded entry does not point at another such entry only', () => {
    const leaving = new Set(['deprecated', 'unmaintained']);
    assert.deepEqual(
      failures((e) => {
        if (e.replacements.length === 0) return undefined;
        const ok = e.replacements.some((r) => r.std !== undefined || !leaving.has(kb.crates.get(r.crate ?? '')?.status ?? ''));
        return ok ? undefined : 'every replacement is itself deprecated or unmaintained';
      }),
      [],
    );
  });

  it('no active RustSec "unmaintained" advisory on a recommended/solid crate; such crates name the advisory', (t) => {
    if (!existsSync(advisoryDir)) return t.skip(`no advisory database at ${advisoryDir}`);
    assert.deepEqual(
      failures((e) => {
        const active = activeUnmaintained(e);
        if (active.length === 0) return undefined;
        const ids = active.map((a) => a.id).join(', ');
        const out: string[] = [];
        if (ENDORSING_STATUSES.includes(e.status)) out.push(`status "${e.status}" despite unmaintained advisory ${ids}`);
        if (e.advisory === undefined) out.push(`set [advisory] id (one of ${ids})`);
        return out;
      }),
      [],
    );
  });

  it('every [advisory] id exists in the advisory database for that crate', (t) => {
    if (!existsSync(advisoryDir)) return t.skip(`no advisory database at ${advisoryDir}`);
    assert.deepEqual(
      failures((e) => {
        if (e.advisory === undefined) return undefined;
        const ids = advisoriesOf(e.name).map((a) => a.id);
        return ids.includes(e.advisory.id) ? undefined : `advisory ${e.advisory.id} is not among ${e.name}'s advisories (${ids.join(', ') || 'none'})`;
      }),
      [],
    );
  });

  it('aliases do not repeat the crate name', () => {
    assert.deepEqual(
      failures((e) => (e.aliases.some((a) => a === e.name) ? 'alias equals the name' : undefined)),
      [],
    );
  });

  it('tools are kind = "tool" when their name says cargo subcommand', () => {
    assert.deepEqual(
      failures((e) => (/^cargo-/.test(e.name) && e.kind !== 'tool' && e.category === 'cargo-tool' ? 'cargo-* tool must be kind = "tool"' : undefined)),
      [],
    );
  });
});

describe('kb: coverage', () => {
  it('every crate and tool the survey names has an entry', () => {
    const missing = SURVEY_CRATES.filter((n) => findCrate(kb, n) === undefined);
    assert.deepEqual(missing, []);
  });

  it(`${TOOLCHAIN_ONLY.join(' and ')} are covered by kb/toolchain.toml`, () => {
    assert.ok(kb.toolchain);
    assert.ok(kb.toolchain.stable.version, 'no current stable Rust version');
    assert.ok(kb.toolchain.features.some((f) => f.kind === 'cargo'), 'no Cargo facts');
  });

  it('every crate the fact-check brings up has an entry', () => {
    const missing = FACT_CHECK_CRATES.filter((n) => findCrate(kb, n) === undefined);
    assert.deepEqual(missing, []);
  });

  it('every blessed.rs name has an entry', (t) => {
    if (!existsSync(blessedFile)) return t.skip(`no ${blessedFile}`);
    const names = (JSON.parse(readFileSync(blessedFile, 'utf8')) as { name: string }[]).map((b) => b.name);
    const missing = [...new Set(names)].filter((n) => !BLESSED_NOT_CRATES.includes(n) && findCrate(kb, n) === undefined);
    assert.deepEqual(missing, []);
  });

  it('every layer has at least one crate', () => {
    const empty = LAYERS.filter((l) => !entries().some((e) => e.layer === l));
    assert.deepEqual(empty, []);
  });
});

describe('kb: comparisons', () => {
  it('the required decision tables exist', () => {
    const ids = kb.comparisons.map((c) => c.id);
    assert.deepEqual(REQUIRED_COMPARISONS.filter((id) => !ids.includes(id)), []);
  });

  it('every row is a KB crate', () => {
    const missing = kb.comparisons.flatMap((c) => c.rows.filter((r) => !kb.crates.has(r.crate)).map((r) => `${c.id}: ${r.crate}`));
    assert.deepEqual(missing, []);
  });

  it('a "latest" column repeats the entry\'s latest version (or "-" when the entry has none)', () => {
    const drift = kb.comparisons.flatMap((c) =>
      c.columns.some((col) => col.key === 'latest')
        ? c.rows.flatMap((r) => {
            const e = kb.crates.get(r.crate);
            const want = e?.latest ?? '-';
            return e !== undefined && r.values['latest'] !== want ? [`${c.id}: ${r.crate} shows ${r.values['latest']}, entry says ${want}`] : [];
          })
        : [],
    );
    assert.deepEqual(drift, []);
  });

  it(`every table fits ${TERMINAL_WIDTH} terminal columns`, () => {
    const tooWide = kb.comparisons.flatMap((c) => {
      const crateWidth = Math.max('crate'.length, ...c.rows.map((r) => r.crate.length));
      const widths = c.columns.map((col) => Math.max(col.title.length, ...c.rows.map((r) => (r.values[col.key] ?? '').length)));
      const total = crateWidth + widths.reduce((a, b) => a + b, 0) + COLUMN_GAP * c.columns.length;
      return total > TERMINAL_WIDTH ? [`${c.id}: ${total} columns (${c.columns.map((col, i) => `${col.key}=${widths[i]}`).join(' ')})`] : [];
    });
    assert.deepEqual(tooWide, []);
  });
});

describe('kb: toolchain facts', () => {
  const feature = (id: string) => {
    const f = kb.toolchain?.features.find((x) => x.id === id);
    assert.ok(f, `kb/toolchain.toml has no feature "${id}"`);
    return f;
  };

  it('current stable is 1.98.0 (2026-08-20) and edition 2024 came with 1.85', () => {
    assert.equal(kb.toolchain?.stable.version, '1.98.0');
    assert.equal(kb.toolchain?.stable.released, '2026-08-20');
    assert.equal(kb.toolchain?.editions.find((e) => e.id === '2024')?.since, '1.85');
  });

  it('std replacements and language features carry the right versions', () => {
    assert.equal(feature('lazy-lock').since, '1.80');
    assert.equal(feature('once-lock').since, '1.70');
    assert.equal(feature('is-terminal').since, '1.70');
    assert.equal(feature('async-fn-in-trait').since, '1.75');
    assert.equal(feature('resolver-3').since, '1.84');
    assert.equal(feature('let-chains').since, '1.88');
    assert.equal(feature('let-chains').edition, '2024');
  });

  it('features only replace KB crates', () => {
    const missing = (kb.toolchain?.features ?? []).flatMap((f) => f.replaces.filter((c) => !kb.crates.has(c)).map((c) => `${f.id}: ${c}`));
    assert.deepEqual(missing, []);
  });

  it('std replacements in crate entries agree with toolchain.toml versions', () => {
    const byPath = new Map<string, string>([
      ['std::sync::LazyLock', '1.80'],
      ['std::cell::LazyCell', '1.80'],
      ['std::sync::OnceLock', '1.70'],
      ['std::cell::OnceCell', '1.70'],
      ['std::io::IsTerminal', '1.70'],
    ]);
    assert.deepEqual(
      failures((e) =>
        e.replacements.flatMap((r) => {
          const want = r.std === undefined ? undefined : byPath.get(r.std);
          return want !== undefined && r.since !== want ? [`${r.std} is stable since ${want}, not ${r.since}`] : [];
        }),
      ),
      [],
    );
  });
});

describe('kb: fact-check claims are reflected', () => {
  it('newest versions match the fact-check', () => {
    const wrong = Object.entries(FACT_CHECK_LATEST).flatMap(([name, version]) => {
      const e = kb.crates.get(name);
      if (e === undefined) return [`${name}: no entry`];
      return e.latest === version ? [] : [`${name}: latest = ${e.latest ?? '(unset)'}, fact-check says ${version}`];
    });
    assert.deepEqual(wrong, []);
  });

  it('actix-web: latest major is 4 and the survey\'s "actix-web 5" is corrected', () => {
    const e = need('actix-web');
    assert.equal(semver.major(e.latest ?? '0.0.0'), 4);
    assert.ok(e.corrections.some((c) => /\b5\b/.test(c.claim)), 'no correction for "actix-web 5"');
  });

  it('axum: 0.7 -> 0.8 migration explains the path syntax change', () => {
    const m = need('axum').migrations.find((x) => x.from.startsWith('0.7') && x.to.startsWith('0.8'));
    assert.ok(m, 'no 0.7 -> 0.8 migration');
    assert.match(m.summary, /\{/);
  });

  it('sqlx: no MSSQL since 0.7, .sqlx/ offline dir, 0.9 feature renames', () => {
    const t = text(need('sqlx'));
    assert.match(t, /mssql/i);
    assert.match(t, /\.sqlx/);
    assert.match(t, /runtime-tokio-rustls|runtime-tokio\b/);
    assert.ok(need('sqlx').migrations.some((m) => m.to.startsWith('0.9')), 'no 0.9 migration');
  });

  it('async-std is deprecated and points to smol', () => {
    const e = need('async-std');
    assert.ok(['deprecated', 'unmaintained'].includes(e.status));
    assert.ok(e.replacements.some((r) => r.crate === 'smol'));
    assert.equal(e.advisory?.id, 'RUSTSEC-2025-0052');
  });

  it('bincode is unmaintained and 3.0.0 is a tombstone', () => {
    const e = need('bincode');
    assert.ok(['deprecated', 'unmaintained'].includes(e.status));
    assert.equal(e.advisory?.id, 'RUSTSEC-2025-0141');
    assert.match(text(e), /tombstone|compile_error/i);
  });

  it('thiserror latest is 2.x with a 1 -> 2 migration', () => {
    const e = need('thiserror');
    assert.equal(semver.major(e.latest ?? '0.0.0'), 2);
    assert.ok(e.migrations.some((m) => m.from.startsWith('1') && m.to.startsWith('2')));
  });

  it('serde_yaml is deprecated with replacements', () => {
    const e = need('serde_yaml');
    assert.ok(['deprecated', 'unmaintained'].includes(e.status));
    assert.ok(e.replacements.length > 0);
  });

  it('atty -> std::io::IsTerminal (1.70)', () => {
    assert.ok(need('atty').replacements.some((r) => r.std === 'std::io::IsTerminal' && r.since === '1.70'));
  });

  it('lazy_static -> LazyLock (1.80); once_cell -> OnceLock (1.70) / LazyLock (1.80)', () => {
    assert.ok(need('lazy_static').replacements.some((r) => r.std === 'std::sync::LazyLock' && r.since === '1.80'));
    const once = need('once_cell').replacements;
    assert.ok(once.some((r) => r.std === 'std::sync::OnceLock' && r.since === '1.70'));
    assert.ok(once.some((r) => r.std === 'std::sync::LazyLock' && r.since === '1.80'));
  });

  it('tauri-plugin-shell open -> tauri-plugin-opener', () => {
    const e = need('tauri-plugin-shell');
    assert.ok(
      e.replacements.some((r) => r.crate === 'tauri-plugin-opener') || /tauri-plugin-opener/.test(text(e)),
      'tauri-plugin-shell does not mention tauri-plugin-opener',
    );
    need('tauri-plugin-opener');
  });

  it('framework migrations: Leptos 0.7, Dioxus 0.5, Bevy, egui 0.34/0.35, embassy-executor 0.10', () => {
    assert.ok(need('leptos').migrations.some((m) => m.to.startsWith('0.7') && /create_resource|prelude|signal/.test(m.summary)), 'leptos 0.7');
    assert.ok(need('dioxus').migrations.some((m) => m.to.startsWith('0.5') && /Scope|use_signal/.test(m.summary)), 'dioxus 0.5');
    assert.ok(need('bevy').migrations.length > 0, 'bevy migrations');
    const egui = [...need('egui').migrations, ...(findCrate(kb, 'eframe')?.migrations ?? [])];
    assert.ok(egui.some((m) => /^0\.3[45]/.test(m.to) && /update/.test(m.summary)), 'egui/eframe App::update');
    assert.ok(need('embassy-executor').migrations.some((m) => m.to.startsWith('0.10') && /spawn/.test(m.summary)), 'embassy-executor 0.10');
  });
});

describe('kb loader', () => {
  it('the bundle written by the build holds exactly what validating the TOML files gives', () => {
    const fresh = loadKb(defaultKbDir());
    const bundled = readKbBundle(defaultKbDir(), KB_BUNDLE_PATH);
    assert.ok(bundled, `${KB_BUNDLE_PATH} is missing or stale: run npm run build`);
    assert.deepEqual(bundled, fresh);
  });

  it('a bundle made from other files is not used: an edited entry is read and validated afresh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    try {
      cpSync(defaultKbDir(), dir, { recursive: true });
      const bundlePath = join(dir, 'bundle.json');
      writeFileSync(bundlePath, serializeKb(loadKb(dir), kbFingerprint(dir)));
      assert.equal(readKbBundle(dir, bundlePath)?.crates.get('tokio')?.status, findCrate(kb, 'tokio')?.status);
      const tokio = join(dir, 'crates', 'tokio.toml');
      writeFileSync(tokio, readFileSync(tokio, 'utf8').replace(/^status = ".*"$/m, 'status = "niche"'));
      assert.equal(readKbBundle(dir, bundlePath), undefined);
      assert.equal(loadKb(dir).crates.get('tokio')?.status, 'niche');
      writeFileSync(bundlePath, 'not json');
      assert.equal(readKbBundle(dir, bundlePath), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  function tempKb(files: Record<string, string>): Kb {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    for (const [name, body] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), body);
    }
    return loadKb(dir);
  }
  const source = '[[sources]]\nurl = "https://example.org/x"\nsupports = "README"\nreviewed = 2026-11-25\n';
  const crate = (name: string, extra = '') =>
    `name = "${name}"\nlayer = "async-runtime"\ncategory = "async-runtime"\nstatus = "solid"\nsummary = "A runtime."\n${extra}${source}`;

  it('collects problems instead of throwing, with TOML positions', () => {
    const k = tempKb({ 'crates/broken.toml': 'name = \n', 'crates/ok-crate.toml': crate('ok-crate') });
    assert.equal(k.crates.size, 1);
    const broken = k.problems.find((p) => p.file.endsWith('broken.toml'));
    assert.ok(broken);
    assert.equal(broken.line, 1);
    assert.ok(k.problems.some((p) => p.file.endsWith('layers.toml') && /missing/.test(p.message)));
  });

  it('reports schema problems with a line', () => {
    const k = tempKb({
      'crates/bad.toml': crate('bad', 'scenarios = ["moon"]\n'),
      'crates/worse.toml': crate('worse').replace('category = "async-runtime"', 'category = "orm"'),
    });
    const at = (file: string) => k.problems.filter((p) => p.file.endsWith(file));
    assert.ok(at('bad.toml').some((p) => /scenarios/.test(p.message) && p.line === 6), JSON.stringify(at('bad.toml')));
    assert.ok(at('worse.toml').some((p) => /belongs to layer "data"/.test(p.message) && p.line === 3), JSON.stringify(at('worse.toml')));
  });

  it('requires a replacement for leaving statuses and `since` for std replacements', () => {
    const k = tempKb({
      'crates/old.toml': crate('old').replace('"solid"', '"deprecated"'),
      'crates/older.toml': crate('older', '[[replacements]]\nstd = "std::sync::LazyLock"\nwhen = "always"\n').replace('"solid"', '"superseded-by-std"'),
    });
    assert.ok(k.problems.some((p) => p.file.endsWith('old.toml') && /replacements/.test(p.message)));
    assert.ok(k.problems.some((p) => p.file.endsWith('older.toml') && /since/.test(p.message) && p.line !== undefined));
  });

  it('requires https sources with a TOML local date', () => {
    const k = tempKb({
      'crates/a.toml': crate('a').replace('https://example.org/x', 'http://example.org/x'),
      'crates/b.toml': crate('b').replace('reviewed = 2026-11-25', 'reviewed = "2026-11-25"'),
    });
    assert.equal(k.crates.size, 0);
    assert.ok(k.problems.some((p) => p.file.endsWith('a.toml') && /https/.test(p.message) && p.line === 7), JSON.stringify(k.problems));
    assert.ok(k.problems.some((p) => p.file.endsWith('b.toml') && /local date/.test(p.message)));
  });

  it('rejects a file whose name differs from the crate name, and unknown keys', () => {
    const k = tempKb({ 'crates/a.toml': crate('b'), 'crates/c.toml': crate('c', 'pick_when = ["x"]\n') });
    assert.equal(k.crates.size, 0);
    assert.ok(k.problems.some((p) => p.file.endsWith('a.toml') && /file name/.test(p.message)));
    assert.ok(k.problems.some((p) => p.file.endsWith('c.toml') && /pick_when/.test(p.message)));
  });

  it('finds crates with -/_ and case normalized, and by alias; suggests close names', () => {
    const k = tempKb({
      'crates/serde_json.toml': crate('serde_json'),
      'crates/tokio.toml': crate('tokio', 'aliases = ["tokio-rt"]\n'),
      'crates/tokio-util.toml': crate('tokio-util'),
    });
    assert.equal(findCrate(k, 'serde-json')?.name, 'serde_json');
    assert.equal(findCrate(k, 'Serde_JSON')?.name, 'serde_json');
    assert.equal(findCrate(k, 'tokio_rt')?.name, 'tokio');
    assert.equal(findCrate(k, 'nope'), undefined);
    assert.deepEqual(suggest(k, 'tokoi'), ['tokio']);
    assert.deepEqual(suggest(k, 'serdejson'), ['serde_json']);
    assert.deepEqual(suggest(k, 'zzzzzzzz'), []);
    assert.deepEqual(suggest(k, 'tokio-utils'), ['tokio-util', 'tokio']);
    assert.deepEqual(suggest(k, 'serde'), ['serde_json']);
  });

  it('reports an alias that names another crate', () => {
    const k = tempKb({ 'crates/x.toml': crate('x', 'aliases = ["y"]\n'), 'crates/y.toml': crate('y') });
    assert.equal(findCrate(k, 'y')?.name, 'y');
    assert.ok(k.problems.some((p) => /alias "y"/.test(p.message)));
  });

  it('edit distance and locate helpers', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('a', 'abcdef', 2), 3);
    const doc = 'name = "x"\n\n[[sources]]\nurl = "a"\n[[sources]]\nurl = "b"\n';
    assert.deepEqual(locate(doc, ['name']), { line: 1, column: 1 });
    assert.deepEqual(locate(doc, ['sources', 1, 'url']), { line: 6, column: 1 });
    assert.deepEqual(locate(doc, ['url']), {});
  });

  it('loadDefaultKb reads the kb/ folder of this package and caches it', () => {
    assert.equal(loadDefaultKb(), kb);
    assert.equal(resolve(kb.dir), resolve(repoRoot, 'kb'));
  });
});
