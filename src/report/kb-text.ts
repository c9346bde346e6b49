/**
 * Terminal and JSON renderings of the knowledge base for `explain` and `compare`. Pure functions of
 * KB data: callers pass the width (see `textWidth`) and the colors, so tests can render at any size.
 */
import type { Colors } from '../util/color.js';
import { findCrate, type Kb } from '../kb/load.js';
import { STATUSES_NEEDING_REPLACEMENT, type Correction, type CrateEntry, type Migration, type Replacement, type Source, type Status } from '../kb/schema.js';

/** What each KB status tells a user; the one place that defines their meaning. */
export const STATUS_TEXT: Record<Status, string> = {
  recommended: 'the default choice in its category for new code',
  solid: 'a good, maintained choice when its trade-offs fit your project',
  niche: 'maintained, but made for a narrower job or audience than the defaults',
  'maintenance-mode': 'still gets fixes but no new development; fine to keep, think twice for new code',
  deprecated: 'its authors discontinued it or point elsewhere; move to a replacement',
  unmaintained: 'nobody maintains it any more (often flagged by RustSec); move to a replacement',
  'superseded-by-std': 'the standard library now does this job; use the std item instead',
};

/** Statuses that say "move away", shown with ✖ in red everywhere. */
export function isMoveAway(status: Status | null): boolean {
  return status !== null && STATUSES_NEEDING_REPLACEMENT.includes(status);
}

/** One-character mark for tables: ✓ recommended, ✖ move away, ~ maintenance mode, ? not in the KB. */
export function statusMark(status: Status | null): string {
  if (status === null) return '?';
  if (status === 'recommended') return '✓';
  if (status === 'maintenance-mode') return '~';
  return isMoveAway(status) ? '✖' : '';
}

export function paintStatus(text: string, status: Status | null, c: Colors): string {
  if (status === null) return c.dim(text);
  if (status === 'recommended') return c.green(text);
  if (status === 'maintenance-mode') return c.yellow(text);
  return isMoveAway(status) ? c.red(text) : text;
}

export const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;

/** Width to render at: the terminal's when known, never wider than 100 (long lines read badly). */
export function textWidth(columns: number | undefined): number {
  if (columns === undefined || !Number.isFinite(columns) || columns <= 0) return DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, Math.min(DEFAULT_WIDTH, Math.floor(columns)));
}

/**
 * Word-wraps `text` to `width`. Words longer than the width are cut unless `breakWords` is false
 * (URLs stay whole so they can still be copied; the line then overflows).
 */
export function wrap(text: string, width: number, breakWords = true): string[] {
  const out: string[] = [];
  let current = '';
  for (let word of text.split(/\s+/).filter((w) => w !== '')) {
    if (current !== '' && current.length + 1 + word.length <= width) {
      current += ` ${word}`;
      continue;
    }
    if (current !== '') out.push(current);
    while (breakWords && word.length > width) {
      out.push(word.slice(0, width));
      word = word.slice(width);
    }
    current = word;
  }
  if (current !== '' || out.length === 0) out.push(current);
  return out;
}

/**
 * A wrapped paragraph with a hanging indent. `first` and `rest` must have the same visible width
 * (`first` may carry colors: a bullet, a label).
 */
function paragraph(text: string, width: number, first: string, rest: string, breakWords = true): string[] {
  return wrap(text, Math.max(1, width - rest.length), breakWords).map((l, i) => `${i === 0 ? first : rest}${l}`.trimEnd());
}

const GAP = '  ';

/**
 * A table whose cells wrap inside their columns so the whole table fits `width` (when that is at
 * all possible). The widest columns shrink first, down to their longest word; only if that is not
 * enough are words cut. `style` colors a cell segment after layout (colors take no width).
 */
