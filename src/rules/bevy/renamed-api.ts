import type { SgNode } from '@ast-grep/napi';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { atLeast } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { useAliases } from '../../source/use-paths.js';
import { BEVY_PATH, bevyVersion } from './_shared.js';

/** One renamed or removed bevy API, from the bevy tags' sources (#[deprecated] attributes and their removal). */
interface Item {
  messageId: string;
  replacement: string;
  /** The release that marked it `#[deprecated]`, when there was one. */
  deprecatedIn?: string;
  /** The release where it no longer exists (or, for `.single()`, changed type). */
  removedIn: string;
}

const bundle = (replacement: string): Item => ({ messageId: 'bundle', replacement, deprecatedIn: '0.15', removedIn: '0.16' });
const scene = (replacement: string): Item => ({ messageId: 'scene', replacement, removedIn: '0.19' });
const message = (replacement: string): Item => ({ messageId: 'events', replacement, deprecatedIn: '0.17', removedIn: '0.18' });

/** Type names. */
const TYPES: Record<string, Item> = {
  SpriteBundle: bundle('Sprite'),
  Camera2dBundle: bundle('Camera2d'),
  Camera3dBundle: bundle('Camera3d'),
  NodeBundle: bundle('Node'),
  ButtonBundle: bundle('Button'),
  ImageBundle: bundle('ImageNode'),
  TextBundle: bundle('Text'),
  Text2dBundle: bundle('Text2d'),
  PbrBundle: bundle('Mesh3d + MeshMaterial3d'),
  MaterialMeshBundle: bundle('Mesh3d + MeshMaterial3d'),
  MaterialMesh2dBundle: bundle('Mesh2d + MeshMaterial2d'),
  ColorMesh2dBundle: bundle('Mesh2d + MeshMaterial2d'),
  SpatialBundle: bundle('Transform + Visibility'),
  TransformBundle: bundle('Transform'),
  VisibilityBundle: bundle('Visibility'),
  SceneBundle: bundle('SceneRoot'),
  DynamicSceneBundle: bundle('DynamicSceneRoot'),
  PointLightBundle: bundle('PointLight'),
  SpotLightBundle: bundle('SpotLight'),
  DirectionalLightBundle: bundle('DirectionalLight'),
  AudioBundle: bundle('AudioPlayer'),
  Style: { messageId: 'style', replacement: 'Node', removedIn: '0.15' },
  Parent: { messageId: 'parent', replacement: 'ChildOf', removedIn: '0.16' },
  EventReader: message('MessageReader'),
  EventWriter: message('MessageWriter'),
  Events: message('Messages'),
  SceneRoot: scene('WorldAssetRoot'),
  DynamicScene: scene('DynamicWorld'),
  DynamicSceneRoot: scene('DynamicWorldRoot'),
  DynamicSceneBuilder: scene('DynamicWorldBuilder'),
  SceneSpawner: scene('WorldInstanceSpawner'),
  SceneInstance: scene('WorldInstance'),
  SceneInstanceReady: scene('WorldInstanceReady'),
  SceneLoader: scene('WorldAssetLoader'),
  SceneFilter: scene('WorldFilter'),
  SceneLoaderError: scene('WorldAssetLoaderError'),
  SceneSpawnError: scene('WorldInstanceSpawnError'),
};
/** `Scene` is BSN's trait in 0.19, so only its asset uses (`Handle<Scene>`, `Assets<Scene>`, `bevy::scene::Scene`) are the old type. */
const SCENE_ASSET = scene('WorldAsset');

