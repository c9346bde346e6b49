import type { Command } from 'commander';
import { formatOption, type Io, type RunState } from '../main.js';
import { editDistance, findCrate, loadDefaultKb, type Kb } from '../../kb/load.js';
import { STATUSES, type Category, type Comparison, type Layer } from '../../kb/schema.js';
import { renderCompareText, textWidth, wrap, type CompareResult, type DecisionTable } from '../../report/kb-text.js';
import { colorsFor } from '../../util/color.js';
import { ExitCode, ToolError } from '../../util/errors.js';

export function registerCompare(program: Command, io: Io, state: RunState): void {
  program
    .command('compare')
    .summary('show the decision table for a layer, a category or a comparison')
    .description(
      'Show how the crates of one part of the stack compare: the decision tables in kb/comparisons/\n' +
        'for a layer (all of its tables), a category, or one table by id. Each row is marked with the\n' +
        "crate's status in the knowledge base. A layer or category without a hand-written table lists\n" +
        'every crate the knowledge base has for it, best status first.',
    )
    .argument('<topic>', 'a layer id, a category id or a comparison id')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addHelpText('after', () => {
      const kb = loadDefaultKb();
      const list = (label: string, ids: string[]): string => wrap(ids.join(', '), 80 - 13).map((l, i) => `${i === 0 ? label.padEnd(13) : ' '.repeat(13)}${l}`).join('\n');
      return `
${list('Comparisons:', kb.comparisons.map((c) => c.id))}
${list('Layers:', kb.layers.map((l) => l.id))}
Categories:  the ids in kb/categories.toml (an unknown topic lists them all)

Examples:
  cargo-stack compare web                     every decision table of the web layer
  cargo-stack compare web-frameworks          one table
  cargo-stack compare lazy-init               the crates of a category that has no table
  cargo-stack compare data --format json | jq '.tables[].rows[] | select(.status == "recommended") | .crate'`;
    })
    .action((topic: string, options: { format: 'text' | 'json' }) => {
      const kb = loadDefaultKb();
      const result = resolveCompare(kb, topic);
      if (result === undefined) {
        throw new ToolError('unknown-topic', `unknown layer, category or comparison "${topic}"`, { hint: topicHint(kb, topic) });
      }
      if (options.format === 'json') io.stdout(JSON.stringify(result, null, 2) + '\n');
      else io.stdout(renderCompareText(result, colorsFor(io.isTTY), textWidth(io.isTTY ? process.stdout.columns : undefined)));
      state.exitCode = ExitCode.ok;
    });
}

/**
 * Finds the tables for a topic. Comparison ids win over layer ids, which win over category ids
 * (`native-gui` is both a comparison and a category; `async-runtime` both a layer and a category).
 */
export function resolveCompare(kb: Kb, topic: string): CompareResult | undefined {
  const id = topic.trim().toLowerCase().replaceAll('_', '-');
  const comparison = kb.comparisons.find((c) => c.id === id);
  if (comparison) return { query: topic, matched: 'comparison', tables: [curatedTable(kb, comparison)] };

  const layer = kb.layers.find((l) => l.id === id);
  if (layer) {
    const categoryOrder = new Map(kb.categories.map((cat, i) => [cat.id, i]));
    // Layer-wide tables first, then one per category in kb/categories.toml order.
    const curated = kb.comparisons
      .filter((c) => c.layer === layer.id)
      .sort((a, b) => (a.category === undefined ? -1 : (categoryOrder.get(a.category) ?? 0)) - (b.category === undefined ? -1 : (categoryOrder.get(b.category) ?? 0)));
    return { query: topic, matched: 'layer', tables: curated.length > 0 ? curated.map((c) => curatedTable(kb, c)) : [entriesTable(kb, layer, null)] };
  }

  const category = kb.categories.find((c) => c.id === id);
  if (category) {
    // A layer-wide table (no category of its own) still answers for a category whose crates it compares.
    const curated = kb.comparisons.filter(
      (c) => c.category === category.id || (c.category === undefined && c.layer === category.layer && c.rows.some((r) => findCrate(kb, r.crate)?.category === category.id)),
    );
    const parent = kb.layers.find((l) => l.id === category.layer) ?? { id: category.layer, title: category.layer, description: '' };
    return { query: topic, matched: 'category', tables: curated.length > 0 ? curated.map((c) => curatedTable(kb, c)) : [entriesTable(kb, parent, category)] };
  }
  return undefined;
}

