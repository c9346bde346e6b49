/** Styles and script of the web app's own pages (the report's live in src/report/html.ts). */

export const APP_CSS = `
.appbar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1.5rem; padding: 0.5rem 1.25rem; border-bottom: 1px solid var(--border); background: var(--surface); }
.brand { font-weight: 700; }
.appbar nav { display: flex; gap: 1rem; }
.appbar nav a { text-decoration: none; font-weight: 600; padding: 0.15rem 0; }
.appbar nav a[aria-current="page"] { border-bottom: 3px solid var(--focus); }
.appbar-ws { margin-left: auto; font-size: 0.85em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 40ch; }
main:focus { outline: none; }
.runbar { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0.5rem 0 0; }
.error-box { border: 1px solid var(--error); border-left: 5px solid var(--error); border-radius: 6px; padding: 0.6rem 0.9rem; }
.kb-search { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: end; padding: 0.7rem; background: var(--surface); border: 1px solid var(--border); border-radius: 8px; margin: 0.5rem 0; }
.kb-search label { display: flex; flex-direction: column; font-size: 0.85em; font-weight: 600; gap: 0.15rem; }
.kb-search .search { flex: 1 1 16rem; }
.status { display: inline-block; font-size: 0.78em; font-weight: 700; text-transform: uppercase; letter-spacing: 0.02em; color: var(--c); border: 1px solid var(--c); border-radius: 4px; padding: 0 0.35rem; white-space: nowrap; }
.layers { display: flex; flex-wrap: wrap; gap: 0.4rem 0.8rem; list-style: none; padding: 0; }
.entry dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }
.entry dt { font-weight: 600; color: var(--muted); }
.entry dd { margin: 0; }
.comparison td:first-child, .comparison th:first-child { font-weight: 600; }
.md pre { background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: 0.6rem 0.8rem; overflow-x: auto; }
.md code { background: var(--surface2); border-radius: 4px; padding: 0 0.25rem; }
.md pre code { background: none; padding: 0; }
.md blockquote { border-left: 4px solid var(--border); margin: 0; padding-left: 1rem; color: var(--muted); }
.source { counter-reset: line; background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: 0.5rem 0; overflow-x: auto; }
.source .line { display: block; padding: 0 0.8rem 0 0; white-space: pre; }
.source .line::before { counter-increment: line; content: counter(line); display: inline-block; width: 4ch; margin-right: 1rem; text-align: right; color: var(--muted); }
.source .line:target { background: color-mix(in srgb, var(--warning) 25%, transparent); }
@media print { .appbar, .runbar form { display: none !important; } }
`;

/** Live filtering of the knowledge base list as you type (the form also works without it). */
export const APP_JS = `(() => {
  const form = document.getElementById('kb-search');
  const rows = Array.from(document.querySelectorAll('#kb-list [data-search]'));
  if (!form || rows.length === 0) return;
  const count = document.getElementById('kb-count');
  const field = (name) => form.elements.namedItem(name);
  const apply = () => {
    // Same normalization as the server: crates.io treats - and _ alike.
    const terms = field('q').value.toLowerCase().replaceAll('_', '-').split(/\\s+/).filter(Boolean);
    const layer = field('layer').value;
    const status = field('status').value;
    let shown = 0;
    for (const row of rows) {
      const ok = (!layer || row.dataset.layer === layer) && (!status || row.dataset.status === status) && terms.every((t) => row.dataset.search.includes(t));
      row.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + (shown === 1 ? ' crate' : ' crates');
  };
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
})();
`;
