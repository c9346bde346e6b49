import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SEVERITIES, type Severity } from './finding.js';
import type { Rule } from './define-rule.js';
import { ruleFamily } from './define-rule.js';
import { isTable, locate, readManifest, type Manifest, type TomlTable } from '../project/manifest.js';
import type { Location } from '../project/location.js';
import type { Workspace } from '../project/model.js';
import { editDistance } from '../kb/load.js';

export const CONFIG_FILE = 'cargo-stack.toml';

export type RuleSetting = Severity | 'off';

export interface IgnoreEntry {
  rule?: string;
  crate?: string;
  /** Glob relative to the workspace root, matched against the finding's file. */
  path?: string;
  reason: string;
  location: Location;
}

export interface AuditConfig {
  /** Where the configuration came from, or null when there is none. */
  source: string | null;
  /** Severity or `off` per rule id or per family. */
  rules: Map<string, { setting?: RuleSetting; options: Record<string, unknown>; location: Location }>;
  ignores: IgnoreEntry[];
  /** Problems with the configuration itself, each reported as a `config/invalid` finding. */
  problems: { message: string; location: Location }[];
}

const TOP_LEVEL_KEYS = new Set(['rules', 'ignore']);
const IGNORE_KEYS = new Set(['rule', 'crate', 'path', 'reason']);

/**
 * Reads `cargo-stack.toml` next to the root manifest, else `[workspace.metadata.cargo-stack]`
 * (or `[package.metadata.cargo-stack]` for a lone package). Unknown keys, rules and options are
 * problems with a location; nothing here throws.
 */
