/**
 * What names `use` declarations bring into scope, so that a scanner can tell `fs::read` after
 * `use std::fs;` from `fs::read` after `use tokio::fs;`. File-wide (scopes are ignored): a name
 * imported differently in two modules of one file resolves to the last import.
 */
import type { SgNode } from '@ast-grep/napi';

/** Each file's `use` declarations (text, argument text), found once per parsed file: several scanners ask. */
const declarationsOf = new WeakMap<SgNode, { text: string; argument: string }[]>();

function useDeclarations(root: SgNode): { text: string; argument: string }[] {
  let found = declarationsOf.get(root);
  if (!found) {
    found = [];
    for (const decl of root.findAll({ rule: { kind: 'use_declaration' } })) {
      const arg = decl.field('argument');
      if (arg) found.push({ text: decl.text(), argument: arg.text() });
    }
    declarationsOf.set(root, found);
  }
  return found;
}

/** Local name → full path (only of `use` declarations whose text matches the regex `hint`, when given) (`fs` → `std::fs`, `sleep` → `std::thread::sleep`, `M` → `std::sync::Mutex`). */
export function useAliases(root: SgNode, hint?: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = hint ? new RegExp(hint) : undefined;
  for (const { text, argument } of useDeclarations(root)) if (!re || re.test(text)) expandUse(argument, out);
  return out;
}

/** Expands one use tree (`std::{fs, io::{self, Read as R}}`) into `out`. */
export function expandUse(tree: string, out: Map<string, string>): void {
  const clean = tree.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
  const tokens = clean.match(/::|[{},*]|r#[A-Za-z_]\w*|[A-Za-z_]\w*/g) ?? [];
  let pos = 0;
  const parse = (prefix: string[]): void => {
    const segments = [...prefix];
    if (tokens[pos] === '::') pos++;
    for (;;) {
      const t = tokens[pos];
      if (t === undefined || t === ',' || t === '}') {
        addAlias(segments, undefined);
        return;
      }
      if (t === '{') {
        pos++;
        while (tokens[pos] !== undefined && tokens[pos] !== '}') {
          parse(segments);
          if (tokens[pos] === ',') pos++;
        }
        pos++;
        return;
      }
      if (t === '*') {
        pos++;
        return;
      }
      if (t === 'as') {
        const alias = tokens[pos + 1];
        pos += 2;
        addAlias(segments, alias);
        return;
      }
      if (t === '::') {
        pos++;
        continue;
      }
      segments.push(t.startsWith('r#') ? t.slice(2) : t);
      pos++;
    }
  };
  const addAlias = (segments: string[], alias: string | undefined): void => {
    let path = segments;
    if (path[path.length - 1] === 'self') path = path.slice(0, -1);
    const name = alias ?? path[path.length - 1];
    if (name === undefined || name === '_' || path.length === 0) return;
    out.set(name, path.join('::'));
  };
  while (pos < tokens.length) {
    const before = pos;
    parse([]);
    if (tokens[pos] === ',') pos++;
    if (pos === before) pos++;
  }
}

/**
 * The full path of a path expression (`fs::read`, `std::fs::read`, `File::open::<P>`) after
 * resolving its first segment through `aliases`; generic arguments and whitespace are dropped.
 */
export function resolvePath(text: string, aliases: ReadonlyMap<string, string>): string {
  const segments = text
    .replace(/::\s*<[^>]*>/g, '')
    .replace(/\s+/g, '')
    .replace(/^::/, '')
    .split('::')
    .filter(Boolean);
  const first = segments[0];
  if (first === undefined) return '';
  const full = aliases.get(first);
  return (full ? [full, ...segments.slice(1)] : segments).join('::');
}
