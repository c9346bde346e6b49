// Checks the knowledge base's `latest` versions against the crates.io sparse index: for each entry
// (or each crate named), the newest version that is neither yanked nor a pre-release, and whether the
// entry's `latest` is yanked. Exit 0 when every entry agrees, 1 when any differs, 2 when the check
// could not be made (bad arguments, unknown crate, index unreachable, some crates not checked and
// none found to differ).
//
//   node dist/scripts/kb-check-index.js [crate…] [--index-url URL] [--kb DIR] [--timeout MS]

import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { findCrate, loadDefaultKb, loadKb, suggest, type Kb } from '../src/kb/load.js';
import type { CrateEntry } from '../src/kb/schema.js';
import { VERSION } from '../src/util/version.js';

export const DEFAULT_INDEX_URL = 'https://index.crates.io/';
const USER_AGENT = `cargo-stack/${VERSION} (kb-check)`;
const CONCURRENCY = 8;

/** A crate's file in a sparse index: 1/, 2/, 3/<first char>/, else <first two>/<next two>/, lower-cased. */
export function indexPath(name: string): string {
  const lower = name.toLowerCase();
  if (lower.length <= 2) return `${lower.length}/${lower}`;
  if (lower.length === 3) return `3/${lower[0]}/${lower}`;
  return `${lower.slice(0, 2)}/${lower.slice(2, 4)}/${lower}`;
}

export interface IndexVersion {
  vers: string;
  yanked: boolean;
}

/** One JSON object per line; lines that are not valid index records are skipped. */
export function parseIndexFile(text: string): IndexVersion[] {
  const out: IndexVersion[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const record = JSON.parse(line) as { vers?: unknown; yanked?: unknown };
      if (typeof record.vers === 'string' && semver.valid(record.vers) !== null) out.push({ vers: record.vers, yanked: record.yanked === true });
    } catch {
      // A truncated or garbled line says nothing about the versions on the other lines.
    }
  }
  return out;
}

/** Highest by semver, not the last line: crates publish backports after newer versions. */
export function newestStable(versions: IndexVersion[]): string | null {
  const stable = versions.filter((v) => !v.yanked && semver.prerelease(v.vers) === null).map((v) => v.vers);
  return stable.sort(semver.rcompare)[0] ?? null;
}

export type CheckState = 'ok' | 'outdated' | 'ahead' | 'yanked' | 'not-in-index' | 'no-stable' | 'not-found' | 'no-latest' | 'error';

/** States that mean the entry's `latest` should be looked at (exit 1). */
const DIFFERS: readonly CheckState[] = ['outdated', 'ahead', 'yanked', 'not-in-index', 'no-stable', 'not-found'];

export interface CheckResult {
  crate: string;
  kbLatest: string | null;
  newest: string | null;
  /** Whether the index marks the entry's `latest` as yanked; null when it is not in the index. */
  latestYanked: boolean | null;
  state: CheckState;
  detail: string;
}

export function compareWithIndex(entry: Pick<CrateEntry, 'name' | 'latest'>, versions: IndexVersion[]): CheckResult {
  const kbLatest = entry.latest ?? null;
  const newest = newestStable(versions);
  const inIndex = kbLatest === null ? undefined : versions.find((v) => semver.eq(v.vers, kbLatest));
  const base = { crate: entry.name, kbLatest, newest, latestYanked: inIndex?.yanked ?? null };
  const newestText = newest ?? 'none (every version is yanked or a pre-release)';
  if (kbLatest === null) return { ...base, state: 'no-latest', detail: `the entry has no latest; the index's newest is ${newestText}` };
  if (inIndex === undefined) return { ...base, state: 'not-in-index', detail: `KB latest ${kbLatest} is not in the index; its newest is ${newestText}` };
  if (inIndex.yanked) return { ...base, state: 'yanked', detail: `KB latest ${kbLatest} is yanked; the newest is ${newestText}` };
  if (newest === null) return { ...base, state: 'no-stable', detail: `KB latest ${kbLatest}, but the index has no stable, non-yanked version` };
  if (semver.gt(newest, kbLatest)) return { ...base, state: 'outdated', detail: `KB latest ${kbLatest}, the index has ${newest}` };
  if (semver.lt(newest, kbLatest)) return { ...base, state: 'ahead', detail: `KB latest ${kbLatest} is newer than the index's newest stable ${newest}` };
  return { ...base, state: 'ok', detail: kbLatest };
}

/** Raised when the index cannot be reached at all, as opposed to answering with an HTTP status. */
class Unreachable extends Error {}

