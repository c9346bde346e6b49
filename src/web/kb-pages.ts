/** The knowledge base explorer: search crates, view an entry, compare a layer's table. */
import { findCrate, normalizeCrateName, type Kb } from '../kb/load.js';
import type { Comparison, CrateEntry } from '../kb/schema.js';
import { escapeHtml, safeHref } from '../report/html.js';
import type { StackMap } from '../engine/stack-map.js';

export function crateHref(name: string): string {
  return `/kb/crates/${encodeURIComponent(name)}`;
}

export function comparisonHref(id: string): string {
  return `/kb/compare/${encodeURIComponent(id)}`;
}

function statusBadge(status: string): string {
  return `<span class="status st-${escapeHtml(status)}">${escapeHtml(status)}</span>`;
}

function externalLink(url: string, text: string): string {
  const href = safeHref(url);
  return href === undefined ? escapeHtml(text) : `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

function haystack(entry: CrateEntry): string {
  return [entry.name, ...entry.aliases, entry.summary, entry.category, entry.layer, entry.status].join(' ').toLowerCase().replaceAll('_', '-');
}

export function kbIndexPage(kb: Kb, query: URLSearchParams): { title: string; body: string } {
  const q = (query.get('q') ?? '').trim();
  const layer = query.get('layer') ?? '';
  const status = query.get('status') ?? '';
  const terms = normalizeCrateName(q).split(/\s+/).filter(Boolean);
  const entries = [...kb.crates.values()].sort((a, b) => a.name.localeCompare(b.name));
  let shown = 0;
  const rows = entries.map((e) => {
    const text = haystack(e);
    const visible = (!layer || e.layer === layer) && (!status || e.status === status) && terms.every((t) => text.includes(t));
    if (visible) shown++;
    return (
      `<tr data-search="${escapeHtml(text)}" data-layer="${escapeHtml(e.layer)}" data-status="${escapeHtml(e.status)}"${visible ? '' : ' hidden'}>` +
      `<th scope="row"><a href="${escapeHtml(crateHref(e.name))}">${escapeHtml(e.name)}</a></th><td>${statusBadge(e.status)}</td><td>${escapeHtml(e.layer)}</td><td>${escapeHtml(e.category)}</td><td>${escapeHtml(e.summary)}</td></tr>`
    );
  });
  const option = (value: string, label: string, selected: string): string => `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const statuses = [...new Set(entries.map((e) => e.status))].sort();
  const form =
    `<form id="kb-search" class="kb-search" role="search" action="/kb" method="get">` +
    `<label class="search">Search crates <input type="search" name="q" id="kb-q" value="${escapeHtml(q)}" placeholder="name, alias, category or words of the summary" autocomplete="off"></label>` +
    `<label>Layer <select name="layer"><option value="">all</option>${kb.layers.map((l) => option(l.id, l.title, layer)).join('')}</select></label>` +
    `<label>Status <select name="status"><option value="">all</option>${statuses.map((s) => option(s, s, status)).join('')}</select></label>` +
    `<button type="submit">Search</button></form>`;
  const exact = q ? findCrate(kb, q) : undefined;
  const body =
    `<h1>Knowledge base</h1><p class="muted">${escapeHtml(`${kb.crates.size} crates in ${kb.layers.length} layers, ${kb.comparisons.length} comparison tables.`)} <a href="/kb/compare">Compare a layer's crates</a>.</p>` +
    form +
    (exact ? `<p>Exact match: <a href="${escapeHtml(crateHref(exact.name))}">${escapeHtml(exact.name)}</a></p>` : '') +
    `<p id="kb-count" class="muted" aria-live="polite">${shown} ${shown === 1 ? 'crate' : 'crates'}</p>` +
    `<div class="table-wrap"><table id="kb-list"><thead><tr><th scope="col">Crate</th><th scope="col">Status</th><th scope="col">Layer</th><th scope="col">Category</th><th scope="col">Summary</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  return { title: 'Knowledge base', body };
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '' : `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
}