export function renderTable(
  headers: string[],
  rows: string[][],
  width: number,
  c: Colors,
  options: { indent?: string; style?: (segment: string, row: number, column: number) => string } = {},
): string[] {
  const indent = options.indent ?? '  ';
  const columns = headers.length;
  const all = [headers, ...rows];
  const natural = headers.map((_, i) => Math.max(1, ...all.map((r) => (r[i] ?? '').length)));
  const longestWord = headers.map((_, i) => Math.max(1, ...all.flatMap((r) => (r[i] ?? '').split(/\s+/).map((w) => w.length))));
  const available = width - indent.length - GAP.length * (columns - 1);
  const widths = [...natural];
  shrink(widths, available, natural.map((n, i) => Math.min(n, longestWord[i]!)));
  shrink(widths, available, natural.map((n) => Math.min(n, 4)));

  const wrapCells = (cells: string[]): string[][] => widths.map((w, i) => wrap(cells[i] ?? '', w));
  const wrappedRows = [headers, ...rows].map(wrapCells);
  // Wrapping may leave a column narrower than its budget; print it at the width it really uses.
  const used = widths.map((_, i) => Math.max(1, ...wrappedRows.map((r) => Math.max(...r[i]!.map((l) => l.length)))));

  const renderRow = (wrapped: string[][], row: number): string[] => {
    const height = Math.max(...wrapped.map((w) => w.length));
    const lines: string[] = [];
    for (let l = 0; l < height; l++) {
      const parts = used.map((w, i) => {
        const segment = wrapped[i]![l] ?? '';
        const painted = segment === '' ? '' : row < 0 ? c.bold(segment) : (options.style?.(segment, row, i) ?? segment);
        return painted + ' '.repeat(Math.max(0, w - segment.length));
      });
      lines.push(`${indent}${parts.join(GAP)}`.trimEnd());
    }
    return lines;
  };
  return [
    ...renderRow(wrappedRows[0]!, -1),
    `${indent}${c.dim(used.map((w) => '─'.repeat(w)).join(GAP))}`,
    ...wrappedRows.slice(1).flatMap((r, i) => renderRow(r, i)),
  ];
}

function shrink(widths: number[], available: number, floors: number[]): void {
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > available) {
    let pick = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i]! > floors[i]! && (pick < 0 || widths[i]! > widths[pick]!)) pick = i;
    }
    if (pick < 0) return;
    widths[pick]!--;
    total--;
  }
}

// ---------------------------------------------------------------------------------------------
// explain

export interface ExplainJson {
  name: string;
  aliases: string[];
  kind: 'library' | 'tool';
  summary: string;
  latest: string | null;
  layer: { id: string; title: string };
  category: { id: string; title: string };
  status: { id: Status; meaning: string };
  scenarios: string[];
  pickWhen: string[];
  avoidWhen: string[];
  replacements: (Replacement & { status: Status | null })[];
  migrations: Migration[];
  corrections: Correction[];
  sources: Source[];
  advisory: { id: string; url: string } | null;
  /** Ids of the decision tables (`cargo-stack compare <id>`) that have a row for this crate. */
  comparedIn: string[];
  /** KB crates that name this one as a replacement. */
  replacementFor: string[];
}

function advisoryUrl(id: string): string {
  return `https://rustsec.org/advisories/${id}.html`;
}

export function explainJson(kb: Kb, entry: CrateEntry): ExplainJson {
  return {
    name: entry.name,
    aliases: entry.aliases,
    kind: entry.kind,
    summary: entry.summary,
    latest: entry.latest ?? null,
    layer: { id: entry.layer, title: kb.layers.find((l) => l.id === entry.layer)?.title ?? entry.layer },
    category: { id: entry.category, title: kb.categories.find((cat) => cat.id === entry.category)?.title ?? entry.category },
    status: { id: entry.status, meaning: STATUS_TEXT[entry.status] },
    scenarios: entry.scenarios,
    pickWhen: entry.pickWhen,
    avoidWhen: entry.avoidWhen,
    replacements: entry.replacements.map((r) => ({ ...r, status: r.crate === undefined ? null : (findCrate(kb, r.crate)?.status ?? null) })),
    migrations: entry.migrations,
    corrections: entry.corrections,
    sources: entry.sources,
    advisory: entry.advisory ? { id: entry.advisory.id, url: advisoryUrl(entry.advisory.id) } : null,
    comparedIn: kb.comparisons.filter((cmp) => cmp.rows.some((r) => r.crate === entry.name)).map((cmp) => cmp.id),
    replacementFor: [...kb.crates.values()]
      .filter((e) => e.replacements.some((r) => r.crate === entry.name))
      .map((e) => e.name)
      .sort(),
  };
}

