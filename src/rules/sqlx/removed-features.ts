import { defineRule } from '../../engine/define-rule.js';
import type { Location } from '../../project/location.js';
import { isTable, locateValue, readManifest, type Manifest, type TomlTable } from '../../project/manifest.js';
import type { Package } from '../../project/model.js';
import { atLeast, sqlxVersion } from './_shared.js';

/** A sqlx feature that a release deleted (sqlx CHANGELOG §0.7.0 and §0.9.0). */
interface RemovedFeature {
  removedIn: '0.7' | '0.9';
  /** What to write instead, given the sqlx version in use; null when nothing replaces it. */
  replacement: (version: string) => string | null;
  /** Why there is nothing to write instead. */
  reason?: string;
}

const rustls = (version: string): string => (atLeast(version, '0.8') ? '`tls-rustls-ring` (or `tls-rustls-aws-lc-rs`)' : '`tls-rustls`');

const REMOVED: Record<string, RemovedFeature> = {
  mssql: { removedIn: '0.7', replacement: () => null, reason: 'sqlx has no SQL Server driver since 0.7; use a dedicated driver such as tiberius' },
  git2: { removedIn: '0.7', replacement: () => null, reason: 'the git2 integration was dropped; wrap git2 types with #[derive(sqlx::Type)] yourself' },
  offline: { removedIn: '0.7', replacement: () => null, reason: 'since 0.7 the query macros (the `macros` feature) support offline data without a separate feature' },
  decimal: { removedIn: '0.7', replacement: () => '`rust_decimal`' },
  'runtime-actix': { removedIn: '0.7', replacement: () => '`runtime-tokio`' },
  'runtime-actix-native-tls': { removedIn: '0.7', replacement: () => '`runtime-tokio` + `tls-native-tls`' },
  'runtime-actix-rustls': { removedIn: '0.7', replacement: (v) => `\`runtime-tokio\` + ${rustls(v)}` },
  'runtime-tokio-native-tls': { removedIn: '0.9', replacement: () => '`runtime-tokio` + `tls-native-tls`' },
  'runtime-tokio-rustls': { removedIn: '0.9', replacement: (v) => `\`runtime-tokio\` + ${rustls(v)}` },
  'runtime-async-std-native-tls': {
    removedIn: '0.9',
    replacement: (v) => `${atLeast(v, '0.9') ? '`runtime-smol`' : '`runtime-async-std`'} + \`tls-native-tls\``,
  },
  'runtime-async-std-rustls': {
    removedIn: '0.9',
    replacement: (v) => `${atLeast(v, '0.9') ? '`runtime-smol`' : '`runtime-async-std`'} + ${rustls(v)}`,
  },
};

const DEPENDENCY_TABLES = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];

/** One feature string naming a sqlx feature, with where it is written. */
interface FeatureUse {
  feature: string;
  location: Location;
}