export function crateEntryPage(kb: Kb, entry: CrateEntry, stack: StackMap | undefined): { title: string; body: string } {
  const layer = kb.layers.find((l) => l.id === entry.layer);
  const category = kb.categories.find((c) => c.id === entry.category);
  const used = stack ? [...stack.layers.flatMap((l) => l.crates), ...stack.unclassified].find((c) => c.name === entry.name) : undefined;
  const comparisons = kb.comparisons.filter((c) => c.rows.some((r) => normalizeCrateName(r.crate) === normalizeCrateName(entry.name)));
  const facts: [string, string][] = [
    ['Status', statusBadge(entry.status)],
    ['Layer', layer ? `<a href="/kb?layer=${encodeURIComponent(layer.id)}">${escapeHtml(layer.title)}</a>` : escapeHtml(entry.layer)],
    ['Category', escapeHtml(category?.title ?? entry.category)],
    ['Kind', escapeHtml(entry.kind)],
  ];
  if (entry.latest) facts.push(['Latest', escapeHtml(entry.latest)]);
  if (entry.aliases.length > 0) facts.push(['Also known as', escapeHtml(entry.aliases.join(', '))]);
  if (entry.scenarios.length > 0) facts.push(['Scenarios', escapeHtml(entry.scenarios.join(', '))]);
  if (entry.advisory) facts.push(['Advisory', externalLink(`https://rustsec.org/advisories/${entry.advisory.id}.html`, entry.advisory.id)]);
  facts.push(['In this workspace', used ? escapeHtml(`${used.versions.join(', ')} · used by ${used.members.join(', ')}`) : '<span class="muted">not a direct dependency</span>']);
  const sections: string[] = [];
  if (entry.pickWhen.length > 0) sections.push(`<h2>Pick it when</h2>${list(entry.pickWhen)}`);
  if (entry.avoidWhen.length > 0) sections.push(`<h2>Avoid it when</h2>${list(entry.avoidWhen)}`);
  if (entry.replacements.length > 0) {
    const items = entry.replacements.map((r) => {
      const what = r.crate ? (findCrate(kb, r.crate) ? `<a href="${escapeHtml(crateHref(r.crate))}">${escapeHtml(r.crate)}</a>` : escapeHtml(r.crate)) : `<code>${escapeHtml(r.std ?? '')}</code>${r.since ? ` (Rust ${escapeHtml(r.since)})` : ''}`;
      return `<li>${what}: ${escapeHtml(r.when)}</li>`;
    });
    sections.push(`<h2>Replacements</h2><ul>${items.join('')}</ul>`);
  }
  if (entry.migrations.length > 0) {
    sections.push(`<h2>Migrations</h2><ul>${entry.migrations.map((m) => `<li><strong>${escapeHtml(`${m.from} → ${m.to}`)}</strong>: ${escapeHtml(m.summary)} (${externalLink(m.source, 'source')})</li>`).join('')}</ul>`);
  }
  if (entry.corrections.length > 0) {
    sections.push(`<h2>Corrections</h2><ul>${entry.corrections.map((c) => `<li><s>${escapeHtml(c.claim)}</s><br>${escapeHtml(c.fact)} (${externalLink(c.source, 'source')})</li>`).join('')}</ul>`);
  }
  if (comparisons.length > 0) sections.push(`<h2>Compared in</h2><ul>${comparisons.map((c) => `<li><a href="${escapeHtml(comparisonHref(c.id))}">${escapeHtml(c.title)}</a></li>`).join('')}</ul>`);
  sections.push(`<h2>Sources</h2><ul>${entry.sources.map((s) => `<li>${externalLink(s.url, s.url)}: ${escapeHtml(s.supports)} <span class="muted">(reviewed ${escapeHtml(s.reviewed)})</span></li>`).join('')}</ul>`);
  const body =
    `<article class="entry"><p class="muted"><a href="/kb">Knowledge base</a> / ${escapeHtml(entry.layer)}</p><h1>${escapeHtml(entry.name)}</h1><p>${escapeHtml(entry.summary)}</p>` +
    `<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>${sections.join('')}</article>`;
  return { title: entry.name, body };
}

export function comparisonsPage(kb: Kb): { title: string; body: string } {
  const byLayer = kb.layers
    .map((layer) => ({ layer, tables: kb.comparisons.filter((c) => c.layer === layer.id) }))
    .filter((g) => g.tables.length > 0)
    .map(({ layer, tables }) => `<h2>${escapeHtml(layer.title)}</h2><ul>${tables.map((t) => `<li><a href="${escapeHtml(comparisonHref(t.id))}">${escapeHtml(t.title)}</a>${t.question ? ` <span class="muted">${escapeHtml(t.question)}</span>` : ''}</li>`).join('')}</ul>`);
  return { title: 'Compare', body: `<h1>Compare</h1><p class="muted">Decision tables, one per question, grouped by layer.</p>${byLayer.join('')}` };
}

export function comparisonPage(kb: Kb, c: Comparison, stack: StackMap | undefined): { title: string; body: string } {
  const inUse = new Set(stack ? [...stack.layers.flatMap((l) => l.crates), ...stack.unclassified].map((x) => normalizeCrateName(x.name)) : []);
  const head = `<tr><th scope="col">Crate</th>${c.columns.map((col) => `<th scope="col">${escapeHtml(col.title)}</th>`).join('')}<th scope="col">Note</th></tr>`;
  const rows = c.rows.map((r) => {
    const entry = findCrate(kb, r.crate);
    const name = entry ? `<a href="${escapeHtml(crateHref(entry.name))}">${escapeHtml(r.crate)}</a>` : escapeHtml(r.crate);
    const status = entry ? ` ${statusBadge(entry.status)}` : '';
    const used = inUse.has(normalizeCrateName(r.crate)) ? ' <span class="muted">(in use)</span>' : '';
    return `<tr><th scope="row">${name}${status}${used}</th>${c.columns.map((col) => `<td>${escapeHtml(r.values[col.key] ?? '')}</td>`).join('')}<td>${escapeHtml(r.note ?? '')}</td></tr>`;
  });
  const layer = kb.layers.find((l) => l.id === c.layer);
  const body =
    `<p class="muted"><a href="/kb/compare">Compare</a> / ${escapeHtml(layer?.title ?? c.layer)}</p><h1>${escapeHtml(c.title)}</h1>` +
    (c.question ? `<p>${escapeHtml(c.question)}</p>` : '') +
    `<div class="table-wrap"><table class="comparison"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>` +
    (c.notes.length > 0 ? `<h2>Notes</h2>${list(c.notes)}` : '') +
    `<h2>Sources</h2><ul>${c.sources.map((s) => `<li>${externalLink(s.url, s.url)}: ${escapeHtml(s.supports)}</li>`).join('')}</ul>`;
  return { title: c.title, body };
}