function layerRef(kb: Kb, id: string): { id: string; title: string } {
  return { id, title: kb.layers.find((l) => l.id === id)?.title ?? id };
}

function categoryRef(kb: Kb, id: string | undefined): { id: string; title: string } | null {
  if (id === undefined) return null;
  return { id, title: kb.categories.find((c) => c.id === id)?.title ?? id };
}

function curatedTable(kb: Kb, c: Comparison): DecisionTable {
  return {
    id: c.id,
    curated: true,
    title: c.title,
    layer: layerRef(kb, c.layer),
    category: categoryRef(kb, c.category),
    question: c.question ?? null,
    columns: c.columns,
    rows: c.rows.map((r) => {
      const entry = findCrate(kb, r.crate);
      return { crate: r.crate, status: entry?.status ?? null, latest: entry?.latest ?? null, values: r.values, note: r.note ?? null };
    }),
    notes: c.notes,
    sources: c.sources,
  };
}

/** A table listing the KB's crates of a layer or category, for topics without a hand-written one. */
function entriesTable(kb: Kb, layer: Layer, category: Category | null): DecisionTable {
  const categoryOrder = new Map(kb.categories.map((cat, i) => [cat.id, i]));
  const entries = [...kb.crates.values()]
    .filter((e) => (category === null ? e.layer === layer.id : e.category === category.id))
    .sort(
      (a, b) =>
        (categoryOrder.get(a.category) ?? 0) - (categoryOrder.get(b.category) ?? 0) ||
        STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
        a.name.localeCompare(b.name),
    );
  const anyLatest = entries.some((e) => e.latest !== undefined);
  const columns = [
    ...(category === null ? [{ key: 'category', title: 'Category' }] : []),
    { key: 'status', title: 'Status' },
    ...(anyLatest ? [{ key: 'latest', title: 'Latest' }] : []),
    { key: 'summary', title: 'Summary' },
  ];
  return {
    id: null,
    curated: false,
    title: `${category?.title ?? layer.title}: every crate in the knowledge base`,
    layer: { id: layer.id, title: layer.title },
    category: category ? { id: category.id, title: category.title } : null,
    question: category?.description ?? layer.description,
    columns,
    rows: entries.map((e) => ({
      crate: e.name,
      status: e.status,
      latest: e.latest ?? null,
      values: {
        ...(category === null ? { category: kb.categories.find((cat) => cat.id === e.category)?.title ?? e.category } : {}),
        status: e.status,
        ...(anyLatest ? { latest: e.latest ?? '-' } : {}),
        summary: e.summary,
      },
      note: null,
    })),
    notes: ['No hand-written decision table covers this yet; rows come from the crate entries (cargo-stack explain <crate> for details).'],
    sources: [],
  };
}

/** The hint for an unknown topic: close matches first, then every valid id. */
function topicHint(kb: Kb, topic: string): string {
  const wanted = topic.trim().toLowerCase().replaceAll('_', '-');
  const ids = [...new Set([...kb.comparisons.map((c) => c.id), ...kb.layers.map((l) => l.id), ...kb.categories.map((c) => c.id)])];
  const maxDistance = Math.max(2, Math.floor(wanted.length / 3));
  const close = ids
    .map((id) => ({ id, d: id.startsWith(wanted) || wanted.startsWith(id) ? 0.5 : editDistance(wanted, id, maxDistance) }))
    .filter((x) => wanted !== '' && x.d <= maxDistance)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, 5)
    .map((x) => x.id);
  const lines: string[] = [];
  if (close.length > 0) lines.push(`did you mean ${close.join(', ')}?`);
  const entry = findCrate(kb, topic);
  if (entry) {
    const tables = kb.comparisons.filter((c) => c.rows.some((r) => r.crate === entry.name)).map((c) => c.id);
    lines.push(`"${entry.name}" is a crate: try \`cargo-stack explain ${entry.name}\`${tables.length > 0 ? ` or \`cargo-stack compare ${tables[0]}\`` : ` or \`cargo-stack compare ${entry.category}\``}`);
  }
  const list = (label: string, values: string[]): string[] => wrap(`${label}: ${values.join(', ')}`, 90);
  lines.push(...list('layers', kb.layers.map((l) => l.id)), ...list('comparisons', kb.comparisons.map((c) => c.id)), ...list('categories', kb.categories.map((c) => c.id)));
  return lines.join('\n        ');
}
