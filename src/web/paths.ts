/**
 * Request targets and workspace files. The raw request path is split and each segment decoded
 * exactly once, so `..`, `%2e%2e`, encoded slashes and NUL bytes are refused before any routing;
 * a double-encoded `%252e%252e` stays the literal name `%2e%2e`. A file is then only served when
 * its real path (symlinks resolved) lies inside the workspace's real root.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, sep } from 'node:path';

export type Target = { ok: true; segments: string[]; query: URLSearchParams } | { ok: false; reason: string };

export function parseTarget(rawUrl: string): Target {
  if (!rawUrl.startsWith('/')) return { ok: false, reason: 'the request target must be a path' };
  const hash = rawUrl.indexOf('#');
  const url = hash < 0 ? rawUrl : rawUrl.slice(0, hash);
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const raw = rawPath.split('/').slice(1);
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  const segments: string[] = [];
  for (const part of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return { ok: false, reason: 'malformed percent-encoding' };
    }
    if (decoded === '' || decoded === '.' || decoded === '..') return { ok: false, reason: 'empty, `.` or `..` path segments are not allowed' };
    if (/[\0/\\]/.test(decoded)) return { ok: false, reason: 'NUL bytes and encoded slashes are not allowed' };
    segments.push(decoded);
  }
  return { ok: true, segments, query };
}

/** Files the app shows: what findings point at (manifests, lockfiles, sources, CI), nothing else. */
const SHOWN_FILE = /^(?:[^.].*\.(?:toml|rs|lock|ya?ml|json|md)|\.gitlab-ci\.ya?ml|rust-toolchain)$/;
const HIDDEN_DIRS = new Set(['.git', '.hg', '.svn', 'target', 'node_modules']);
/** Cargo keeps registry tokens in `credentials(.toml)`; older configs put `token = ` in config.toml. */
const CREDENTIALS_FILE = /^credentials(?:\.toml)?$/;
const TOKEN_KEY = /^\s*(?:token|secret-key)\s*=/m;
export const MAX_SHOWN_FILE = 1024 * 1024;

export type WorkspaceFile = { ok: true; path: string; text: string } | { ok: false; status: 403 | 404; reason: string };

/** Reads a workspace file named by decoded path segments, or says why not. */
export function readWorkspaceFile(root: string, segments: readonly string[]): WorkspaceFile {
  const name = segments[segments.length - 1];
  if (name === undefined) return { ok: false, status: 404, reason: 'no file named' };
  if (segments.some((s) => HIDDEN_DIRS.has(s) || s.includes('\0')) || !SHOWN_FILE.test(name)) {
    return { ok: false, status: 403, reason: 'only manifests, lockfiles, Rust sources and CI files of the workspace are shown' };
  }
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(join(realRoot, ...segments));
  } catch {
    return { ok: false, status: 404, reason: 'no such file in the workspace' };
  }
  if (!real.startsWith(realRoot + sep)) return { ok: false, status: 403, reason: 'the file lies outside the workspace' };
  const stat = statSync(real);
  if (!stat.isFile()) return { ok: false, status: 404, reason: 'not a file' };
  if (stat.size > MAX_SHOWN_FILE) return { ok: false, status: 403, reason: 'the file is too large to show' };
  if (CREDENTIALS_FILE.test(name) || CREDENTIALS_FILE.test(basename(real))) return { ok: false, status: 403, reason: 'Cargo credential files are never shown' };
  const text = readFileSync(real, 'utf8');
  if (text.includes('\0')) return { ok: false, status: 403, reason: 'binary files are not shown' };
  if (real.endsWith('.toml') && TOKEN_KEY.test(text)) return { ok: false, status: 403, reason: 'the file holds a registry token' };
  return { ok: true, path: real, text };
}
