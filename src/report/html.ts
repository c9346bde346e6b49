/**
 * The HTML report: one self-contained page (inline CSS and script, no request to anything outside
 * it) with the stack map as a picture, filterable findings, duplicate versions and advisories.
 * Pure: RunResult -> string. The web app (src/web/) reuses the body and the assets.
 */
import { createHash } from 'node:crypto';
import { basename, isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunResult } from '../engine/run.js';
import type { StackCrate } from '../engine/stack-map.js';
import { SEVERITIES, type Finding, type Severity } from '../engine/finding.js';
import type { Location } from '../project/location.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Crate statuses from best to worst; `vulnerable` is not a KB status but a security finding. */
export const STACK_STATUSES = ['recommended', 'solid', 'niche', 'maintenance-mode', 'superseded-by-std', 'deprecated', 'unmaintained', 'vulnerable', 'unclassified'] as const;
export type StackStatus = (typeof STACK_STATUSES)[number];

const STATUS_LABEL: Record<StackStatus, string> = {
  recommended: 'recommended',
  solid: 'solid',
  niche: 'niche',
  'maintenance-mode': 'maintenance mode',
  'superseded-by-std': 'std has it',
  deprecated: 'deprecated',
  unmaintained: 'unmaintained',
  vulnerable: 'vulnerable',
  unclassified: 'not in the knowledge base',
};
/** Statuses that need no mark on the chip: the colour alone is enough for the good ones. */
const QUIET_STATUSES: ReadonlySet<StackStatus> = new Set(['recommended', 'solid']);

const DUPLICATE_RULE = 'deps/duplicate-versions';
/** The duplicate rule's summary finding: one upgrade that removes several duplicates. */
const BEST_BUMP = 'bestBump';
const SECURITY_FAMILY = 'security/';

/** How the report links out; the web app points these at its own pages. */
export interface HtmlLinks {
  /** Link for a rule's documentation (default: the finding's `docs` URL). */
  docs?: (ruleId: string, docsUrl: string) => string;
  /** Link for a location, or undefined for none (default: a file:// URL). */
  location?: (location: Location, workspaceRelative: string | undefined) => string | undefined;
  /** Link for a crate name, or undefined for none (default: none). */
  crate?: (name: string) => string | undefined;
}

const defaultLinks: Required<HtmlLinks> = {
  docs: (_id, url) => url,
  location: (location) => pathToFileURL(location.file).href,
  crate: () => undefined,
};

/** A path relative to the workspace root, or undefined when the file lies outside it. */
export function workspaceRelative(root: string, file: string): string | undefined {
  const rel = relative(root, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : rel;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function family(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash < 0 ? ruleId : ruleId.slice(0, slash);
}

function dataString(f: Finding, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = f.data[key];
    if (value !== undefined && String(value).trim() !== '') return String(value);
  }
  return undefined;
}

/** Crates with a `security/*` finding: the stack map shows them as vulnerable. */
export function vulnerableCrates(findings: readonly Finding[]): Set<string> {
  const out = new Set<string>();
  for (const f of findings) {
    if (!f.ruleId.startsWith(SECURITY_FAMILY)) continue;
    const name = f.crate ?? dataString(f, 'crate', 'package', 'name');
    if (name) out.add(name);
  }
  return out;
}

export function stackStatus(crate: StackCrate, vulnerable: ReadonlySet<string>): StackStatus {
  if (vulnerable.has(crate.name)) return 'vulnerable';
  const status = crate.status as StackStatus | null;
  return status !== null && (STACK_STATUSES as readonly string[]).includes(status) ? status : 'unclassified';
}

export interface DuplicateVersion {
  version: string;
  /** Who pulls this version in (direct dependencies, members, paths), as the rule described it. */
  via: string[];
}

export interface DuplicateGroup {
  crate: string;
  versions: DuplicateVersion[];
  /** Descriptions that could not be tied to one version. */
  notes: string[];
  severity: Severity;
  ruleId: string;
  docs: string;
}

const VERSION_TOKEN = /(?<![\w.])v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)(?![\w.])/g;

function versionsIn(text: string): string[] {
  return [...new Set([...text.matchAll(VERSION_TOKEN)].map((m) => m[1]!))];
}

/**
 * Duplicate versions from the findings of `deps/duplicate-versions`. The rule's `causes` data
 * ("1.0.69 via demo-core directly; 2.0.12 via sqlx 0.8.6 (demo-api)") says who pulls in which
 * version; without it the versions come from `versions` or the message, and `related` messages
 * that name a version describe it. Findings without a version (the rule's "best bump" summary)
 * are not groups.
 */
