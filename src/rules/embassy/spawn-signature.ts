import type { SgNode } from '@ast-grep/napi';
import type { Location } from '../../project/location.js';
import { isTable, locateValue, readManifest, type Manifest, type ManifestResult, type TomlTable } from '../../project/manifest.js';
import type { Package } from '../../project/model.js';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { atLeast, dependenciesOn, versionOf } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';

const PACKAGE = 'embassy-executor';
/** `Result` methods that make no sense on the `()` that `Spawner::spawn` returns since 0.10. */
const RESULT_METHODS = new Set(['unwrap', 'expect', 'unwrap_or_else', 'unwrap_or_default', 'ok', 'is_ok', 'is_err', 'map_err', 'inspect_err']);
const DEPENDENCY_TABLES = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];

const short = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
};

/** Names of the functions this file marks `#[embassy_executor::task]` (or `#[task]`). */
function taskNames(root: SgNode): Set<string> {
  const names = new Set<string>();
  for (const attr of root.findAll({ rule: { kind: 'attribute_item', regex: '^#\\s*\\[\\s*(::\\s*)?(embassy_executor\\s*::\\s*)?task\\b' } })) {
    let next = attr.next();
    while (next && (kindOf(next) === 'attribute_item' || kindOf(next).endsWith('comment'))) next = next.next();
    const name = next && kindOf(next) === 'function_item' ? next.field('name')?.text() : undefined;
    if (name) names.add(name);
  }
  return names;
}

/** The function name of a call like `blink(led)` or `tasks::blink(led)`, else null. */
function calledName(node: SgNode | undefined): string | null {
  if (!node || kindOf(node) !== 'call_expression') return null;
  let fn = node.field('function');
  if (fn && kindOf(fn) === 'generic_function') fn = fn.field('function');
  if (!fn) return null;
  if (kindOf(fn) === 'identifier') return fn.text();
  if (kindOf(fn) === 'scoped_identifier') return fn.field('name')?.text() ?? null;
  return null;
}

/** Whether a spawn argument already unwraps the token: `task(…).unwrap()`, `unwrap!(task(…))`, `task(…)?`. */
function unwrapsToken(arg: SgNode): boolean {
  const kind = kindOf(arg);
  if (kind === 'try_expression' || kind === 'macro_invocation') return true;
  if (kind !== 'call_expression') return false;
  const fn = arg.field('function');
  return fn !== null && kindOf(fn) === 'field_expression' && RESULT_METHODS.has(fn.field('field')?.text() ?? '');
}

