/**
 * The web app's request handling, independent of node:http so tests can call it directly:
 * the live audit (with re-runs), the knowledge base explorer, rule documentation and the
 * workspace files findings point at. Every value on every page is escaped.
 */
import type { Kb } from '../kb/load.js';
import { findCrate } from '../kb/load.js';
import type { RunResult } from '../engine/run.js';
import { escapeHtml, FAVICON, renderReportBody, REPORT_CSS, REPORT_SCRIPT } from '../report/html.js';
import { APP_CSS, APP_JS } from './assets.js';
import { comparisonPage, comparisonsPage, crateEntryPage, crateHref, kbIndexPage } from './kb-pages.js';
import { ASSET_PATHS, html, page, problemPage, type Reply, type Section } from './layout.js';
import { parseTarget, readWorkspaceFile } from './paths.js';
import { renderRuleDoc, ruleHref, type RuleDocs } from './rule-docs.js';

export interface AppRequest {
  method: string;
  /** The raw request target, exactly as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface AppOptions {
  kb: Kb;
  docs: RuleDocs;
  /** Runs a fresh audit of the workspace (re-reads every file). */
  audit: () => Promise<RunResult>;
  /** The audit made at start, if any. */
  initial?: RunResult;
  /** `host:port` values a request's Host header may carry; any when undefined (not on loopback). */
  allowedHosts?: ReadonlySet<string>;
}

export interface App {
  handle(request: AppRequest): Promise<Reply>;
}

const ASSETS: Record<string, { type: string; body: string }> = {
  [ASSET_PATHS.reportCss]: { type: 'text/css; charset=utf-8', body: REPORT_CSS },
  [ASSET_PATHS.appCss]: { type: 'text/css; charset=utf-8', body: APP_CSS },
  [ASSET_PATHS.reportJs]: { type: 'text/javascript; charset=utf-8', body: REPORT_SCRIPT },
  [ASSET_PATHS.appJs]: { type: 'text/javascript; charset=utf-8', body: APP_JS },
};