export function duplicateGroups(findings: readonly Finding[]): DuplicateGroup[] {
  const groups = new Map<string, DuplicateGroup>();
  for (const f of findings) {
    if (f.ruleId !== DUPLICATE_RULE || f.messageId === BEST_BUMP) continue;
    const name = f.crate ?? dataString(f, 'crate', 'name', 'package') ?? '(unknown crate)';
    const group = groups.get(name) ?? { crate: name, versions: [], notes: [], severity: f.severity, ruleId: f.ruleId, docs: f.docs };
    const version = (v: string): DuplicateVersion => {
      let entry = group.versions.find((x) => x.version === v);
      if (!entry) group.versions.push((entry = { version: v, via: [] }));
      return entry;
    };
    const causes = dataString(f, 'causes');
    if (causes !== undefined) {
      for (const part of causes.split(/;\s+/)) {
        const m = /^(.*?)\s+via\s+([\s\S]*)$/.exec(part);
        for (const v of versionsIn(m?.[1] ?? part)) {
          const entry = version(v);
          if (m?.[2] && !entry.via.includes(m[2])) entry.via.push(m[2]);
        }
      }
    } else {
      const listed = versionsIn(dataString(f, 'versions', 'version') ?? f.message);
      for (const v of listed) version(v);
      for (const text of (f.related ?? []).map((r) => r.message.trim()).filter(Boolean)) {
        const named = versionsIn(text).filter((v) => listed.length === 0 || listed.includes(v));
        if (named.length === 0 && !group.notes.includes(text)) group.notes.push(text);
        for (const v of named) if (!version(v).via.includes(text)) version(v).via.push(text);
      }
    }
    if (group.versions.length > 0 || group.notes.length > 0) groups.set(name, group);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, versions: g.versions.sort((a, b) => compareVersions(a.version, b.version)) }))
    .sort((a, b) => b.versions.length - a.versions.length || a.crate.localeCompare(b.crate));
}

/** How many dependents a "via" text names: "a, b and c" is 3, "a, b and 4 more" is 6. */
export function dependentCount(via: readonly string[]): number {
  let n = 0;
  for (const text of via) {
    const more = /\band (\d+) more$/.exec(text);
    const names = (more ? text.slice(0, more.index) : text).split(/,\s*|\s+and\s+/).filter((s) => s.trim() !== '');
    n += names.length + (more ? Number(more[1]) : 0);
  }
  return Math.max(1, n);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((p) => Number.parseInt(p, 10));
  const pb = b.split(/[.+-]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}

/** `1.47` from `1.47.1`, `0.8` from `0.8.4`; requirements as written. */
function shortVersion(v: string): string {
  const m = /^(\d+)\.(\d+)\.\d+/.exec(v);
  if (!m) return v;
  return m[1] === '0' ? `0.${m[2]}` : `${m[1]}.${m[2]}`;
}

/** Only web, file and same-page links: a `javascript:` URL in the data must never become a link. */
export function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim())?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'file' ? href : undefined;
}

function link(href: string | undefined, text: string, attrs = ''): string {
  const safe = safeHref(href);
  return safe === undefined ? text : `<a href="${escapeHtml(safe)}"${attrs}>${text}</a>`;
}

function renderChip(crate: StackCrate, status: StackStatus, links: Required<HtmlLinks>, rowSaysStatus: boolean): string {
  const mark = QUIET_STATUSES.has(status) || rowSaysStatus ? '' : ` <span class="chip-status">${escapeHtml(STATUS_LABEL[status])}</span>`;
  const count = crate.members.length;
  const versions = crate.versions.map(shortVersion).join(' / ');
  const details = [
    crate.summary ? `<p>${escapeHtml(crate.summary)}</p>` : '',
    `<p><span class="muted">versions</span> ${escapeHtml(crate.versions.join(', ') || '-')}</p>`,
    `<p><span class="muted">used by</span> ${escapeHtml(crate.members.join(', '))}${crate.kinds.some((k) => k !== 'normal') ? ` <span class="muted">(${escapeHtml(crate.kinds.join(', '))})</span>` : ''}</p>`,
    `<p><span class="muted">status</span> ${escapeHtml(STATUS_LABEL[status])}${crate.category ? ` · ${escapeHtml(crate.category)}` : ''}</p>`,
    (() => {
      const href = links.crate(crate.name);
      return href ? `<p>${link(href, 'Knowledge base entry')}</p>` : '';
    })(),
  ].join('');
  return (
    `<li><details class="chip st-${status}" data-crate="${escapeHtml(crate.name)}">` +
    `<summary><span class="chip-name">${escapeHtml(crate.name)}</span> <span class="chip-version">${escapeHtml(versions)}</span>` +
    ` <span class="chip-count" title="${escapeHtml(plural(count, 'member'))}">${count}<span class="visually-hidden"> ${count === 1 ? 'member' : 'members'}</span></span>${mark}</summary>` +
    `<div class="chip-body">${details}</div></details></li>`
  );
}

