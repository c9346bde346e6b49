import type { SgNode } from '@ast-grep/napi';
import type { Package } from '../../project/model.js';
import { defineSourceRule } from '../../source/define-source-rule.js';
import { atLeast, versionOf } from '../../source/gates.js';
import { defineScanner, hitAt, kindOf, type Hit } from '../../source/scanner.js';
import { useAliases } from '../../source/use-paths.js';

/** eframe's version (App and AppCreator live there); egui's when the member uses egui alone. */
function eframeVersion(member: Package): string | null {
  return versionOf(member, 'eframe');
}

/** The panels' crate: egui, else eframe (which re-exports the same egui version). */
function eguiVersion(member: Package): string | null {
  return versionOf(member, 'egui') ?? versionOf(member, 'eframe');
}

const PANELS = new Set(['CentralPanel', 'SidePanel', 'TopBottomPanel', 'Panel']);
/** Panel methods that took a `&Context` until 0.34 and their `Ui` versions in 0.34 and in 0.35+ (egui CHANGELOG §0.34.0, #8192 in 0.35.0). */
const PANEL_METHODS: Record<string, { v034: string; v035: string }> = {
  show: { v034: 'show_inside', v035: 'show' },
  show_animated: { v034: 'show_animated_inside', v035: 'show_collapsible' },
  show_animated_between: { v034: 'show_animated_between_inside', v035: 'show_switched' },
};
/** What replaces a deprecated panel constructor (`SidePanel::left` → `Panel::left`). */
const OLD_PANELS = new Set(['SidePanel', 'TopBottomPanel']);
const CONTEXT_NAME = /^(?:self\.)?(?:[a-z_]*_)?(?:ctx|context)(?:\.clone\(\))?$|\.ctx\(\)$/;

/** `crate::SidePanel::left` → ['SidePanel', 'left']: the type and the constructor of a panel path, else null. */
function panelOf(path: string): { panel: string; ctor: string } | null {
  const segments = path.replace(/::\s*<[^>]*>/g, '').replace(/\s+/g, '').split('::');
  const ctor = segments[segments.length - 1];
  const panel = segments[segments.length - 2];
  if (!ctor || !panel || !PANELS.has(panel)) return null;
  if (segments.length > 2 && !/^(?:egui|eframe)$/.test(segments[segments.length - 3] ?? '')) return null;
  return { panel, ctor };
}

/** The panel a builder chain starts from (`egui::SidePanel::left("x").resizable(true)` → SidePanel), else null. */
function chainPanel(receiver: SgNode | null): string | null {
  let node = receiver;
  while (node && kindOf(node) === 'call_expression') {
    const fn: SgNode | null = node.field('function');
    if (!fn) return null;
    if (kindOf(fn) === 'scoped_identifier') return panelOf(fn.text())?.panel ?? null;
    if (kindOf(fn) !== 'field_expression') return null;
    node = fn.field('value');
  }
  return null;
}

/** Types of the enclosing functions' and closures' parameters, by name (the nearest wins). */
function paramType(node: SgNode, name: string): string | null {
  for (const owner of node.ancestors()) {
    const kind = kindOf(owner);
    if (kind !== 'function_item' && kind !== 'closure_expression') continue;
    const params = owner.field('parameters');
    for (const p of params?.children() ?? []) {
      if (kindOf(p) === 'parameter' && p.field('pattern')?.text() === name) return p.field('type')?.text() ?? null;
      if (kindOf(p) === 'identifier' && p.text() === name) return null;
    }
  }
  return null;
}

/** Whether the first argument of a panel's `show` is an egui Context (by its declared type, else by its name). */
function isContextArg(arg: SgNode): boolean {
  const text = arg.text().replace(/\s+/g, '').replace(/^[&*]+/, '');
  if (/^[a-z_][a-z0-9_]*$/.test(text)) {
    const type = paramType(arg, text);
    if (type) return /\bContext\b/.test(type) && !/\bUi\b/.test(type);
  }
  return CONTEXT_NAME.test(text);
}

