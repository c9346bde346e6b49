/** The page around every view of the web app, and the response type its handlers return. */
import { escapeHtml, FAVICON } from '../report/html.js';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
  type?: string;
}

export type Section = 'audit' | 'kb' | 'compare' | 'rules' | 'files';

const NAV: [Section, string, string][] = [
  ['audit', '/', 'Audit'],
  ['kb', '/kb', 'Knowledge base'],
  ['compare', '/kb/compare', 'Compare'],
  ['rules', '/rules', 'Rules'],
];

/** Served under /assets/ with a fixed name each: the app loads nothing else. */
export const ASSET_PATHS = { reportCss: '/assets/report.css', appCss: '/assets/app.css', reportJs: '/assets/report.js', appJs: '/assets/app.js' } as const;

export function page(options: { title: string; section: Section; workspace: string; body: string }): string {
  const nav = NAV.map(([id, href, label]) => `<a href="${href}"${id === options.section ? ' aria-current="page"' : ''}>${label}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(options.title)} · cargo-stack</title>
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="${ASSET_PATHS.reportCss}">
<link rel="stylesheet" href="${ASSET_PATHS.appCss}">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="appbar"><span class="brand">cargo-stack</span><nav aria-label="Main">${nav}</nav><span class="appbar-ws muted" title="${escapeHtml(options.workspace)}">${escapeHtml(options.workspace)}</span></header>
<main id="main" tabindex="-1">
${options.body}
</main>
<script src="${ASSET_PATHS.reportJs}"></script>
<script src="${ASSET_PATHS.appJs}"></script>
</body>
</html>
`;
}

export function html(status: number, body: string): Reply {
  return { status, body, type: 'text/html; charset=utf-8' };
}

export function problemPage(status: number, title: string, detail: string, workspace: string): Reply {
  return html(status, page({ title, section: 'files', workspace, body: `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p><p><a href="/">Back to the audit</a></p>` }));
}