function renderStackMap(result: RunResult, links: Required<HtmlLinks>): string {
  const vulnerable = vulnerableCrates(result.findings);
  const counts = new Map<StackStatus, number>();
  const rows: string[] = [];
  const layerRow = (id: string, title: string, crates: StackCrate[]): string => {
    const chips = crates.map((c) => {
      const status = stackStatus(c, vulnerable);
      counts.set(status, (counts.get(status) ?? 0) + 1);
      // The "Not in the knowledge base" row already says what its chips' status is.
      return renderChip(c, status, links, id === 'unclassified' && status === 'unclassified');
    });
    return (
      `<li class="layer${crates.length === 0 ? ' layer-empty' : ''}" data-layer="${escapeHtml(id)}">` +
      `<div class="layer-title"><span>${escapeHtml(title)}</span> <span class="muted">${escapeHtml(plural(crates.length, 'crate'))}</span></div>` +
      (chips.length > 0 ? `<ul class="chips">${chips.join('')}</ul>` : `<p class="muted layer-none">none used</p>`) +
      `</li>`
    );
  };
  for (const layer of result.stack.layers) rows.push(layerRow(layer.id, layer.title, layer.crates));
  if (result.stack.unclassified.length > 0) rows.push(layerRow('unclassified', 'Not in the knowledge base', result.stack.unclassified));
  const legend = STACK_STATUSES.map(
    (s) => `<li class="legend-item st-${s}"><span class="swatch" aria-hidden="true"></span>${escapeHtml(STATUS_LABEL[s])} <span class="muted">${counts.get(s) ?? 0}</span></li>`,
  ).join('');
  return (
    `<section id="stack" aria-labelledby="stack-h"><h2 id="stack-h">Stack map</h2>` +
    `<p class="muted">Direct dependencies by layer, coloured by status; the number is how many members use the crate. Open a crate for details.</p>` +
    `<ul class="legend" aria-label="Status legend">${legend}</ul>` +
    `<ol class="stack">${rows.join('')}</ol></section>`
  );
}

function locationText(location: Location, root: string): { text: string; rel: string | undefined } {
  const rel = workspaceRelative(root, location.file);
  return { text: `${rel ?? location.file}:${location.line}:${location.column}`, rel };
}

function renderLocation(location: Location, root: string, links: Required<HtmlLinks>): string {
  const { text, rel } = locationText(location, root);
  return link(links.location(location, rel), `<code>${escapeHtml(text)}</code>`, ' class="loc"');
}

function renderFinding(f: Finding, root: string, links: Required<HtmlLinks>): string {
  const tags = [f.member && `member ${f.member}`, f.crate && `crate ${f.crate}`, f.layer && `layer ${f.layer}`, f.applicability && `fixable (${f.applicability})`].filter(Boolean) as string[];
  const related = (f.related ?? []).map((r) => `<li>${renderLocation(r.location, root, links)} ${escapeHtml(r.message)}</li>`).join('');
  return (
    `<li class="finding sev-${f.severity}" data-severity="${f.severity}" data-layer="${escapeHtml(f.layer ?? '')}" data-family="${escapeHtml(family(f.ruleId))}" data-member="${escapeHtml(f.member ?? '')}">` +
    `<div class="finding-head"><span class="sev sev-${f.severity}">${f.severity}</span> ` +
    link(links.docs(f.ruleId, f.docs), escapeHtml(f.ruleId), ` class="rule" title="Documentation of ${escapeHtml(f.ruleId)}"`) +
    (f.location ? ` ${renderLocation(f.location, root, links)}` : '') +
    `</div><p class="msg">${escapeHtml(f.message)}</p>` +
    (f.fix ? `<p class="fix"><strong>Fix:</strong> ${escapeHtml(f.fix)}</p>` : '') +
    (related ? `<ul class="related">${related}</ul>` : '') +
    (tags.length > 0 ? `<p class="tags">${tags.map((t) => `<span>${escapeHtml(t)}</span>`).join(' ')}</p>` : '') +
    `</li>`
  );
}