/** The value an AppCreator closure returns when it is `Box::new(…)`/`Box::default()` rather than a Result. */
function unwrappedBox(closure: SgNode): SgNode | null {
  let body = closure.field('body');
  while (body && kindOf(body) === 'block') {
    const kids = body.children().filter((c) => c.isNamed() && !kindOf(c).endsWith('comment'));
    const last = kids[kids.length - 1];
    body = last && kindOf(last) !== 'expression_statement' && kindOf(last) !== 'let_declaration' ? last : null;
  }
  if (!body || kindOf(body) !== 'call_expression') return null;
  const fn = body.field('function')?.text().replace(/\s+/g, '') ?? '';
  return /^(?:std::boxed::|alloc::boxed::)?Box(?:::<.*>)?::(?:new|default)$/.test(fn) ? body : null;
}

export const scanner = defineScanner({
  tokens: ['update', 'Panel', 'run_native', 'WebRunner', '.start('],
  prefilter: (text) => /\bfn\s+update\b|Panel\b|\brun_native\b|\.start\s*\(/.test(text),
  scan(root) {
    const hits: Hit[] = [];
    const aliases = useAliases(root, 'App|Panel');

    for (const impl of root.findAll({ rule: { kind: 'impl_item', has: { field: 'trait', regex: '(^|::)\\s*App$' } } })) {
      const trait = impl.field('trait')!.text().replace(/\s+/g, '');
      for (const fn of impl.field('body')?.children() ?? []) {
        if (kindOf(fn) !== 'function_item' || fn.field('name')?.text() !== 'update') continue;
        const params = fn.field('parameters')?.text() ?? '';
        const eframeTrait = /^(?:::)?eframe::App$/.test(trait) || (trait === 'App' && /^(?:::)?eframe::/.test(aliases.get('App') ?? ''));
        if (!/\bContext\b/.test(params) || !(eframeTrait || (trait === 'App' && /\bFrame\b/.test(params)))) continue;
        hits.push(hitAt(fn.field('name')!, 'appUpdate', { replacement: 'fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame)' }));
      }
    }

    const ownTypes = new Set(root.findAll({ rule: { any: [{ kind: 'struct_item' }, { kind: 'enum_item' }, { kind: 'type_item' }] } }).map((n) => n.field('name')?.text() ?? ''));
    for (const path of root.findAll({ rule: { kind: 'scoped_identifier', regex: '(SidePanel|TopBottomPanel)\\s*::' } })) {
      const parentKind = path.parent() ? kindOf(path.parent()!) : '';
      if (parentKind === 'scoped_identifier') continue;
      const found = panelOf(path.text());
      if (!found || !OLD_PANELS.has(found.panel) || ownTypes.has(found.panel)) continue;
      const resolved = aliases.get(found.panel);
      if (resolved && !/^(?:::)?(?:egui|eframe)::/.test(resolved)) continue;
      hits.push(hitAt(path, 'oldPanel', { found: `${found.panel}::${found.ctor}`, replacement: `Panel::${found.ctor}` }));
    }

    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', kind: 'field_expression', regex: '\\.\\s*show(_animated|_animated_between)?$' } } })) {
      const fn = call.field('function')!;
      const method = fn.field('field')?.text() ?? '';
      const panel = chainPanel(fn.field('value'));
      const names = PANEL_METHODS[method];
      if (!panel || !names || ownTypes.has(panel)) continue;
      const arg = call.field('arguments')?.children().find((c) => c.isNamed() && !kindOf(c).endsWith('comment'));
      if (!arg || !isContextArg(arg)) continue;
      hits.push(hitAt(fn.field('field')!, 'panelOnContext', { panel, method, arg: arg.text().replace(/\s+/g, ''), v034: names.v034, v035: names.v035 }));
    }

    for (const call of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: '(run_native|\\.\\s*start)$' } } })) {
      const fnText = call.field('function')!.text().replace(/\s+/g, '');
      if (!/(?:^|::)run_native$/.test(fnText) && !/\.start$/.test(fnText)) continue;
      const args = call.field('arguments')?.children().filter((c) => c.isNamed() && !kindOf(c).endsWith('comment')) ?? [];
      const creator = args[2];
      if (args.length !== 3 || !creator || kindOf(creator) !== 'call_expression') continue;
      if (!/^(?:std::boxed::)?Box::new$/.test(creator.field('function')?.text().replace(/\s+/g, '') ?? '')) continue;
      const closure = creator.field('arguments')?.children().find((c) => kindOf(c) === 'closure_expression');
      const boxed = closure ? unwrappedBox(closure) : null;
      if (boxed) hits.push(hitAt(boxed, 'appCreator', { found: boxed.text().replace(/\s+/g, ' ').slice(0, 60), replacement: 'Ok(Box::new(app))' }));
    }
    return hits;
  },
});