/** `cargo-stack explain <crate>`: everything the KB knows about one crate, wrapped to `width`. */
export function renderExplainText(data: ExplainJson, query: string, c: Colors, width: number): string {
  const lines: string[] = [];
  const status = data.status.id;
  const mark = statusMark(status);
  lines.push(`${c.bold(data.name)}  ${paintStatus(`${mark ? `${mark} ` : ''}${status}`, status, c)}`);
  if (normalize(query) !== normalize(data.name)) lines.push(c.dim(`(you asked for "${query}", an alias of ${data.name})`));
  lines.push(...paragraph(data.summary, width, '', ''));
  lines.push('');

  const field = (label: string, value: string, paint: (s: string) => string = (s) => s): void => {
    const first = `  ${c.dim(label.padEnd(10))} `;
    const rest = ' '.repeat(13);
    wrap(value, Math.max(1, width - rest.length)).forEach((l, i) => lines.push(`${i === 0 ? first : rest}${paint(l)}`.trimEnd()));
  };
  field('layer', `${data.layer.title} (${data.layer.id})`);
  field('category', `${data.category.title} (${data.category.id})`);
  field('status', `${status}: ${data.status.meaning}`, (s) => paintStatus(s, status, c));
  if (data.latest !== null) field('latest', `${data.latest} (newest release when the entry was last reviewed, ${lastReviewed(data.sources)})`);
  if (data.kind === 'tool') field('kind', 'tool (installed with cargo install, not a dependency)');
  if (data.scenarios.length > 0) field('scenarios', data.scenarios.join(', '));
  if (data.aliases.length > 0) field('aliases', data.aliases.join(', '));
  if (data.advisory !== null) field('advisory', `${data.advisory.id} ${data.advisory.url}`, c.red);

  const section = (title: string, body: string[]): void => {
    if (body.length === 0) return;
    lines.push('', c.bold(title), ...body);
  };
  const bullets = (items: string[]): string[] => items.flatMap((t) => paragraph(t, width, '  • ', '    '));
  section('Pick when', bullets(data.pickWhen));
  section('Avoid when', bullets(data.avoidWhen));
  section(
    'Replacements',
    data.replacements.flatMap((r) => {
      const target = r.crate ?? `${r.std} (std since Rust ${r.since})`;
      const warn = isMoveAway(r.status) ? ` [${r.status}]` : '';
      return paragraph(`${target}${warn}: ${r.when}`, width, `  ${c.green('→')} `, '    ');
    }),
  );
  section(
    'Migrations',
    data.migrations.flatMap((m) => [...paragraph(`${m.from} → ${m.to}: ${m.summary}`, width, '  • ', '    '), ...paragraph(`source ${m.source}`, width, '    ', '    ', false).map(c.dim)]),
  );
  section(
    'Corrections to the survey',
    data.corrections.flatMap((k) => [
      ...paragraph(`The survey says: "${k.claim}"`, width, '  • ', '    '),
      ...paragraph(`In fact: ${k.fact}`, width, '    ', '    '),
      ...paragraph(`source ${k.source}`, width, '    ', '    ', false).map(c.dim),
    ]),
  );
  section(
    'Sources',
    data.sources.flatMap((s) => [...paragraph(`${s.url} (reviewed ${s.reviewed})`, width, '  • ', '    ', false), ...paragraph(s.supports, width, '    ', '    ').map(c.dim)]),
  );
  section('Compared in', data.comparedIn.flatMap((id) => paragraph(`cargo-stack compare ${id}`, width, '  ', '  ')));
  if (data.replacementFor.length > 0) section('Suggested as a replacement for', paragraph(data.replacementFor.join(', '), width, '  ', '  '));
  return lines.join('\n') + '\n';
}