/** Method names. */
const METHODS: Record<string, Item> = {
  delta_seconds: { messageId: 'timeSeconds', replacement: 'delta_secs', removedIn: '0.15' },
  delta_seconds_f64: { messageId: 'timeSeconds', replacement: 'delta_secs_f64', removedIn: '0.15' },
  elapsed_seconds: { messageId: 'timeSeconds', replacement: 'elapsed_secs', removedIn: '0.15' },
  elapsed_seconds_f64: { messageId: 'timeSeconds', replacement: 'elapsed_secs_f64', removedIn: '0.15' },
  elapsed_seconds_wrapped: { messageId: 'timeSeconds', replacement: 'elapsed_secs_wrapped', removedIn: '0.15' },
  elapsed_seconds_wrapped_f64: { messageId: 'timeSeconds', replacement: 'elapsed_secs_wrapped_f64', removedIn: '0.15' },
  get_single: { messageId: 'getSingle', replacement: 'single', deprecatedIn: '0.16', removedIn: '0.17' },
  get_single_mut: { messageId: 'getSingle', replacement: 'single_mut', deprecatedIn: '0.16', removedIn: '0.17' },
  despawn_recursive: { messageId: 'despawnRecursive', replacement: 'despawn', deprecatedIn: '0.16', removedIn: '0.17' },
  despawn_descendants: { messageId: 'despawnRecursive', replacement: 'despawn_related::<Children>', removedIn: '0.16' },
};
const SINGLE_VALUE: Item = { messageId: 'singleValue', replacement: '', removedIn: '0.16' };

export const ITEMS: Record<string, Item> = { ...TYPES, ...METHODS, Scene: SCENE_ASSET, single: SINGLE_VALUE };

/** `Result` methods and adapters: `.single()` followed by one of these is already handled as a Result. */
const RESULT_USES = new Set(['unwrap', 'expect', 'ok', 'err', 'is_ok', 'is_err', 'map', 'map_err', 'and_then', 'unwrap_or', 'unwrap_or_else', 'unwrap_or_default', 'inspect', 'inspect_err', 'iter', 'into_iter', 'as_ref', 'as_mut', 'ok_or', 'or_else', 'context', 'with_context', 'is_ok_and', 'is_err_and', 'as_deref', 'as_deref_mut', 'copied', 'cloned', 'map_or', 'map_or_else', 'ok_or_else', 'unwrap_err', 'expect_err', 'unwrap_unchecked', 'iter_mut', 'flatten', 'transpose', 'and', 'or']);

const TYPE_NAMES = Object.keys(TYPES).join('|');
const METHOD_NAMES = Object.keys(METHODS).join('|');
const QUERY_NAME = /(?:^|_)(?:q|query|queries)$|query/i;

/** Whether the receiver of `.single()` (or `.get_single()`) is a Query: a parameter typed `Query<…>`, else a query-like name. */
function isQueryReceiver(receiver: SgNode | null): boolean {
  if (!receiver) return false;
  const text = receiver.text().replace(/\s+/g, '');
  const name = /^(?:self\.)?([A-Za-z_][A-Za-z0-9_]*)$/.exec(text)?.[1];
  if (!name) return false;
  if (kindOf(receiver) === 'identifier') {
    for (const owner of receiver.ancestors()) {
      if (kindOf(owner) !== 'function_item' && kindOf(owner) !== 'closure_expression') continue;
      for (const p of owner.field('parameters')?.children() ?? []) {
        if (kindOf(p) !== 'parameter') continue;
        const pattern = p.field('pattern')?.text().replace(/^mut\s+/, '');
        if (pattern === name) return /\bQuery(?:State)?\s*</.test(p.field('type')?.text() ?? '');
      }
    }
  }
  return QUERY_NAME.test(name);
}

/** How a `.single()`/`.single_mut()` call is used as the item itself rather than as a Result, or null. */
function usedAsValue(call: SgNode): string | null {
  const parent = call.parent();
  if (!parent) return null;
  const kind = kindOf(parent);
  if (kind === 'field_expression' && parent.field('value')?.id() === call.id()) {
    const field = parent.field('field')?.text() ?? '';
    const grand = parent.parent();
    const isMethod = grand !== null && kindOf(grand) === 'call_expression' && grand.field('function')?.id() === parent.id();
    if (isMethod && RESULT_USES.has(field)) return null;
    return isMethod ? `.${field}()` : `.${field}`;
  }
  if (kind === 'unary_expression' && parent.text().trimStart().startsWith('*')) return 'a dereference';
  if (kind === 'let_declaration' && parent.field('value')?.id() === call.id()) {
    const pattern = parent.field('pattern');
    if (pattern && kindOf(pattern) === 'tuple_pattern') return 'a tuple pattern';
    // `let mut t = q.single_mut(); t.translation…`: judge the binding by its first use.
    const name = pattern ? /^(?:mut\s+)?([a-z_][A-Za-z0-9_]*)$/.exec(pattern.text())?.[1] : undefined;
    if (!name || parent.field('type')) return null;
    for (const sibling of parent.nextAll()) {
      const use = sibling.find({ rule: { kind: 'identifier', regex: `^${name}$` } });
      if (!use) continue;
      const how = usedAsValue(use);
      return how ? `\`${name}\` (${how})` : null;
    }
  }
  return null;
}

