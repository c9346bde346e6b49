/**
 * Which targets a file belongs to. First the module tree: from each target's root file, follow
 * `mod name;` (`name.rs`, `name/mod.rs`, `#[path]`, inline `mod a { mod b; }`) and `include!`.
 * Files no tree reaches (generated includes, macro-declared modules, dead files) fall back to
 * directory conventions: `src/bin/` → bins, `tests/` → tests, `benches/` → benches,
 * `examples/` → examples, the build script's directory → build script, `src/` → lib and the
 * bins in `src/`, anything else → every target of the member (the cautious answer).
 */
import { basename, dirname, isAbsolute, join, normalize, relative } from 'node:path';
import type { Package, Target, TargetKind } from '../project/model.js';
import type { LexResult } from './lexer.js';

export interface Attribution {
  targets: Target[];
  kinds: Set<TargetKind>;
  by: 'module-tree' | 'convention';
}

export function attributeFiles(member: Package, lexed: ReadonlyMap<string, LexResult>): Map<string, Attribution> {
  const out = new Map<string, Attribution>();
  for (const target of member.targets) {
    const root = normalize(target.srcPath);
    if (!lexed.has(root)) continue;
    const seen = new Set<string>();
    const stack: { path: string; modRs: boolean }[] = [{ path: root, modRs: true }];
    while (stack.length > 0) {
      const { path, modRs } = stack.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      let entry = out.get(path);
      if (!entry) out.set(path, (entry = { targets: [], kinds: new Set(), by: 'module-tree' }));
      if (!entry.targets.includes(target)) entry.targets.push(target);
      entry.kinds.add(target.kind);
      const lex = lexed.get(path)!;
      const here = dirname(path);
      const own = modRs ? here : join(here, basename(path, '.rs'));
      for (const mod of lex.mods) {
        const base = join(own, ...mod.inline);
        if (mod.paths.length > 0) {
          for (const p of mod.paths) {
            const file = normalize(isAbsolute(p) ? p : join(mod.inline.length > 0 ? base : here, p));
            if (lexed.has(file)) stack.push({ path: file, modRs: true });
          }
          continue;
        }
        const flat = join(base, `${mod.name}.rs`);
        const nested = join(base, mod.name, 'mod.rs');
        if (lexed.has(flat)) stack.push({ path: flat, modRs: false });
        else if (lexed.has(nested)) stack.push({ path: nested, modRs: true });
      }
      for (const inc of lex.includes) {
        const file = normalize(isAbsolute(inc) ? inc : join(here, inc));
        if (lexed.has(file)) stack.push({ path: file, modRs });
      }
    }
  }
  for (const path of lexed.keys()) if (!out.has(path)) out.set(path, byConvention(member, path));
  return out;
}

function byConvention(member: Package, path: string): Attribution {
  const rel = relative(member.dir, path).split('\\').join('/');
  const pick = (kinds: TargetKind[], where?: (t: Target) => boolean): Attribution => {
    const targets = member.targets.filter((t) => kinds.includes(t.kind) && (!where || where(t)));
    return { targets, kinds: new Set(targets.length > 0 ? targets.map((t) => t.kind) : kinds), by: 'convention' };
  };
  const build = member.targets.find((t) => t.kind === 'custom-build');
  if (build && (path === normalize(build.srcPath) || (basename(build.srcPath) === 'main.rs' && path.startsWith(dirname(build.srcPath) + '/')))) return pick(['custom-build']);
  if (rel.startsWith('src/bin/')) return pick(['bin'], (t) => relative(member.dir, t.srcPath).startsWith('src/bin/'));
  if (rel.startsWith('tests/')) return pick(['test']);
  if (rel.startsWith('benches/')) return pick(['bench']);
  if (rel.startsWith('examples/')) return pick(['example']);
  if (rel.startsWith('src/')) {
    const inSrc = pick(['lib', 'bin'], (t) => t.kind === 'lib' || dirname(t.srcPath) === join(member.dir, 'src'));
    return inSrc.targets.length > 0 ? inSrc : { targets: [], kinds: new Set(['lib']), by: 'convention' };
  }
  const all = member.targets.filter((t) => t.kind !== 'custom-build');
  return { targets: all, kinds: new Set(all.map((t) => t.kind)), by: 'convention' };
}