function lastReviewed(sources: Source[]): string {
  return sources.map((s) => s.reviewed).sort().at(-1) ?? 'date unknown';
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replaceAll('_', '-');
}

// ---------------------------------------------------------------------------------------------
// compare

export interface DecisionRow {
  crate: string;
  /** The crate entry's status; null when the KB has no entry for the row. */
  status: Status | null;
  latest: string | null;
  values: Record<string, string>;
  note: string | null;
}

export interface DecisionTable {
  /** The comparison id in kb/comparisons/, or null for a table built from the crate entries. */
  id: string | null;
  /** True for a hand-written decision table, false for one listing the crate entries. */
  curated: boolean;
  title: string;
  layer: { id: string; title: string };
  category: { id: string; title: string } | null;
  question: string | null;
  columns: { key: string; title: string }[];
  rows: DecisionRow[];
  notes: string[];
  sources: Source[];
}

export interface CompareResult {
  query: string;
  matched: 'comparison' | 'layer' | 'category';
  tables: DecisionTable[];
}

const LEGEND: [string, string][] = [
  ['✓', 'recommended'],
  ['~', 'maintenance mode'],
  ['✖', 'deprecated, unmaintained or superseded by std'],
  ['?', 'not in the knowledge base'],
];

export function renderCompareText(result: CompareResult, c: Colors, width: number): string {
  const blocks = result.tables.map((t) => renderDecisionTable(t, c, width));
  return blocks.join('\n') + '\n';
}

function renderDecisionTable(t: DecisionTable, c: Colors, width: number): string {
  const lines: string[] = [];
  const where = [t.id, `layer ${t.layer.id}`, t.category ? `category ${t.category.id}` : null].filter((x) => x !== null).join(' · ');
  lines.push(...paragraph(`${t.title} (${where})`, width, '', '').map(c.bold));
  if (t.question !== null) lines.push(...paragraph(t.question, width, '', ''));
  lines.push('');
  const headers = ['', 'Crate', ...t.columns.map((col) => col.title)];
  const rows = t.rows.map((r) => [statusMark(r.status), r.crate, ...t.columns.map((col) => r.values[col.key] ?? '')]);
  lines.push(
    ...renderTable(headers, rows, width, c, {
      style: (segment, row, column) => (column <= 1 ? paintStatus(segment, t.rows[row]!.status, c) : segment),
    }),
  );
  const marks = new Set(rows.map((r) => r[0]));
  const legend = LEGEND.filter(([m]) => marks.has(m)).map(([m, text]) => `${m} ${text}`);
  if (legend.length > 0) lines.push(...paragraph(legend.join(' · '), width, '  ', '  ').map(c.dim));

  const notes = [...t.rows.filter((r) => r.note !== null).map((r) => `${r.crate}: ${r.note}`), ...t.notes];
  if (notes.length > 0) lines.push('', `  ${c.bold('Notes')}`, ...notes.flatMap((n) => paragraph(n, width, '  • ', '    ')));
  if (t.sources.length > 0) {
    lines.push('', `  ${c.bold('Sources')}`);
    for (const s of t.sources) {
      lines.push(...paragraph(`${s.url} (reviewed ${s.reviewed})`, width, '  • ', '    ', false));
      lines.push(...paragraph(s.supports, width, '    ', '    ').map(c.dim));
    }
  }
  return lines.join('\n') + '\n';
}