export function loadConfig(workspace: Workspace, rules: readonly Rule[]): AuditConfig {
  const config: AuditConfig = { source: null, rules: new Map(), ignores: [], problems: [] };
  const file = join(workspace.root, CONFIG_FILE);
  let manifest: Manifest | undefined;
  let table: TomlTable | undefined;
  let prefix: string[] = [];
  if (existsSync(file)) {
    const read = readManifest(file);
    if (!read.ok) {
      config.problems.push({ message: read.diagnostic.message, location: read.diagnostic.location ?? { file, line: 1, column: 1 } });
      return config;
    }
    manifest = read.manifest;
    table = manifest.doc;
  } else {
    const read = readManifest(workspace.rootManifestPath);
    if (!read.ok) return config;
    manifest = read.manifest;
    for (const path of [
      ['workspace', 'metadata', 'cargo-stack'],
      ['package', 'metadata', 'cargo-stack'],
    ]) {
      let node: unknown = manifest.doc;
      for (const key of path) node = isTable(node) ? node[key] : undefined;
      if (isTable(node)) {
        table = node;
        prefix = path;
        break;
      }
    }
  }
  if (!table || !manifest) return config;
  config.source = manifest.path + (prefix.length > 0 ? ` [${prefix.join('.')}]` : '');
  const at = (path: (string | number)[]): Location => locate(manifest, [...prefix, ...path]);
  const problem = (message: string, path: (string | number)[]): void => void config.problems.push({ message, location: at(path) });

  for (const key of Object.keys(table)) {
    if (!TOP_LEVEL_KEYS.has(key)) problem(`unknown key \`${key}\` (expected \`rules\` or \`ignore\`)`, [key]);
  }

  const ids = new Set(rules.map((r) => r.meta.id));
  const families = new Set(rules.map((r) => ruleFamily(r.meta.id)));
  const known = (name: string): boolean => ids.has(name) || families.has(name);
  const suggestion = (name: string): string => {
    const best = [...ids, ...families].map((c) => [c, editDistance(name, c, 4)] as const).filter(([, d]) => d <= 3).sort((a, b) => a[1] - b[1])[0];
    return best ? `; did you mean \`${best[0]}\`?` : '';
  };

  if (table.rules !== undefined) {
    if (!isTable(table.rules)) problem('`rules` must be a table of rule id = severity', ['rules']);
    else {
      for (const [name, value] of Object.entries(table.rules)) {
        if (!known(name)) {
          problem(`unknown rule or family \`${name}\`${suggestion(name)}`, ['rules', name]);
          continue;
        }
        const location = at(['rules', name]);
        if (typeof value === 'string') {
          if (value !== 'off' && !(SEVERITIES as readonly string[]).includes(value)) problem(`\`${name}\` must be one of error, warning, note, off (got \`${value}\`)`, ['rules', name]);
          else config.rules.set(name, { setting: value as RuleSetting, options: {}, location });
          continue;
        }
        if (!isTable(value)) {
          problem(`\`${name}\` must be a severity string or a table`, ['rules', name]);
          continue;
        }
        const { severity, ...options } = value;
        let setting: RuleSetting | undefined;
        if (severity !== undefined) {
          if (typeof severity === 'string' && (severity === 'off' || (SEVERITIES as readonly string[]).includes(severity))) setting = severity as RuleSetting;
          else problem(`\`${name}.severity\` must be one of error, warning, note, off`, ['rules', name, 'severity']);
        }
        const rule = rules.find((r) => r.meta.id === name);
        if (!rule && Object.keys(options).length > 0) {
          problem(`options can only be set on a rule, not on the family \`${name}\``, ['rules', name]);
          continue;
        }
        if (rule) {
          const schema = rule.meta.options;
          if (!schema && Object.keys(options).length > 0) {
            problem(`rule \`${name}\` has no options (got ${Object.keys(options).map((k) => `\`${k}\``).join(', ')})`, ['rules', name]);
            continue;
          }
          if (schema) {
            const parsed = schema.strict().safeParse(camelizeKeys(options));
            if (!parsed.success) {
              for (const issue of parsed.error.issues) {
                const kebab = (key: string): string => Object.keys(options).find((k) => camelizeKeys({ [k]: 0 })[key] !== undefined) ?? key;
                const keys = issue.code === 'unrecognized_keys' ? issue.keys.map(kebab) : [];
                const path = keys.length > 0 ? [keys[0]!] : issue.path.map(String);
                problem(`\`${name}\`: ${issue.code === 'unrecognized_keys' ? `unknown option ${keys.map((k) => `\`${k}\``).join(', ')}` : `${issue.path.join('.')}: ${issue.message}`}`, ['rules', name, ...path]);
              }
              continue;
            }
          }
        }
        config.rules.set(name, { ...(setting !== undefined ? { setting } : {}), options, location });
      }
    }
  }

  if (table.ignore !== undefined) {
    if (!Array.isArray(table.ignore)) problem('`ignore` must be an array of tables: [[ignore]] with rule/crate/path and reason', ['ignore']);
    else {
      table.ignore.forEach((entry: unknown, index: number) => {
        if (!isTable(entry)) {
          problem('each `ignore` entry must be a table', ['ignore', index]);
          return;
        }
        for (const key of Object.keys(entry)) if (!IGNORE_KEYS.has(key)) problem(`unknown key \`${key}\` in ignore entry (expected rule, crate, path, reason)`, ['ignore', index, key]);
        const str = (key: string): string | undefined => (typeof entry[key] === 'string' ? (entry[key] as string) : undefined);
        const reason = str('reason')?.trim();
        if (!reason) {
          problem('an ignore entry needs a `reason` that says why', ['ignore', index]);
          return;
        }
        const rule = str('rule');
        if (rule && !known(rule)) {
          problem(`unknown rule or family \`${rule}\`${suggestion(rule)}`, ['ignore', index, 'rule']);
          return;
        }
        if (!rule && !str('crate') && !str('path')) {
          problem('an ignore entry needs at least one of `rule`, `crate` or `path`', ['ignore', index]);
          return;
        }
        const ignore: IgnoreEntry = { reason, location: at(['ignore', index]) };
        if (rule) ignore.rule = rule;
        const crate = str('crate');
        if (crate) ignore.crate = crate;
        const path = str('path');
        if (path) ignore.path = path;
        config.ignores.push(ignore);
      });
    }
  }
  return config;
}

/**
 * Option keys are written in kebab-case in TOML, like Cargo's and cargo-deny's own keys
 * (`respect-rust-version`); schemas use the camelCase spelling. Both spellings are accepted.
 */
export function camelizeKeys(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([key, value]) => [key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()), value]));
}

/** The effective setting of a rule: its own, else its family's, else its default. */
export function settingFor(config: AuditConfig, rule: Rule): { severity: RuleSetting; options: Record<string, unknown> } {
  const own = config.rules.get(rule.meta.id);
  const family = config.rules.get(ruleFamily(rule.meta.id));
  const severity = own?.setting ?? family?.setting ?? rule.meta.defaultSeverity;
  const options = rule.meta.options ? (rule.meta.options.parse(camelizeKeys(own?.options ?? {})) as Record<string, unknown>) : {};
  return { severity, options };
}
