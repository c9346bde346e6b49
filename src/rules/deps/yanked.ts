import { defineRule } from '../../engine/define-rule.js';
import type { LockPackage } from '../../project/lockfile.js';
import { summarizeIndex } from '../../registry/index-summary.js';
import { describeRemedy, exposuresOf, remedyFor } from '../../registry/remedy.js';
import type { IndexFile } from '../../registry/sparse-index.js';
import '../../registry/service.js';
import { capitalize } from '../../util/text.js';

export default defineRule({
  meta: {
    id: 'deps/yanked',
    description: 'locked crate versions that their registry has yanked, with the update that replaces them',
    defaultSeverity: 'warning',
    requires: ['lockfile', 'network'],
    messages: {
      yanked: { message: '{crate} {version} is yanked from {registry}; reached by {path}', fix: '{fix}' },
      missing: { message: '{crate} {version} is not in the {registry} index', fix: 'Check that the version was not deleted from the registry, then run `cargo update -p {crate}`.' },
      notChecked: { message: 'yanked status not checked for {count} of {total} crate(s): {reasons}', fix: 'Run online once so the index files are cached, or configure a sparse registry.' },
      dataAge: { message: 'yanked status of {count} crate(s) comes from index data cached up to {age} ago ({why})', fix: 'Run online (or with --refresh) to revalidate the cached index files.' },
    },
    since: '0.1.0',
  },
  async check(ctx) {
    const { workspace, lockGraph, services } = ctx;
    const lock = workspace.lockfile;
    const registry = services.registry;
    if (!lock || !lockGraph || !registry) return;
    const packages = lock.packages.filter((p) => registry.registryOf(p.source) !== null);
    if (packages.length === 0) return;
    const byName = new Map<string, LockPackage>();
    for (const p of packages) if (!byName.has(`${p.name}\n${p.source}`)) byName.set(`${p.name}\n${p.source}`, p);
    const unique = [...byName.values()];
    const results = await registry.indexAll(unique.map((p) => ({ name: p.name, source: p.source })));
    // A crate its registry does not have (deleted, say for malware) reads as a file with no versions.
    const files = new Map<string, IndexFile>();
    results.forEach((r, i) => {
      const name = unique[i]!.name;
      if (r.status === 'ok') files.set(`${name}\n${unique[i]!.source}`, r.file);
      else if (r.status === 'not-found') files.set(`${name}\n${unique[i]!.source}`, { name, versions: [], skipped: [] });
    });
    const lockfileStart = { file: workspace.lockfilePath, line: 1, column: 1 };
    const summary = summarizeIndex(unique.map((p) => p.name), results, registry.now(), registry.offline);
    if (summary.notChecked) ctx.report({ messageId: 'notChecked', data: { ...summary.notChecked, total: unique.length }, location: lockfileStart, severity: 'note' });
    if (summary.age) ctx.report({ messageId: 'dataAge', data: summary.age, location: lockfileStart, severity: 'note' });

    lock.packages.forEach((pkg, index) => {
      const ref = registry.registryOf(pkg.source);
      const file = files.get(`${pkg.name}\n${pkg.source}`);
      if (!ref || !file) return;
      const entry = file.versions.find((v) => v.vers === pkg.version);
      if (!entry) {
        ctx.report({ messageId: 'missing', data: { crate: pkg.name, version: pkg.version, registry: ref.name }, location: pkg.location, crate: pkg.name, severity: 'note' });
        return;
      }
      if (!entry.yanked) return;
      const yanked = new Set(file.versions.filter((v) => v.yanked).map((v) => v.vers));
      const exposures = exposuresOf(workspace, lock, lockGraph, index);
      const fixes = [
        ...new Set(
          exposures.map((exposure) =>
            describeRemedy(
              remedyFor({ lock, exposure, affected: (v) => yanked.has(v), indexOf: (name) => files.get(`${name}\n${lock.packages.find((p) => p.name === name)?.source}`), patchedHints: [] }),
              pkg.name,
              [],
              { good: 'non-yanked' },
            ),
          ),
        ),
      ];
      const fix = fixes.length > 0 ? fixes.join('; ') : `run \`cargo update -p ${pkg.name}\``;
      const first = exposures[0];
      ctx.report({
        messageId: 'yanked',
        data: {
          crate: pkg.name,
          version: pkg.version,
          registry: ref.name,
          path: first ? first.chain.map((i, n) => (n === 0 ? lock.packages[i]!.name : `${lock.packages[i]!.name} ${lock.packages[i]!.version}`)).join(' → ') : 'not reached from any member',
          fix: `${capitalize(fix)}.`,
        },
        location: pkg.location,
        related: exposures.filter((e) => e.dependency).slice(0, 5).map((e) => ({ location: e.dependency!.location, message: `${e.member.name} depends on ${lock.packages[e.chain[1]!]!.name}` })),
        ...(first ? { member: first.member.name } : {}),
        crate: pkg.name,
      });
    });
  },
});
