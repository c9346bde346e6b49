/**
 * Helpers shared by the source rules of the errors, axum, std, unsafe, logging and async-trait
 * families: syntax questions a scanner asks (attributes, visibility, test code) and workspace
 * questions a check asks (target kinds, MSRV, module reachability, lint levels, suppressed hits).
 * Scanner-side helpers only use the parsed tree; the others run on the main thread.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { SgNode } from '@ast-grep/napi';
import type { Package, Workspace } from '../../project/model.js';
import { isTable, readManifest, type TomlTable } from '../../project/manifest.js';
import type { FileHit, SourceFile, SourceScan } from '../../source/service.js';
import { kindOf } from '../../source/scanner.js';
import { names } from '../../source/suppression.js';
import { CFG_TEST, isTestAttribute } from '../../source/test-code.js';

export { isTestAttribute };
import { compareRustVersions, msrvOf, parseRustVersion } from '../deps/_shared.js';

// ---- Scanner side -------------------------------------------------------------------------

const SKIPPED = (kind: string): boolean => kind === 'attribute_item' || kind.endsWith('comment');

/** The outer attributes right before an item (comments skipped), nearest first. */
export function attributesOf(item: SgNode): SgNode[] {
  const out: SgNode[] = [];
  for (let prev = item.prev(); prev && SKIPPED(kindOf(prev)); prev = prev.prev()) if (kindOf(prev) === 'attribute_item') out.push(prev);
  return out;
}

/** The item an outer attribute belongs to (the next sibling that is not an attribute or a comment). */
export function itemAfter(attribute: SgNode): SgNode | undefined {
  let next = attribute.next();
  while (next && SKIPPED(kindOf(next))) next = next.next();
  return next ?? undefined;
}

/** `pub` exactly: `pub(crate)`, `pub(super)` and `pub(in …)` are not part of the public API. */
export function isPub(item: SgNode): boolean {
  return item.children().some((c) => kindOf(c) === 'visibility_modifier' && c.text() === 'pub');
}

/** Whether `node` sits in a `#[test]`-like function or a `#[cfg(test)]` module (itself included). */
export function inTestCode(node: SgNode): boolean {
  for (const n of [node, ...node.ancestors()]) {
    const kind = kindOf(n);
    if (kind !== 'function_item' && kind !== 'mod_item' && kind !== 'impl_item') continue;
    if (attributesOf(n).some((attr) => isTestAttribute(attr.text(), kind === 'function_item'))) return true;
  }
  return false;
}

/** Whether every inline `mod` around `node` is `pub` (an item in a private inline module is not public API). */
export function inPublicInlineModules(node: SgNode): boolean {
  return node.ancestors().every((a) => kindOf(a) !== 'mod_item' || isPub(a));
}

// `#[async_trait]`, `#[async_trait::async_trait]`, `#[axum::async_trait]`, `#[async_trait(?Send)]`.
const ASYNC_TRAIT_ATTRIBUTE = /^\s*(?:::\s*)?(?:[A-Za-z_]\w*\s*::\s*)*async_trait\b/;

/** Whether an attribute (the text inside `#[…]`) is async-trait's macro, under any path. */
export function isAsyncTraitAttribute(attribute: string): boolean {
  return ASYNC_TRAIT_ATTRIBUTE.test(attribute);
}

/** The last path segment of a type (`axum::extract::FromRequestParts<S>` → `FromRequestParts`). */
export function baseName(type: string): string {
  const noGenerics = type.replace(/<[\s\S]*$/, '').replace(/\s+/g, '');
  return noGenerics.slice(noGenerics.lastIndexOf('::') + 1).replace(/^:/, '');
}

/** The text of a node on one line, shortened for messages. */
export function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// ---- Check side ---------------------------------------------------------------------------

export function libTarget(member: Package): Package['targets'][number] | undefined {
  return member.targets.find((t) => t.kind === 'lib');
}

/**
 * The member's library when Rust code can depend on it: a `cdylib` or `staticlib` alone (a Node
 * or Python extension, a C library) has no Rust callers, so it is the application itself.
 */
export function rustLibrary(member: Package): Package['targets'][number] | undefined {
  const lib = libTarget(member);
  return lib && lib.crateTypes.some((t) => t === 'lib' || t === 'rlib' || t === 'dylib' || t === 'proc-macro') ? lib : undefined;
}

export function isProcMacro(member: Package): boolean {
  return libTarget(member)?.crateTypes.includes('proc-macro') ?? false;
}