export default defineSourceRule({
  meta: {
    id: 'egui/app-update',
    description: 'eframe `App::update` with a Context, panels shown on a Context, `SidePanel`/`TopBottomPanel` (deprecated in egui 0.34, removed in 0.35), and AppCreator closures that do not return a Result (eframe 0.28+)',
    defaultSeverity: 'error',
    messages: {
      appUpdate: {
        message: '`App::update(&mut self, ctx: &egui::Context, …)` is {state} on eframe {version}',
        fix: 'Implement `{replacement}` instead (and `fn logic(&mut self, ctx, frame)` for work that must run without UI).',
      },
      panelOnContext: {
        message: '`{panel}::{method}({arg}, …)` shows a panel on a `Context`, which is {state} on egui {version}',
        fix: 'Show it inside a `Ui` with `{replacement}(ui, …)`, using the `ui` that `App::ui` receives.',
      },
      oldPanel: {
        message: '`{found}` is {state} on egui {version}: `SidePanel` and `TopBottomPanel` were replaced by `Panel` in 0.34',
        fix: 'Use `{replacement}`.',
      },
      appCreator: {
        message: 'the app creator closure returns `{found}` but eframe {version} expects a `Result<Box<dyn App>, _>` (since 0.28)',
        fix: 'Wrap the app: `{replacement}`.',
      },
    },
    since: '0.1.0',
  },
  scanner: { scanner, appliesTo: (member) => atLeast(eframeVersion(member), '0.28.0') || atLeast(eguiVersion(member), '0.34.0') },
  check({ hits, scan, report }) {
    for (const fileHit of hits) {
      const { file, hit } = fileHit;
      const version = hit.messageId === 'appUpdate' || hit.messageId === 'appCreator' ? eframeVersion(file.member) : eguiVersion(file.member);
      if (!version) continue;
      const data: Record<string, string | number> = { ...hit.data, version };
      let severity: 'error' | 'warning' = 'error';
      if (hit.messageId === 'appCreator') {
        if (!atLeast(version, '0.28.0')) continue;
      } else {
        if (!atLeast(version, '0.34.0')) continue;
        const removed = atLeast(version, '0.35.0');
        severity = removed ? 'error' : 'warning';
        data.state = removed ? 'removed (it was deprecated in 0.34 and dropped in 0.35)' : 'deprecated (since 0.34; 0.35 removes it)';
        if (hit.messageId === 'panelOnContext') data.replacement = `.${String(removed ? hit.data?.v035 : hit.data?.v034)}`;
      }
      report({
        messageId: hit.messageId,
        data,
        location: scan.location(fileHit),
        member: file.member.name,
        crate: hit.messageId === 'appUpdate' || hit.messageId === 'appCreator' ? 'eframe' : 'egui',
        ...(severity === 'warning' ? { severity } : {}),
      });
    }
  },
});
