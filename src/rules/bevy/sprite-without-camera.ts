import type { SgNode } from '@ast-grep/napi';
import type { FileHit } from '../../source/service.js';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { defineScanner, hitAt, kindOf, matchesOutsideCommentLines, type Hit } from '../../source/scanner.js';
import { bevyVersion } from './_shared.js';

/** Methods whose arguments put components on an entity. */
const SPAWNERS = /^(spawn|spawn_batch|spawn_empty|insert|with_child|spawn_bundle|insert_bundle)$/;

/** The spawning call a node is an argument of (`commands.spawn((Sprite { … }, …))`), else null. */
function spawningCall(node: SgNode): SgNode | null {
  for (const a of node.ancestors()) {
    const kind = kindOf(a);
    if (kind === 'call_expression') {
      const fn = a.field('function');
      const name = fn && kindOf(fn) === 'field_expression' ? fn.field('field')?.text() : undefined;
      if (name && SPAWNERS.test(name)) return a;
    }
    if (kind === 'function_item' || kind === 'closure_expression' || kind === 'block') return null;
  }
  return null;
}

export const scanner = defineScanner({
  tokens: ['Sprite', 'Camera2d'],
  // The names as whole words in code (not `TextureAtlasSprite`, not a doc comment): what every check below looks for.
  prefilter: (text) => matchesOutsideCommentLines(/\b(?:Sprite|SpriteBundle|Camera2d|Camera2dBundle)\b/g, text),
  scan(root) {
    const hits: Hit[] = [];
    if (root.find({ rule: { any: [{ kind: 'struct_item' }, { kind: 'type_item' }, { kind: 'enum_item' }], has: { field: 'name', regex: '^(Sprite|SpriteBundle|Camera2d|Camera2dBundle)$' } } })) {
      hits.push({ messageId: '_ownSprite', line: 1, column: 1, endLine: 1, endColumn: 1 });
      return hits;
    }
    // Any mention of a 2D camera outside comments and strings counts: spawned here, in a helper, or through a bundle.
    const camera = root.find({ rule: { any: [{ kind: 'type_identifier' }, { kind: 'identifier' }], regex: '^(Camera2d|Camera2dBundle)$' } });
    if (camera) hits.push(hitAt(camera, '_camera'));
    const seen = new Set<number>();
    for (const node of root.findAll({ rule: { any: [{ kind: 'type_identifier' }, { kind: 'identifier' }], regex: '^(Sprite|SpriteBundle)$' } })) {
      const parent = node.parent();
      if (!parent) continue;
      const parentKind = kindOf(parent);
      // `Sprite { … }`, `Sprite::from_color(…)`, `SpriteBundle { … }`: a value, not a type in a query.
      const isValue = parentKind === 'struct_expression' || (parentKind === 'scoped_identifier' && parent.field('path')?.id() === node.id() && kindOf(parent.parent()!) === 'call_expression');
      const call = isValue ? spawningCall(node) : null;
      if (!call || seen.has(call.id())) continue;
      seen.add(call.id());
      hits.push(hitAt(node, 'sprite', { sprite: node.text() }));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'bevy/sprite-without-camera',
    description: 'sprites spawned in a workspace that never spawns a 2D camera, so nothing is drawn',
    defaultSeverity: 'warning',
    messages: {
      sprite: {
        message: '`{sprite}` is spawned here{more}, but no `Camera2d` is spawned anywhere in the workspace, so the sprite is never drawn',
        fix: 'Spawn a 2D camera in a startup system: `commands.spawn(Camera2d)` (bevy 0.15+) or `Camera2dBundle::default()` (before 0.15).',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member) => bevyVersion(member) !== null },
  check({ hits, scan, report }) {
    if (hits.some((h) => h.hit.messageId === '_camera' || h.hit.messageId === '_ownSprite')) return;
    // Libraries (plugins) leave the camera to the application that uses them: only programs are checked.
    const sprites = hits.filter((h) => h.hit.messageId === 'sprite' && [...h.file.kinds].some((k) => k === 'bin' || k === 'example'));
    const byMember = new Map<string, FileHit[]>();
    for (const h of sprites) byMember.set(h.file.member.manifestPath, [...(byMember.get(h.file.member.manifestPath) ?? []), h]);
    for (const [first, ...rest] of byMember.values()) {
      const { file, hit } = first!;
      report({
        messageId: 'sprite',
        data: { sprite: String(hit.data?.sprite), more: rest.length === 0 ? '' : ` (and in ${rest.length} more ${rest.length === 1 ? 'place' : 'places'})`, count: rest.length + 1 },
        location: scan.location(first!),
        related: rest.map((h) => ({ location: scan.location(h), message: `spawns \`${String(h.hit.data?.sprite)}\`` })),
        member: file.member.name,
        crate: 'bevy',
      });
    }
  },
});