/** The path before a name (`bevy::ui` for `bevy::ui::Style`), or '' for a bare name. */
function pathBefore(node: SgNode): string {
  const parent = node.parent();
  if (!parent) return '';
  const kind = kindOf(parent);
  if ((kind === 'scoped_identifier' || kind === 'scoped_type_identifier') && parent.field('name')?.id() === node.id()) return parent.field('path')?.text().replace(/\s+/g, '') ?? '';
  return '';
}

// Every name above contains one of these: a handful of `includes` instead of forty.
const TOKENS = ['Bundle', 'Style', 'seconds', 'single', 'Parent', 'despawn_', 'Event', 'Scene'];
const PREFILTER = new RegExp(`\\b(?:${TYPE_NAMES}|${METHOD_NAMES})\\b|<\\s*Scene\\s*>|scene::Scene\\b|\\.\\s*single(?:_mut)?\\s*\\(\\s*\\)`);

export const scanner = defineScanner({
  tokens: TOKENS,
  prefilter: (text) => PREFILTER.test(text),
  scan(root) {
    const hits: Hit[] = [];
    // Names this file defines itself are the author's, and so are names imported from elsewhere.
    const declared = new Set<string>();
    for (const item of root.findAll({ rule: { any: [{ kind: 'struct_item' }, { kind: 'enum_item' }, { kind: 'type_item' }, { kind: 'trait_item' }, { kind: 'function_item' }, { kind: 'function_signature_item' }, { kind: 'union_item' }] } })) {
      const name = item.field('name')?.text();
      if (name && name in ITEMS) {
        declared.add(name);
        hits.push(hitAt(item.field('name')!, '_declared', { name }));
      }
    }
    const aliases = useAliases(root);
    const foreign = (name: string): boolean => {
      const path = aliases.get(name);
      return path !== undefined && !BEVY_PATH.test(path);
    };

    for (const node of root.findAll({ rule: { any: [{ kind: 'type_identifier' }, { kind: 'identifier' }], regex: `^(${TYPE_NAMES}|Scene)$`, not: { inside: { kind: 'use_declaration', stopBy: 'end' } } } })) {
      const name = node.text();
      if (declared.has(name) || foreign(name)) continue;
      const path = pathBefore(node);
      if (path && !BEVY_PATH.test(path)) continue;
      let item = TYPES[name];
      if (name === 'Scene') {
        const generic = node.parent()?.parent();
        const owner = generic && kindOf(generic) === 'generic_type' ? generic.field('type')?.text().replace(/\s+/g, '') : '';
        const asAsset = owner !== undefined && /(?:^|::)(?:Handle|Assets|AssetId)$/.test(owner) && kindOf(node.parent()!) === 'type_arguments';
        if (!asAsset && !/^(?:::)?bevy(?:_scene|::scene)$/.test(path)) continue;
        item = SCENE_ASSET;
      }
      // An identifier that is not a path segment, a call or a pattern (a local variable named `Style`) is not the type.
      if (!item || (kindOf(node) === 'identifier' && !/^(scoped_identifier|call_expression|tuple_struct_pattern|struct_pattern|token_tree)$/.test(kindOf(node.parent()!)))) continue;
      hits.push(hitAt(node, item.messageId, { found: name, replacement: item.replacement, name }));
    }

    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', kind: 'field_expression', regex: `\\.\\s*(${METHOD_NAMES}|single|single_mut)$` } } })) {
      const fn = call.field('function')!;
      const field = fn.field('field')!;
      const name = field.text();
      if ((call.field('arguments')?.text().replace(/\s/g, '') ?? '') !== '()' || declared.has(name)) continue;
      if (name === 'single' || name === 'single_mut') {
        const use = isQueryReceiver(fn.field('value')) ? usedAsValue(call) : null;
        if (use) hits.push(hitAt(field, 'singleValue', { found: `.${name}()`, use, name: 'single', replacement: `let Ok(item) = query.${name}() else { return; };` }));
        continue;
      }
      if (name.startsWith('get_single') && !isQueryReceiver(fn.field('value'))) continue;
      const item = METHODS[name]!;
      hits.push(hitAt(field, item.messageId, { found: `.${name}()`, replacement: `.${item.replacement}()`, name }));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'bevy/renamed-api',
    description: 'bevy APIs renamed or removed between 0.15 and 0.19 (bundles, `Style`, `delta_seconds`, `get_single`, `.single()` as a value, `Parent`, `despawn_recursive`, `EventReader`/`EventWriter`/`Events`, the 0.19 scene → world-serialization names), gated on the bevy version in use',
    defaultSeverity: 'error',
    messages: {
      bundle: { message: '`{found}` {state} in bevy {version}: bundles became required components in 0.15', fix: 'Spawn `{replacement}` instead; the components it requires are inserted automatically.' },
      style: { message: '`Style` {state} in bevy {version}: its fields moved into the `Node` component in 0.15', fix: 'Use `{replacement}` (the layout fields are now `Node`\'s).' },
      timeSeconds: { message: '`{found}` {state} in bevy {version} (the `Time` accessors were renamed in 0.15)', fix: 'Call `{replacement}`.' },
      getSingle: { message: '`{found}` {state} in bevy {version}: `single()` returns the `Result` itself since 0.16', fix: 'Call `{replacement}` (and handle its `Result`, e.g. with `?` in a system that returns `Result`).' },
      singleValue: { message: '`{found}` returns a `Result` in bevy {version} (since 0.16), so using it through {use} does not compile', fix: 'Handle the `Result`: `{replacement}`, or `?` in a system that returns `Result`.' },
      parent: { message: '`Parent` {state} in bevy {version}: the hierarchy became the `ChildOf` relationship in 0.16', fix: 'Use `{replacement}` (`child_of.parent()` gives the entity).' },
      despawnRecursive: { message: '`{found}` {state} in bevy {version}: `despawn()` despawns the children too since 0.16', fix: 'Call `{replacement}`.' },
      events: { message: '`{found}` {state} in bevy {version}: buffered events are called messages since 0.17', fix: 'Use `{replacement}` (and `#[derive(Message)]`, `add_message`).' },
      scene: { message: '`{found}` {state} in bevy {version}: the old `bevy::scene` became `bevy::world_serialization` in 0.19', fix: 'Use `{replacement}` from `bevy::world_serialization`.' },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member) => atLeast(bevyVersion(member), '0.15.0') },
  check({ hits, scan, report }) {
    // A type or method a member defines itself (in any of its files) is not bevy's.
    const declared = new Map<string, Set<string>>();
    for (const { file, hit } of hits) {
      if (hit.messageId !== '_declared') continue;
      const names = declared.get(file.member.manifestPath) ?? new Set<string>();
      names.add(String(hit.data?.name));
      declared.set(file.member.manifestPath, names);
    }
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      const name = String(hit.data?.name ?? '');
      const item = ITEMS[name];
      if (hit.messageId === '_declared' || !item || declared.get(file.member.manifestPath)?.has(name)) continue;
      const version = bevyVersion(file.member);
      if (!version) continue;
      const removed = atLeast(version, `${item.removedIn}.0`);
      const deprecated = !removed && item.deprecatedIn !== undefined && atLeast(version, `${item.deprecatedIn}.0`);
      if (!removed && !deprecated) continue;
      const state = removed
        ? item.deprecatedIn ? `was removed in ${item.removedIn} (deprecated since ${item.deprecatedIn}) and does not exist` : `was removed in ${item.removedIn} and does not exist`
        : `is deprecated (since ${item.deprecatedIn}; removed in ${item.removedIn})`;
      report({
        messageId: hit.messageId,
        data: { ...hit.data, state, version },
        location: scan.location(fileHit),
        member: file.member.name,
        crate: 'bevy',
        ...(removed ? {} : { severity: 'warning' as const }),
      });
    }
  },
});