function options(values: [value: string, label: string][]): string {
  return values.map(([value, label]) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`).join('');
}

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined && k !== '') out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function renderFindings(result: RunResult, links: Required<HtmlLinks>): string {
  const { findings, summary } = result;
  const root = result.workspace.root;
  const select = (name: string, label: string, counts: Map<string, number>, order?: string[]): string => {
    const keys = order ? order.filter((k) => counts.has(k)) : [...counts.keys()].sort();
    return `<label>${label} <select name="${name}" id="filter-${name}"><option value="">all</option>${options(keys.map((k) => [k, `${k} (${counts.get(k)})`]))}</select></label>`;
  };
  const members = countBy(findings, (f) => f.member);
  for (const m of result.workspace.members) if (!members.has(m.name)) members.set(m.name, 0);
  const form =
    `<form id="filters" class="filters" role="search" aria-label="Filter findings" hidden>` +
    `<label class="search">Search <input type="search" name="q" id="filter-q" placeholder="crate, path, message… (press /)" autocomplete="off"></label>` +
    select('severity', 'Severity', countBy(findings, (f) => f.severity), [...SEVERITIES]) +
    select('layer', 'Layer', countBy(findings, (f) => f.layer), result.stack.layers.map((l) => l.id)) +
    select('family', 'Rule family', countBy(findings, (f) => family(f.ruleId))) +
    select('member', 'Member', members) +
    `<button type="reset">Clear filters</button></form>`;
  const total = findings.length;
  const heading = `Findings <span class="muted">(${escapeHtml(plural(summary.error, 'error'))}, ${escapeHtml(plural(summary.warning, 'warning'))}, ${escapeHtml(plural(summary.note, 'note'))})</span>`;
  const body =
    total === 0
      ? `<p class="ok">Nothing to report.</p>`
      : `${form}<p id="finding-count" class="muted" aria-live="polite">${escapeHtml(plural(total, 'finding'))}</p>` +
        `<ol class="findings" id="finding-list">${findings.map((f) => renderFinding(f, root, links)).join('')}</ol>` +
        `<p id="finding-none" class="muted" hidden>No finding matches these filters.</p>`;
  const suppressed = result.suppressed > 0 ? `<p class="muted">${escapeHtml(plural(result.suppressed, 'finding'))} ignored by configuration.</p>` : '';
  return `<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">${heading}</h2>${body}${suppressed}</section>`;
}

/** Why a family of checks shows nothing: not run (and why), or ran and found nothing. */
function notChecked(result: RunResult, matches: (id: string) => boolean, what: string): string {
  const rules = result.rules.filter((r) => matches(r.id));
  if (rules.length === 0) return `${what}: not checked, this version has no such rule.`;
  const ran = rules.filter((r) => !r.skipped);
  if (ran.length === 0) return `${what}: not checked (${[...new Set(rules.map((r) => r.skipped))].join('; ')}).`;
  return `${what}: none found.`;
}

function renderDuplicates(result: RunResult, links: Required<HtmlLinks>): string {
  const groups = duplicateGroups(result.findings);
  const bumps = result.findings.filter((f) => f.ruleId === DUPLICATE_RULE && f.messageId === BEST_BUMP);
  const intro = `<h2 id="duplicates-h">Duplicate versions</h2>`;
  if (groups.length === 0) return `<section id="duplicates" aria-labelledby="duplicates-h">${intro}<p class="muted">${escapeHtml(notChecked(result, (id) => id === DUPLICATE_RULE, 'Duplicate versions'))}</p></section>`;
  const rows = groups.map((g) => {
    const segments = g.versions
      .map((v, i) => `<span class="seg seg-${i % 6}" style="flex-grow:${dependentCount(v.via)}" title="${escapeHtml(`${g.crate} ${v.version}: ${plural(dependentCount(v.via), 'dependent')}`)}">${escapeHtml(v.version)}</span>`)
      .join('');
    const detail = g.versions
      .map((v, i) => `<li><span class="key seg-${i % 6}" aria-hidden="true"></span><strong>${escapeHtml(v.version)}</strong>${v.via.length > 0 ? ` via ${v.via.map(escapeHtml).join('; ')}` : ''}</li>`)
      .join('');
    const notes = g.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('');
    return (
      `<li class="dup"><div class="dup-head"><strong>${link(links.crate(g.crate), escapeHtml(g.crate))}</strong> <span class="muted">${escapeHtml(plural(g.versions.length, 'version'))}</span> ` +
      `${link(links.docs(g.ruleId, g.docs), escapeHtml(g.ruleId), ' class="rule"')}</div>` +
      `<div class="bar" role="img" aria-label="${escapeHtml(`${g.crate}: versions ${g.versions.map((v) => v.version).join(', ')}`)}">${segments}</div>` +
      `<ul class="dup-detail">${detail}${notes}</ul></li>`
    );
  });
  const callouts = bumps.map((f) => `<p class="callout"><strong>Best single upgrade:</strong> ${escapeHtml(f.message)} ${f.fix ? `<span class="muted">${escapeHtml(f.fix)}</span>` : ''}</p>`).join('');
  return (
    `<section id="duplicates" aria-labelledby="duplicates-h">${intro}<p class="muted">Each bar is one crate locked in several versions; each segment is a version, as wide as the number of dependencies that pull it in.</p>` +
    `${callouts}<ol class="dups">${rows.join('')}</ol></section>`
  );
}

const ADVISORY_ID = /\b(RUSTSEC-\d{4}-\d{4}|GHSA(?:-[0-9a-z]{4}){3}|CVE-\d{4}-\d{4,})\b/;

/** Rules whose findings about a crate are RustSec advisories. */
function isAdvisoryRule(ruleId: string): boolean {
  return ruleId.startsWith(SECURITY_FAMILY) || ruleId === 'deps/unmaintained';
}

function renderAdvisories(result: RunResult, links: Required<HtmlLinks>): string {
  const related = result.findings.filter((f) => isAdvisoryRule(f.ruleId));
  const advisories = related.filter((f) => f.crate !== undefined);
  // Findings of these rules without a crate are about the advisory data itself (missing, old).
  const dataNotes = related
    .filter((f) => f.crate === undefined)
    .map((f) => `<li><span class="sev sev-${f.severity}">${f.severity}</span> ${escapeHtml(f.message)} <span class="muted">${escapeHtml(f.ruleId)}</span></li>`)
    .join('');
  const intro = `<h2 id="advisories-h">Advisories</h2>${dataNotes ? `<ul class="data-notes">${dataNotes}</ul>` : ''}`;
  if (advisories.length === 0) {
    const none = dataNotes ? '' : `<p class="muted">${escapeHtml(notChecked(result, isAdvisoryRule, 'Security advisories'))}</p>`;
    return `<section id="advisories" aria-labelledby="advisories-h">${intro}${none}</section>`;
  }
  const root = result.workspace.root;
  const rows = advisories.map((f) => {
    const id = dataString(f, 'id', 'advisory', 'advisoryId') ?? ADVISORY_ID.exec(f.message)?.[1] ?? '-';
    const url = dataString(f, 'url');
    const crate = f.crate ?? '';
    const version = dataString(f, 'version', 'installed');
    const score = [dataString(f, 'severity'), dataString(f, 'score'), dataString(f, 'cvss')].filter(Boolean).join(' ');
    const aliases = dataString(f, 'aliases');
    return (
      `<tr class="sev-${f.severity}"><td class="advisory-id"><strong>${link(url, escapeHtml(id))}</strong>${aliases ? aliases.split(/[,\s]+/).filter(Boolean).map((a) => `<br><span class="muted">${escapeHtml(a)}</span>`).join('') : ''}</td>` +
      `<td>${link(links.crate(crate), escapeHtml(crate))}${version ? ` <span class="muted">${escapeHtml(version)}</span>` : ''}</td>` +
      `<td><span class="sev sev-${f.severity}">${f.severity}</span>${score ? ` <span class="muted">${escapeHtml(score)}</span>` : ''}</td>` +
      `<td>${escapeHtml(f.message)}${f.location ? `<br>${renderLocation(f.location, root, links)}` : ''}</td>` +
      `<td>${escapeHtml(f.fix)}<br>${link(links.docs(f.ruleId, f.docs), escapeHtml(f.ruleId), ' class="rule"')}</td></tr>`
    );
  });
  return (
    `<section id="advisories" aria-labelledby="advisories-h">${intro}<div class="table-wrap"><table class="advisories">` +
    `<thead><tr><th scope="col">Advisory</th><th scope="col">Crate</th><th scope="col">Severity</th><th scope="col">What</th><th scope="col">Fix</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

function renderMembers(result: RunResult): string {
  const perMember = countBy(result.findings, (f) => f.member);
  const rows = result.workspace.members.map((m) => {
    const rel = workspaceRelative(result.workspace.root, m.manifestPath) ?? m.manifestPath;
    return `<tr><th scope="row">${escapeHtml(m.name)}</th><td>${escapeHtml(m.version)}</td><td>${escapeHtml(m.edition)}</td><td>${escapeHtml(m.rustVersion ?? '-')}</td><td><code>${escapeHtml(rel)}</code></td><td>${perMember.get(m.name) ?? 0}</td></tr>`;
  });
  return (
    `<section id="members" aria-labelledby="members-h"><h2 id="members-h">Members</h2><div class="table-wrap"><table>` +
    `<thead><tr><th scope="col">Member</th><th scope="col">Version</th><th scope="col">Edition</th><th scope="col">rust-version</th><th scope="col">Manifest</th><th scope="col">Findings</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

function renderRules(result: RunResult, links: Required<HtmlLinks>): string {
  const rows = result.rules.map(
    (r) =>
      `<tr><th scope="row">${link(links.docs(r.id, r.docs), escapeHtml(r.id))}</th><td>${escapeHtml(r.severity)}</td><td>${r.skipped ? `<span class="muted">skipped: ${escapeHtml(r.skipped)}</span>` : escapeHtml(r.findings)}</td><td>${escapeHtml(r.description)}</td></tr>`,
  );
  const ran = result.rules.filter((r) => !r.skipped).length;
  return (
    `<section id="rules" aria-labelledby="rules-h"><details><summary><h2 id="rules-h">Rules <span class="muted">(${escapeHtml(`${ran} of ${result.rules.length} ran in ${result.durationMs} ms`)})</span></h2></summary><div class="table-wrap"><table>` +
    `<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Findings</th><th scope="col">Checks</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></details></section>`
  );
}

function renderSummary(result: RunResult): string {
  const { workspace: ws, summary } = result;
  const editions = [...new Set(ws.members.map((m) => m.edition))].sort().join('/') || '-';
  const facts = [
    plural(ws.members.length, 'member'),
    `edition ${editions}`,
    `resolver ${ws.resolver}`,
    ws.lockfile ? `Cargo.lock v${ws.lockfile.version} (${plural(ws.lockfile.packages, 'package')})` : 'no Cargo.lock',
    ws.virtual ? 'virtual manifest' : 'root package',
    result.config ? `config ${workspaceRelative(ws.root, result.config) ?? result.config}` : 'default configuration',
  ];
  const tiles = SEVERITIES.map((s) => `<li class="tile sev-${s}"><span class="tile-n">${summary[s]}</span> ${s === 'error' ? 'errors' : s === 'warning' ? 'warnings' : 'notes'}</li>`).join('');
  return (
    `<header class="summary"><p class="muted">cargo-stack ${escapeHtml(result.tool.version)} · audit of</p>` +
    `<h1>${escapeHtml(basename(ws.root) || ws.root)}</h1><p class="muted"><code>${escapeHtml(ws.root)}</code></p><p>${facts.map(escapeHtml).join(' · ')}</p><ul class="tiles" aria-label="Findings by severity">${tiles}</ul></header>`
  );
}

const NAV = `<nav class="toc" aria-label="Sections"><a href="#stack">Stack map</a><a href="#findings">Findings</a><a href="#advisories">Advisories</a><a href="#duplicates">Duplicate versions</a><a href="#members">Members</a><a href="#rules">Rules</a></nav>`;

/** The report's sections, without the page around them (the web app wraps them in its own). */
export function renderReportBody(result: RunResult, links: HtmlLinks = {}): string {
  const all: Required<HtmlLinks> = { ...defaultLinks, ...links };
  return [renderSummary(result), NAV, renderStackMap(result, all), renderFindings(result, all), renderAdvisories(result, all), renderDuplicates(result, all), renderMembers(result), renderRules(result, all)].join('\n');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The report as one self-contained HTML file. */
export function renderHtml(result: RunResult): string {
  // The policy forbids every fetch; the one script may run because its hash is listed.
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${sha256(REPORT_SCRIPT)}; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="cargo-stack ${escapeHtml(result.tool.version)}">
<title>cargo-stack audit · ${escapeHtml(result.workspace.root)}</title>
<link rel="icon" href="${FAVICON}">
<style>${REPORT_CSS}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to findings</a>
<main>
${renderReportBody(result)}
</main>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

/** A data: URL favicon, so browsers do not ask for /favicon.ico. */
export const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect x='1' y='2' width='14' height='3' fill='%23cf222e'/%3E%3Crect x='1' y='7' width='14' height='3' fill='%239a6700'/%3E%3Crect x='1' y='12' width='14' height='3' fill='%231a7f37'/%3E%3C/svg%3E";

/** Filters and search for the findings list; works on the server-rendered markup. */
export const REPORT_SCRIPT = `(() => {
  const form = document.getElementById('filters');
  const list = document.getElementById('finding-list');
  if (!form || !list) return;
  const items = Array.from(list.querySelectorAll('.finding'));
  const texts = items.map((li) => li.textContent.toLowerCase());
  const count = document.getElementById('finding-count');
  const none = document.getElementById('finding-none');
  const value = (name) => form.elements.namedItem(name).value;
  const apply = () => {
    const terms = value('q').toLowerCase().split(/\\s+/).filter(Boolean);
    const wanted = { severity: value('severity'), layer: value('layer'), family: value('family'), member: value('member') };
    let shown = 0;
    items.forEach((li, i) => {
      const ok = Object.entries(wanted).every(([key, v]) => !v || li.dataset[key] === v) && terms.every((t) => texts[i].includes(t));
      li.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown === items.length ? items.length + (items.length === 1 ? ' finding' : ' findings') : 'Showing ' + shown + ' of ' + items.length + ' findings';
    none.hidden = shown > 0;
  };
  form.hidden = false;
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('reset', () => setTimeout(apply));
  form.addEventListener('submit', (e) => e.preventDefault());
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key === '/' && !(t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement)) {
      e.preventDefault();
      form.elements.namedItem('q').focus();
    }
  });
  apply();
})();
`;

export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --surface: #f6f8fa; --surface2: #eef1f4; --link: #0550ae; --focus: #0969da;
  --error: #cf222e; --warning: #9a6700; --note: #0969da; --ok: #1a7f37;
  --st-recommended: #1a7f37; --st-solid: #0969da; --st-niche: #8250df; --st-maintenance-mode: #9a6700;
  --st-superseded-by-std: #bc4c00; --st-deprecated: #cf222e; --st-unmaintained: #a40e26; --st-vulnerable: #82071e; --st-unclassified: #6e7781;
  --seg0: #0969da; --seg1: #bc4c00; --seg2: #8250df; --seg3: #1a7f37; --seg4: #bf3989; --seg5: #6e7781;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --surface: #151b23; --surface2: #1c2330; --link: #4493f8; --focus: #58a6ff;
    --error: #f85149; --warning: #d29922; --note: #58a6ff; --ok: #3fb950;
    --st-recommended: #3fb950; --st-solid: #58a6ff; --st-niche: #bc8cff; --st-maintenance-mode: #d29922;
    --st-superseded-by-std: #f0883e; --st-deprecated: #f85149; --st-unmaintained: #ff7b72; --st-vulnerable: #ffa198; --st-unclassified: #9198a1;
    --seg0: #4493f8; --seg1: #f0883e; --seg2: #bc8cff; --seg3: #3fb950; --seg4: #f778ba; --seg5: #9198a1;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
body { margin: 0; }
main { max-width: 78rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
a { color: var(--link); }
code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; }
h1 { font-size: 1.35rem; margin: 0.1rem 0 0.3rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
.muted { color: var(--muted); font-weight: normal; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: 0.5rem 1rem; z-index: 10; }
.skip:focus { left: 0.5rem; }
.summary p { margin: 0.2rem 0; }
.tiles { display: flex; gap: 0.75rem; list-style: none; padding: 0; margin: 0.8rem 0 0; }
.tile { border: 1px solid var(--border); border-top: 4px solid var(--c); border-radius: 6px; padding: 0.4rem 0.9rem; background: var(--surface); min-width: 7rem; }
.tile-n { display: block; font-size: 1.6rem; font-weight: 700; color: var(--c); line-height: 1.2; }
.sev-error { --c: var(--error); } .sev-warning { --c: var(--warning); } .sev-note { --c: var(--note); }
.toc { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; margin: 1rem 0 0; padding: 0.5rem 0; border-bottom: 1px solid var(--border); }
.legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; list-style: none; padding: 0; margin: 0.4rem 0 0.8rem; font-size: 0.9em; }
.legend-item { display: flex; align-items: center; gap: 0.35rem; }
.swatch { width: 0.9rem; height: 0.9rem; border-radius: 3px; background: var(--c); display: inline-block; }
.st-recommended { --c: var(--st-recommended); } .st-solid { --c: var(--st-solid); } .st-niche { --c: var(--st-niche); }
.st-maintenance-mode { --c: var(--st-maintenance-mode); } .st-superseded-by-std { --c: var(--st-superseded-by-std); }
.st-deprecated { --c: var(--st-deprecated); } .st-unmaintained { --c: var(--st-unmaintained); } .st-vulnerable { --c: var(--st-vulnerable); }
.st-unclassified { --c: var(--st-unclassified); }
.stack { list-style: none; padding: 0; margin: 0; border: 1px solid var(--border); border-radius: 8px; overflow: hidden; }
.layer { display: grid; grid-template-columns: 13rem 1fr; gap: 0.75rem; padding: 0.6rem 0.8rem; border-top: 1px solid var(--border); background: var(--bg); }
.layer:first-child { border-top: 0; }
.layer:nth-child(even) { background: var(--surface); }
.layer-title { font-weight: 600; display: flex; flex-direction: column; }
.layer-title .muted { font-size: 0.85em; }
.layer-empty .layer-title span:first-child { color: var(--muted); }
.layer-none { margin: 0.2rem 0; }
.chips { display: flex; flex-wrap: wrap; gap: 0.4rem; list-style: none; margin: 0; padding: 0; align-items: flex-start; }
.chip { border: 1px solid color-mix(in srgb, var(--c) 55%, var(--border)); border-left: 5px solid var(--c); border-radius: 6px; background: color-mix(in srgb, var(--c) 10%, var(--bg)); max-width: 24rem; }
.chip summary { cursor: pointer; padding: 0.2rem 0.5rem; list-style: none; display: flex; align-items: baseline; gap: 0.35rem; flex-wrap: wrap; }
.chip summary::-webkit-details-marker { display: none; }
.chip-name { font-weight: 600; }
.chip-version { color: var(--muted); font-size: 0.9em; }
.chip-count { font-size: 0.8em; font-weight: 700; min-width: 1.4rem; text-align: center; border-radius: 999px; padding: 0 0.4rem; background: var(--c); color: var(--bg); }
.chip-status { font-size: 0.78em; font-weight: 700; text-transform: uppercase; letter-spacing: 0.02em; color: var(--c); }
.chip-body { padding: 0 0.6rem 0.4rem; font-size: 0.88em; }
.chip-body p { margin: 0.2rem 0; }
.filters { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: end; padding: 0.7rem; background: var(--surface); border: 1px solid var(--border); border-radius: 8px; }
.filters label { display: flex; flex-direction: column; font-size: 0.85em; font-weight: 600; gap: 0.15rem; }
.filters .search { flex: 1 1 16rem; }
input, select, button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: 0.3rem 0.5rem; }
button { cursor: pointer; background: var(--surface2); font-weight: 600; }
.findings { list-style: none; padding: 0; margin: 0.5rem 0; }
.finding { border: 1px solid var(--border); border-left: 5px solid var(--c); border-radius: 6px; padding: 0.55rem 0.8rem; margin: 0.5rem 0; background: var(--bg); }
.finding-head { display: flex; flex-wrap: wrap; gap: 0.3rem 0.7rem; align-items: baseline; }
.finding p { margin: 0.3rem 0 0; }
.finding .fix strong { color: var(--ok); }
.sev { font-size: 0.75em; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: var(--c); border: 1px solid var(--c); border-radius: 4px; padding: 0 0.35rem; }
.rule { font-weight: 600; }
.loc { color: var(--muted); overflow-wrap: anywhere; }
.related { margin: 0.3rem 0 0; padding-left: 1.2rem; font-size: 0.9em; color: var(--muted); }
.tags { display: flex; flex-wrap: wrap; gap: 0.3rem; font-size: 0.8em; }
.tags span { background: var(--surface2); border-radius: 4px; padding: 0 0.4rem; color: var(--muted); }
.ok { color: var(--ok); font-weight: 600; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--border); }
thead th { background: var(--surface); }
tr.sev-error td:first-child, tr.sev-warning td:first-child, tr.sev-note td:first-child { border-left: 4px solid var(--c); }
.callout { border: 1px solid var(--border); border-left: 5px solid var(--note); border-radius: 6px; padding: 0.45rem 0.8rem; background: var(--surface); }
.data-notes { list-style: none; padding: 0; margin: 0 0 0.6rem; }
.data-notes li { margin: 0.25rem 0; }
.dups { list-style: none; padding: 0; margin: 0; }
.dup { margin: 0.8rem 0; }
.dup-head { display: flex; gap: 0.7rem; align-items: baseline; flex-wrap: wrap; }
.bar { display: flex; gap: 2px; margin: 0.3rem 0; border-radius: 5px; overflow: hidden; min-height: 1.6rem; }
.seg { display: flex; align-items: center; padding: 0 0.5rem; color: #fff; font-size: 0.85em; font-weight: 600; white-space: nowrap; overflow: hidden; background: var(--s); flex-basis: 4rem; }
.seg-0 { --s: var(--seg0); } .seg-1 { --s: var(--seg1); } .seg-2 { --s: var(--seg2); } .seg-3 { --s: var(--seg3); } .seg-4 { --s: var(--seg4); } .seg-5 { --s: var(--seg5); }
@media (prefers-color-scheme: dark) { .seg { color: #0d1117; } }
/* Advisory ids and aliases are read as one token each: never break them at their dashes. */
.advisory-id { white-space: nowrap; }
.dup-detail { list-style: none; padding: 0; margin: 0; font-size: 0.9em; }
.key { display: inline-block; width: 0.75rem; height: 0.75rem; border-radius: 2px; background: var(--s); margin-right: 0.4rem; }
#rules summary { cursor: pointer; }
#rules summary h2 { display: inline; }
@media (max-width: 40rem) { .layer { grid-template-columns: 1fr; } }
@media print {
  html { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .filters, .skip, .toc, #finding-none { display: none !important; }
  .finding, .dup, .layer, tr { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