async function get(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { 'User-Agent': USER_AGENT, Accept: 'text/plain, application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Unreachable(describeNetworkError(error, timeoutMs));
  }
  return { status: response.status, body: response.status === 200 ? await response.text() : '' };
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const HELP = `kb-check-index: compare the knowledge base's \`latest\` versions with the crates.io sparse index

usage: node dist/scripts/kb-check-index.js [crate…] [--index-url URL] [--kb DIR] [--timeout MS]

  crate…           crates to check (names or aliases); default: every entry that has \`latest\`
  --index-url URL  sparse index root (default ${DEFAULT_INDEX_URL}); a local mirror works too
  --kb DIR         knowledge base folder (default: the one shipped with cargo-stack)
  --timeout MS     per-request timeout (default 15000)

Exit codes: 0 every entry agrees with the index, 1 some entry differs, 2 the check could not run.
`;

interface Out {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runKbCheck(argv: string[], out: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'index-url': { type: 'string' }, kb: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    out.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.stdout(HELP);
    return 0;
  }
  const timeoutMs = values.timeout === undefined ? 15_000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    out.stderr(`error: --timeout must be a positive number of milliseconds, not "${values.timeout}"\n`);
    return 2;
  }
  const rawUrl = (values['index-url'] ?? DEFAULT_INDEX_URL).replace(/^sparse\+/, '');
  const indexUrl = rawUrl.endsWith('/') ? rawUrl : `${rawUrl}/`;
  if (!/^https?:\/\//.test(indexUrl)) {
    out.stderr(`error: --index-url must be an http(s) URL, not "${rawUrl}"\n`);
    return 2;
  }

  const kb: Kb = values.kb === undefined ? loadDefaultKb() : loadKb(values.kb);
  if (kb.problems.length > 0) out.stderr(`warning: the knowledge base has ${kb.problems.length} problem(s); those files were skipped\n`);
  const entries: CrateEntry[] = [];
  for (const name of positionals) {
    const entry = findCrate(kb, name);
    if (entry === undefined) {
      const close = suggest(kb, name);
      out.stderr(`error: unknown crate "${name}"${close.length > 0 ? `; did you mean ${close.join(', ')}?` : ''}\n`);
      return 2;
    }
    entries.push(entry);
  }
  if (positionals.length === 0) entries.push(...[...kb.crates.values()].filter((e) => e.latest !== undefined));

  // One request up front tells "offline" apart from "this crate is missing" before 50 requests fail.
  try {
    const config = await get(`${indexUrl}config.json`, timeoutMs);
    if (config.status !== 200) {
      out.stderr(`error: ${indexUrl} answered ${config.status} for config.json; is it a sparse registry index?\n`);
      return 2;
    }
  } catch (error) {
    if (!(error instanceof Unreachable)) throw error;
    out.stderr(
      `error: cannot reach ${indexUrl} (${error.message}); nothing was checked\n` +
        '  hint: this check needs the network; check the connection or proxy, or pass --index-url with a reachable mirror\n',
    );
    return 2;
  }

  const results = await mapLimited(entries, CONCURRENCY, async (entry): Promise<CheckResult> => {
    const base = { crate: entry.name, kbLatest: entry.latest ?? null, newest: null, latestYanked: null };
    try {
      const file = await get(`${indexUrl}${indexPath(entry.name)}`, timeoutMs);
      if (file.status === 404 || file.status === 410) return { ...base, state: 'not-found', detail: 'the index has no such crate' };
      if (file.status !== 200) return { ...base, state: 'error', detail: `the index answered HTTP ${file.status}` };
      return compareWithIndex(entry, parseIndexFile(file.body));
    } catch (error) {
      if (!(error instanceof Unreachable)) throw error;
      return { ...base, state: 'error', detail: `request failed: ${error.message}` };
    }
  });

  out.stdout(`kb-check-index · ${indexUrl} · ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}\n`);
  const width = Math.max(...results.map((r) => r.crate.length), 5);
  for (const r of results) out.stdout(`  ${r.state.padEnd(12)} ${r.crate.padEnd(width)}  ${r.detail}\n`);
  const differing = results.filter((r) => DIFFERS.includes(r.state)).length;
  const failed = results.filter((r) => r.state === 'error').length;
  const agree = results.filter((r) => r.state === 'ok').length;
  const noLatest = results.filter((r) => r.state === 'no-latest').length;
  out.stdout(`${agree} agree · ${differing} differ · ${failed} not checked${noLatest > 0 ? ` · ${noLatest} without latest` : ''}\n`);
  if (differing > 0) return 1;
  return failed > 0 ? 2 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runKbCheck(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}