export const scanner = defineScanner({
  tokens: ['spawn'],
  prefilter: (text) => /\.\s*(?:must_)?spawn\s*\(/.test(text),
  scan(root) {
    const hits: Hit[] = [];
    const tasks = taskNames(root);
    const isTaskCall = (node: SgNode | undefined, spawnerish: boolean): boolean => {
      const name = calledName(node);
      return name !== null && (tasks.has(name) || (spawnerish && /^[a-z_][a-z0-9_]*$/.test(name)));
    };
    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', kind: 'field_expression', regex: '\\.\\s*(must_)?spawn$' } } })) {
      const fn = call.field('function')!;
      const method = fn.field('field')?.text() ?? '';
      const receiver = fn.field('value');
      const args = call.field('arguments')?.children().filter((c) => c.isNamed() && !kindOf(c).endsWith('comment')) ?? [];
      const arg = args[0];
      if (!receiver || !arg || args.length !== 1) continue;
      const spawnerish = /spawner/i.test(receiver.text());
      if (!spawnerish && !isTaskCall(arg, false)) continue;
      const argUnwrapped = unwrapsToken(arg);
      if (!argUnwrapped && !isTaskCall(arg, spawnerish)) continue;
      const recv = short(receiver.text());
      const fixed = `${recv}.spawn(${short(arg.text())}${argUnwrapped ? '' : '.unwrap()'})`;
      if (method === 'must_spawn') {
        hits.push(hitAt(fn.field('field')!, 'mustSpawn', { found: `${recv}.must_spawn(…)`, replacement: fixed }));
        continue;
      }
      const parent = call.parent();
      const outer = parent && kindOf(parent) === 'field_expression' ? parent.field('field')?.text() : undefined;
      if (outer && RESULT_METHODS.has(outer) && parent?.parent() && kindOf(parent.parent()!) === 'call_expression') {
        hits.push(hitAt(parent.field('field')!, 'resultOfSpawn', { found: `${recv}.spawn(…).${outer}()`, replacement: fixed }));
      } else if (parent && kindOf(parent) === 'try_expression') {
        hits.push(hitAt(parent, 'resultOfSpawn', { found: `${recv}.spawn(…)?`, replacement: `${recv}.spawn(${short(arg.text())}${argUnwrapped ? '' : '?'})` }));
      } else if (!argUnwrapped) {
        hits.push(hitAt(arg, 'tokenIsResult', { task: calledName(arg) ?? '', found: short(arg.text()), replacement: fixed }));
      }
    }
    // defmt's and embassy's `unwrap!(spawner.spawn(task(…)))`, the 0.9 idiom of every embassy example.
    for (const mac of root.findAll({ rule: { kind: 'macro_invocation', regex: '^(::\\s*)?([a-z_]+\\s*::\\s*)*unwrap\\s*!' } })) {
      const tree = mac.children().find((c) => kindOf(c) === 'token_tree');
      const m = tree ? /^\(\s*([\s\S]+?)\s*\.\s*spawn\s*\(([\s\S]*)\)\s*,?\s*\)$/.exec(tree.text()) : null;
      if (!m) continue;
      const [, receiver, arg] = m as unknown as [string, string, string];
      const name = /^\s*(?:[a-z_][a-z0-9_]*\s*::\s*)*([a-z_][a-z0-9_]*)\s*\(/.exec(arg)?.[1];
      if (!/spawner/i.test(receiver) && !(name && tasks.has(name))) continue;
      hits.push(hitAt(mac, 'resultOfSpawn', { found: `unwrap!(${short(receiver)}.spawn(…))`, replacement: `${short(receiver)}.spawn(unwrap!(${short(arg)}))` }));
    }
    return hits;
  },
});

/** One `arch-*` feature string of embassy-executor, where it is written. */
interface ArchFeature {
  feature: string;
  location: Location;
}

/** `arch-*` features of the embassy-executor entries in one dependency table (by package name, renames too). */
function archFeaturesOf(manifest: Manifest, path: string[], deps: TomlTable, inheritedName: (key: string) => string | undefined): { key: string; uses: ArchFeature[] }[] {
  const out: { key: string; uses: ArchFeature[] }[] = [];
  for (const [key, spec] of Object.entries(deps)) {
    if (!isTable(spec)) continue;
    const name = typeof spec.package === 'string' ? spec.package : spec.workspace === true ? (inheritedName(key) ?? key) : key;
    if (name !== PACKAGE) continue;
    const uses: ArchFeature[] = [];
    if (Array.isArray(spec.features)) {
      spec.features.forEach((feature, i) => {
        if (typeof feature === 'string' && feature.startsWith('arch-')) uses.push({ feature, location: locateValue(manifest, [...path, key, 'features', i]) });
      });
    }
    out.push({ key, uses });
  }
  return out;
}

/** Every `arch-*` feature a member's manifest enables on embassy-executor: dependency entries (any table, any target) and `[features]` lists. */
function memberArchFeatures(manifest: Manifest, inheritedName: (key: string) => string | undefined): ArchFeature[] {
  const doc = manifest.doc;
  const uses: ArchFeature[] = [];
  const keys = new Set<string>();
  const scanTables = (prefix: string[], container: TomlTable): void => {
    for (const table of DEPENDENCY_TABLES) {
      const deps = container[table];
      if (!isTable(deps)) continue;
      for (const found of archFeaturesOf(manifest, [...prefix, table], deps, inheritedName)) {
        keys.add(found.key);
        uses.push(...found.uses);
      }
    }
  };
  scanTables([], doc);
  if (isTable(doc.target)) {
    for (const [platform, table] of Object.entries(doc.target)) if (isTable(table)) scanTables(['target', platform], table);
  }
  if (isTable(doc.features)) {
    for (const [name, list] of Object.entries(doc.features)) {
      if (!Array.isArray(list)) continue;
      list.forEach((item, i) => {
        const m = typeof item === 'string' ? /^([^/?]+)\??\/(arch-.+)$/.exec(item) : null;
        if (m && keys.has(m[1]!)) uses.push({ feature: m[2]!, location: locateValue(manifest, ['features', name, i]) });
      });
    }
  }
  return uses;
}

export default defineSourceRule({
  meta: {
    id: 'embassy/spawn-signature',
    description: 'embassy-executor 0.10 moved the spawn error to the task call (`spawner.spawn(task(…).unwrap())`) and renamed the `arch-*` features to `platform-*`',
    defaultSeverity: 'error',
    messages: {
      resultOfSpawn: {
        message: '`{found}` unwraps the result of `spawn`, which returns `()` on embassy-executor {version}: the task call returns the `Result` since 0.10',
        fix: 'Unwrap the task call instead: `{replacement}`.',
      },
      tokenIsResult: {
        message: '`{found}` returns `Result<SpawnToken, SpawnError>` on embassy-executor {version}, and `spawn` takes the token itself',
        fix: 'Unwrap (or `?`) the task call: `{replacement}`.',
      },
      mustSpawn: {
        message: '`{found}` no longer exists on embassy-executor {version} (removed in 0.10)',
        fix: 'Write `{replacement}`.',
      },
      archFeature: {
        message: 'embassy-executor {version} has no `{feature}` feature: 0.10 renamed the `arch-*` features to `platform-*`',
        fix: 'Enable `{replacement}` instead.',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member) => atLeast(versionOf(member, PACKAGE), '0.10.0') },
  check({ workspace, hits, scan, report }) {
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      report({
        messageId: hit.messageId,
        data: { ...hit.data, version: versionOf(file.member, PACKAGE) ?? '0.10' },
        location: scan.location(fileHit),
        member: file.member.name,
        crate: PACKAGE,
      });
    }

    const seen = new Set<string>();
    let root: ManifestResult | undefined;
    const rootManifest = (): ManifestResult => (root ??= readManifest(workspace.rootManifestPath));
    const emit = (uses: ArchFeature[], version: string, member: Package): void => {
      for (const use of uses) {
        const key = `${use.location.file}:${use.location.line}:${use.location.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        report({ messageId: 'archFeature', data: { feature: use.feature, replacement: use.feature.replace(/^arch-/, 'platform-'), version }, location: use.location, member: member.name, crate: PACKAGE });
      }
    };
    for (const member of workspace.members) {
      const deps = dependenciesOn(member, [PACKAGE]);
      const version = versionOf(member, PACKAGE);
      if (deps.length === 0 || !version || !atLeast(version, '0.10.0')) continue;
      const read = member.manifestPath === workspace.rootManifestPath ? rootManifest() : readManifest(member.manifestPath);
      if (!read.ok) continue;
      emit(memberArchFeatures(read.manifest, (key) => workspace.workspaceDependencies.get(key)?.name), version, member);
      // Features enabled in `[workspace.dependencies]` reach every member that inherits the entry.
      for (const dep of deps.filter((d) => d.inherited)) {
        const top = rootManifest();
        const table = top.ok && isTable(top.manifest.doc.workspace) ? top.manifest.doc.workspace.dependencies : undefined;
        if (!top.ok || !isTable(table)) continue;
        const key = dep.rename ?? dep.name;
        const entry = archFeaturesOf(top.manifest, ['workspace', 'dependencies'], { [key]: table[key] }, () => undefined);
        emit(entry.flatMap((e) => e.uses), version, member);
      }
    }
  },
});