/** Hits that no inline suppression of `ruleId` covers: a rule that groups hits must drop these before grouping. */
export function unsuppressed(scan: SourceScan, ruleId: string, hits: readonly FileHit[]): FileHit[] {
  const relevant = scan.suppressions.filter((s) => s.rules.some((n) => names(n, ruleId)));
  if (relevant.length === 0) return [...hits];
  return hits.filter(({ file, hit }) => !relevant.some((s) => s.file.path === file.path && hit.line >= s.spanStart && hit.line <= s.spanEnd));
}

/** Whether the member's MSRV (its rust-version, else the workspace's) allows a std item stable since `since`; true when unset. */
export function msrvAllows(workspace: Workspace, member: Package, since: string): { ok: boolean; msrv: string } {
  const msrv = msrvOf(workspace, member);
  const version = msrv ? parseRustVersion(msrv.version) : null;
  const needed = parseRustVersion(since);
  if (!msrv || !version || !needed) return { ok: true, msrv: msrv?.version ?? 'unset' };
  return { ok: compareRustVersions(version, needed) >= 0, msrv: msrv.version };
}

/** Groups hits by a key, keeping file and line order inside each group. */
export function groupBy(hits: readonly FileHit[], key: (h: FileHit) => string): FileHit[][] {
  const groups = new Map<string, FileHit[]>();
  for (const h of hits) {
    const k = key(h);
    const list = groups.get(k);
    if (list) list.push(h);
    else groups.set(k, [h]);
  }
  return [...groups.values()];
}

function readText(path: string, cache: Map<string, string | null>): string | null {
  if (cache.has(path)) return cache.get(path)!;
  let text: string | null = null;
  try {
    text = existsSync(path) ? readFileSync(path, 'utf8') : null;
  } catch {
    text = null;
  }
  cache.set(path, text);
  return text;
}

/**
 * Whether a member is an example program of its workspace: its directory lies under an
 * `examples/` (or `example/`) folder of the workspace (`examples/postgres/todos`). Such packages
 * are what `examples/*.rs` targets are for a single package, and the rules that skip examples
 * skip them too.
 */
export function isExamplePackage(workspace: Workspace, member: Package): boolean {
  const rel = relative(workspace.root, member.dir);
  return rel !== '' && !rel.startsWith('..') && rel.split(sep).some((segment) => segment === 'examples' || segment === 'example');
}

/** Crate, file and module names of test support code (harnesses, fixtures, mocks, fuzzers, benches). */
export const TEST_SUPPORT_NAME = /(?:^|[-_])(?:test|tests|testing|testutils?|test_utils?|test_helpers|filetests|fuzz|fuzzing|bench|benches|mock|mocks)(?:$|[-_])/;

/**
 * Whether a member is a test-support library: named for it (`uv-test`, `cargo-test-support`,
 * `test_util`), or a dev-dependency of every workspace member that depends on it. Its API serves
 * the workspace's own tests, where anyhow, prints and blocking helpers are the norm.
 */
export function isTestSupport(workspace: Workspace, member: Package): boolean {
  if (TEST_SUPPORT_NAME.test(member.name)) return true;
  const uses = workspace.members.flatMap((m) => m.dependencies.filter((d) => d.source.type === 'path' && d.source.path === member.dir));
  return uses.length > 0 && uses.every((d) => d.kind === 'dev');
}

/** Build tooling the developers run (`cargo xtask …`): `xtask`, `xtask-bench`, `xtask_ci`. */
export function isXtask(member: Package): boolean {
  return /^xtask(?:$|[-_])/.test(member.name);
}

interface ModDeclaration {
  /** The file that declares the module. */
  parent: string;
  /** `pub mod`, or a private module re-exported with `pub use name::…`. */
  exported: boolean;
  /** The declaration carries `#[cfg(test)]`. */
  test: boolean;
}

/**
 * Questions about where a file sits in its crate's module tree, answered by the file module
 * convention (`a/b.rs` and `a/b/mod.rs` are declared in `a.rs`, `a/mod.rs` or the crate root):
 * whether it is compiled for tests only, and whether a library's items in it can be reached from
 * outside. A declaration that cannot be found (macros, `#[path]`) counts as an ordinary, public
 * module: the rules that ask then judge what is written in the file itself.
 */
export class ModuleChains {
  private readonly texts = new Map<string, string | null>();
  private readonly declarations = new Map<string, ModDeclaration | null>();
  private readonly examples = new Map<Package, boolean>();