export default defineRule({
  meta: {
    id: 'sqlx/removed-features',
    description: 'sqlx features that the resolved sqlx no longer has (mssql, runtime-actix-*, combined runtime+TLS features)',
    defaultSeverity: 'error',
    requires: [],
    messages: {
      removed: {
        message: 'sqlx {version} has no `{feature}` feature (removed in {removedIn}), so the build fails',
        fix: 'Replace `{feature}` with {replacement}.',
      },
      removedNoReplacement: {
        message: 'sqlx {version} has no `{feature}` feature (removed in {removedIn}), so the build fails',
        fix: 'Remove `{feature}`: {reason}.',
      },
      removedIn09: {
        message: '`{feature}` still works on sqlx {version} but sqlx 0.9 removes it, so the upgrade fails to build',
        fix: 'Replace `{feature}` with {replacement}, which sqlx {version} already accepts.',
      },
      asyncStd: {
        message: '`{feature}` runs sqlx {version} on async-std, which is discontinued',
        fix: 'Use `runtime-smol` (or `runtime-async-global-executor`), which sqlx 0.9 added to replace async-std.',
      },
    },
    since: '0.1.0',
  },
  check({ workspace, kb, report }) {
    const seen = new Set<string>();
    const check = (uses: FeatureUse[], version: string | null, member: Package | undefined): void => {
      if (!version || !atLeast(version, '0.7')) return;
      for (const use of uses) {
        const key = `${use.location.file}:${use.location.line}:${use.location.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const common = { location: use.location, crate: 'sqlx', ...(member ? { member: member.name } : {}) };
        if (use.feature === 'runtime-async-std' && atLeast(version, '0.9')) {
          report({ messageId: 'asyncStd', data: { feature: use.feature, version }, severity: 'note', ...common });
          continue;
        }
        const removed = REMOVED[use.feature];
        if (!removed) continue;
        const replacement = removed.replacement(version);
        const data = { feature: use.feature, version, removedIn: removed.removedIn, replacement: replacement ?? '', reason: removed.reason ?? '' };
        if (atLeast(version, removed.removedIn)) {
          report({ messageId: replacement ? 'removed' : 'removedNoReplacement', data, ...common });
        } else if (removed.removedIn === '0.9' && replacement) {
          report({ messageId: 'removedIn09', data, severity: 'warning', ...common });
        }
      }
    };

    const root = readManifest(workspace.rootManifestPath);
    if (root.ok) {
      const deps = tableAt(root.manifest.doc, ['workspace', 'dependencies']);
      if (deps) check(featuresOfTable(root.manifest, ['workspace', 'dependencies'], deps).map((u) => u.use), sqlxVersion(workspace, kb), undefined);
    }
    for (const member of workspace.members) {
      if (!member.dependencies.some((d) => d.name === 'sqlx')) continue;
      const read = member.manifestPath === workspace.rootManifestPath ? root : readManifest(member.manifestPath);
      if (!read.ok) continue;
      const inheritedName = (key: string): string | undefined => workspace.workspaceDependencies.get(key)?.name;
      check(memberFeatureUses(read.manifest, inheritedName), sqlxVersion(workspace, kb, member), member);
    }
  },
});

/** Every sqlx feature a member's manifest names: in sqlx dependency entries and in its `[features]`. */
function memberFeatureUses(manifest: Manifest, inheritedName: (key: string) => string | undefined): FeatureUse[] {
  const doc = manifest.doc;
  const uses: FeatureUse[] = [];
  const keys = new Set<string>();
  const scan = (prefix: string[], container: TomlTable): void => {
    for (const table of DEPENDENCY_TABLES) {
      const deps = container[table];
      if (!isTable(deps)) continue;
      for (const found of featuresOfTable(manifest, [...prefix, table], deps, inheritedName)) {
        keys.add(found.key);
        uses.push(found.use);
      }
    }
  };
  scan([], doc);
  const targets = doc.target;
  if (isTable(targets)) {
    for (const [platform, table] of Object.entries(targets)) if (isTable(table)) scan(['target', platform], table);
  }
  const features = doc.features;
  if (isTable(features)) {
    for (const [name, list] of Object.entries(features)) {
      if (!Array.isArray(list)) continue;
      list.forEach((item, i) => {
        if (typeof item !== 'string') return;
        const match = /^([^/?]+)\??\/(.+)$/.exec(item);
        if (match && keys.has(match[1] as string)) {
          uses.push({ feature: match[2] as string, location: locateValue(manifest, ['features', name, i]) });
        }
      });
    }
  }
  return uses;
}

/** Features of the sqlx entries (by package name, renames included) of one dependency table. */
function featuresOfTable(
  manifest: Manifest,
  path: string[],
  deps: TomlTable,
  inheritedName: (key: string) => string | undefined = () => undefined,
): { key: string; use: FeatureUse }[] {
  const out: { key: string; use: FeatureUse }[] = [];
  for (const [key, spec] of Object.entries(deps)) {
    if (!isTable(spec)) continue;
    const name = typeof spec.package === 'string' ? spec.package : spec.workspace === true ? (inheritedName(key) ?? key) : key;
    if (name !== 'sqlx' || !Array.isArray(spec.features)) continue;
    spec.features.forEach((feature, i) => {
      if (typeof feature === 'string') out.push({ key, use: { feature, location: locateValue(manifest, [...path, key, 'features', i]) } });
    });
  }
  return out;
}

function tableAt(doc: TomlTable, path: string[]): TomlTable | undefined {
  let node: unknown = doc;
  for (const key of path) node = isTable(node) ? node[key] : undefined;
  return isTable(node) ? node : undefined;
}