function header(request: AppRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

interface AuditState {
  result: RunResult | undefined;
  error: string | undefined;
  at: Date | undefined;
  running: Promise<void> | undefined;
}

export function createApp(options: AppOptions): App {
  const { kb, docs } = options;
  const state: AuditState = { result: options.initial, error: undefined, at: options.initial ? new Date() : undefined, running: undefined };
  const workspaceLabel = (): string => state.result?.workspace.root ?? '';

  const rerun = (): Promise<void> => {
    // Clicks while an audit runs join it instead of starting another.
    state.running ??= options
      .audit()
      .then(
        (result) => {
          state.result = result;
          state.error = undefined;
        },
        (error: unknown) => {
          state.error = error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => {
        state.at = new Date();
        state.running = undefined;
      });
    return state.running;
  };

  const view = (section: Section, title: string, body: string, status = 200): Reply => html(status, page({ title, section, workspace: workspaceLabel(), body }));
  const notFound = (what: string): Reply => problemPage(404, 'Not found', what, workspaceLabel());

  const fileHref = (rel: string | undefined, line: number): string | undefined =>
    rel === undefined ? undefined : `/files/${rel.split(/[\\/]/).map(encodeURIComponent).join('/')}#L${line}`;

  const auditPage = async (): Promise<Reply> => {
    if (!state.result && !state.error) await rerun();
    const when = state.at ? `Audited at ${state.at.toLocaleTimeString('en-GB')}${state.result ? ` in ${state.result.durationMs} ms` : ''}` : '';
    const runbar =
      `<div class="runbar"><form method="post" action="/audit"><button type="submit" id="rerun">Re-run audit</button></form>` +
      `<span class="muted" id="audited-at">${escapeHtml(when)}</span></div>`;
    const error = state.error ? `<div class="error-box" role="alert"><strong>The last audit failed:</strong> ${escapeHtml(state.error)}</div>` : '';
    const report = state.result
      ? renderReportBody(state.result, {
          docs: (id, url) => ruleHref(docs, id) ?? url,
          location: (location, rel) => fileHref(rel, location.line),
          crate: (name) => {
            const entry = findCrate(kb, name);
            return entry ? crateHref(entry.name) : undefined;
          },
        })
      : '';
    return view('audit', 'Audit', runbar + error + report, state.result ? 200 : 500);
  };

  const filePage = (segments: string[]): Reply => {
    const root = state.result?.workspace.root;
    if (!root) return notFound('No audit has run yet.');
    const file = readWorkspaceFile(root, segments);
    if (!file.ok) return problemPage(file.status, file.status === 404 ? 'Not found' : 'Not shown', file.reason, workspaceLabel());
    const rel = segments.join('/');
    const lines = file.text.split(/\r?\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const body = `<h1><code>${escapeHtml(rel)}</code></h1><pre class="source"><code>${lines.map((l, i) => `<span class="line" id="L${i + 1}">${escapeHtml(l)}</span>`).join('')}</code></pre>`;
    return view('files', rel, body);
  };

  const get = async (segments: string[], query: URLSearchParams): Promise<Reply> => {
    const [first, ...rest] = segments;
    if (first === undefined) return auditPage();
    if (segments.length === 1 && first === 'favicon.ico') return { status: 200, type: 'image/svg+xml', body: decodeURIComponent(FAVICON.slice(FAVICON.indexOf(',') + 1)) };
    if (first === 'assets') {
      const asset = ASSETS[`/${segments.join('/')}`];
      return asset ? { status: 200, type: asset.type, body: asset.body, headers: { 'cache-control': 'no-cache' } } : notFound('No such asset.');
    }
    if (first === 'kb') {
      if (rest.length === 0) {
        const p = kbIndexPage(kb, query);
        return view('kb', p.title, p.body);
      }
      if (rest[0] === 'crates' && rest.length === 2) {
        const entry = findCrate(kb, rest[1]!);
        if (!entry) return notFound(`The knowledge base has no crate named "${rest[1]}".`);
        const p = crateEntryPage(kb, entry, state.result?.stack);
        return view('kb', p.title, p.body);
      }
      if (rest[0] === 'compare' && rest.length === 1) {
        const p = comparisonsPage(kb);
        return view('compare', p.title, p.body);
      }
      if (rest[0] === 'compare' && rest.length === 2) {
        const comparison = kb.comparisons.find((c) => c.id === rest[1]);
        if (!comparison) return notFound(`No comparison table "${rest[1]}".`);
        const p = comparisonPage(kb, comparison, state.result?.stack);
        return view('compare', p.title, p.body);
      }
      return notFound('No such knowledge base page.');
    }
    if (first === 'rules') {
      const id = rest.length === 0 ? undefined : rest.join('/');
      const doc = renderRuleDoc(docs, id);
      if (doc === undefined) return notFound(id === undefined ? 'No rule index.' : `No documentation for rule "${id}".`);
      return view('rules', id ?? 'Rules', `<article class="md">${doc}</article>`);
    }
    if (first === 'files') return filePage(rest);
    return notFound('No such page.');
  };

  return {
    async handle(request) {
      if (options.allowedHosts && !options.allowedHosts.has((header(request, 'host') ?? '').toLowerCase())) {
        // A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) lands here.
        return { status: 421, type: 'text/plain; charset=utf-8', body: 'unexpected Host header\n' };
      }
      const target = parseTarget(request.url);
      if (!target.ok) return problemPage(400, 'Bad request', target.reason, workspaceLabel());
      const path = `/${target.segments.join('/')}`;
      if (path === '/audit') {
        if (request.method !== 'POST') return { status: 405, headers: { allow: 'POST' }, type: 'text/plain; charset=utf-8', body: 'use POST to re-run the audit\n' };
        const origin = header(request, 'origin');
        const host = header(request, 'host');
        const site = header(request, 'sec-fetch-site');
        if ((origin !== undefined && origin !== `http://${host}`) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
          return { status: 403, type: 'text/plain; charset=utf-8', body: 'cross-site requests may not re-run the audit\n' };
        }
        await rerun();
        return { status: 303, headers: { location: '/' }, type: 'text/plain; charset=utf-8', body: 'audit re-run\n' };
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') return { status: 405, headers: { allow: 'GET, HEAD' }, type: 'text/plain; charset=utf-8', body: 'method not allowed\n' };
      return get(target.segments, target.query);
    },
  };
}