  constructor(private readonly workspace: Workspace) {}

  /** Library code that ships: only in the library, compiled outside tests, not an example package. */
  library(file: SourceFile): boolean {
    return file.kinds.has('lib') && [...file.kinds].every((k) => k === 'lib') && compiled(file) && !this.example(file) && !this.testOnly(file);
  }

  /** Library or binary code that ships (not only tests, benches, examples, example packages or the build script). */
  product(file: SourceFile): boolean {
    return (file.kinds.has('lib') || file.kinds.has('bin')) && compiled(file) && !this.example(file) && !this.testOnly(file);
  }

  private example(file: SourceFile): boolean {
    let value = this.examples.get(file.member);
    if (value === undefined) this.examples.set(file.member, (value = isExamplePackage(this.workspace, file.member)));
    return value;
  }

  /** Whether a `mod` declaration on the way from a crate root has `#[cfg(test)]`. */
  testOnly(file: SourceFile): boolean {
    const roots = new Set(file.targets.map((t) => t.srcPath));
    for (let path = file.path, depth = 0; !roots.has(path) && depth < 32; depth++) {
      const decl = this.declaration(path, roots);
      if (!decl) return false;
      if (decl.test) return true;
      path = decl.parent;
    }
    return false;
  }

  /** Whether the items of a library file can be reached from outside the crate (every module on the way exported). */
  reachable(file: SourceFile): boolean {
    const root = libTarget(file.member)?.srcPath;
    if (!root) return false;
    const roots = new Set([root]);
    for (let path = file.path, depth = 0; path !== root && depth < 32; depth++) {
      const decl = this.declaration(path, roots);
      if (!decl) return true;
      if (!decl.exported) return false;
      path = decl.parent;
    }
    return true;
  }

  private declaration(path: string, roots: ReadonlySet<string>): ModDeclaration | null {
    if (this.declarations.has(path)) return this.declarations.get(path)!;
    const stem = basename(path, '.rs');
    const dir = dirname(path);
    const name = stem === 'mod' ? basename(dir) : stem;
    const home = stem === 'mod' ? dirname(dir) : dir;
    const candidates = [join(home, 'mod.rs'), `${home}.rs`, ...[...roots].filter((r) => dirname(r) === home)].filter((c) => c !== path);
    let found: ModDeclaration | null = null;
    for (const parent of candidates) {
      const text = readText(parent, this.texts);
      if (text === null) continue;
      const decl = new RegExp(`(?:^|[\\n;{}])((?:\\s*#\\[[^\\]]*\\])*)\\s*(pub(?:\\s*\\([^)]*\\))?\\s+)?mod\\s+(?:r#)?${name}\\s*;`).exec(text);
      if (!decl) continue;
      const visibility = (decl[2] ?? '').replace(/\s+/g, '');
      const reexported = new RegExp(`\\bpub\\s+use\\s+(?:(?:self|crate|super)::)*(?:[\\w:]*::)?(?:${name}::|\\{[^}]*\\b${name}::)`).test(text);
      found = { parent, exported: visibility === 'pub' || reexported, test: CFG_TEST.test(decl[1] ?? '') };
      break;
    }
    this.declarations.set(path, found);
    return found;
  }
}

/**
 * Whether a file is compiled into some target: reached by a module tree, or under `src/` (modules
 * declared by macros). Files that no tree reaches elsewhere are fixtures, templates or dead code.
 */
function compiled(file: SourceFile): boolean {
  return file.attribution === 'module-tree' || file.path.startsWith(join(file.member.dir, 'src') + sep);
}

/** The level a `[lints.rust]` table (the member's, or the workspace's when inherited) sets for a rustc lint, or null. */
export function manifestLintLevel(workspace: Workspace, member: Package, lint: string): string | null {
  const own = readManifest(member.manifestPath);
  if (!own.ok) return null;
  const lints = own.manifest.doc.lints;
  if (!isTable(lints)) return null;
  let table: TomlTable | undefined = lints;
  if (lints.workspace === true) {
    const root = readManifest(workspace.rootManifestPath);
    const ws = root.ok ? root.manifest.doc.workspace : undefined;
    table = isTable(ws) && isTable(ws.lints) ? ws.lints : undefined;
  }
  const rust = table?.rust;
  if (!isTable(rust)) return null;
  const value = rust[lint];
  if (typeof value === 'string') return value;
  if (isTable(value) && typeof value.level === 'string') return value.level;
  return null;
}
