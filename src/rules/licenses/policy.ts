import * as z from 'zod';
import { defineRule } from '../../engine/define-rule.js';
import type { LockPackage } from '../../project/lockfile.js';
import { evaluate, parseLicense } from '../../registry/license-policy.js';
import '../../registry/service.js';

/** Permissive licenses common in the Rust ecosystem, plus MPL-2.0 (file-level copyleft). */
export const DEFAULT_ALLOW = [
  'MIT',
  'MIT-0',
  'Apache-2.0',
  'Apache-2.0 WITH LLVM-exception',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'ISC',
  'Zlib',
  '0BSD',
  'BSL-1.0',
  'CC0-1.0',
  'Unlicense',
  'Unicode-3.0',
  'Unicode-DFS-2016',
  'CDLA-Permissive-2.0',
  'MPL-2.0',
];

// A type alias, not an interface: rules are listed as `Rule<Record<string, unknown>>`.
type Options = {
  allow: string[];
  deny: string[];
  exceptions: { crate: string; allow: string[] }[];
};

function examples(names: string[]): string {
  return names.length > 5 ? `${names.slice(0, 5).join(', ')}, …` : names.join(', ');
}

export default defineRule<Options>({
  meta: {
    id: 'licenses/policy',
    description: 'locked crates whose SPDX license expression the allow/deny policy does not accept',
    defaultSeverity: 'warning',
    requires: ['lockfile', 'network'],
    messages: {
      rejected: { message: '{crate} {version} is licensed "{license}": {reason}', fix: 'Replace {crate}, or add the license (or an exception for {crate}) to the policy if your legal review accepts it.' },
      invalid: { message: '{crate} {version} declares "{license}", which is not a valid SPDX expression', fix: 'Review the license by hand and add an exception for {crate}; ask upstream to use an SPDX expression.' },
      licenseFile: { message: '{crate} {version} has no SPDX license, only a license file ({file})', fix: 'Read the file, then add an exception for {crate} if it is acceptable.' },
      noLicense: { message: '{crate} {version} declares no license', fix: 'Without a license you may not have the right to use {crate}: ask upstream, or replace it.' },
      notChecked: { message: 'licenses not checked for {count} of {total} crate(s): {reasons}', fix: 'Run `cargo fetch` so the crates are in the local Cargo cache, or run with --licenses to ask the crates.io API (1 request/s, cached).' },
    },
    options: z.object({
      allow: z.array(z.string()).default(DEFAULT_ALLOW),
      deny: z.array(z.string()).default([]),
      exceptions: z.array(z.object({ crate: z.string(), allow: z.array(z.string()) })).default([]),
    }),
    since: '0.1.0',
  },
  async check(ctx) {
    const { workspace, services, options } = ctx;
    const lock = workspace.lockfile;
    const registry = services.registry;
    if (!lock || !registry) return;
    const packages: LockPackage[] = lock.packages.filter((p) => registry.registryOf(p.source) !== null);
    if (packages.length === 0) return;
    const infos = await registry.licensesOf(packages);
    const missing = new Map<string, string[]>();
    packages.forEach((pkg, i) => {
      const info = infos[i]!;
      const base = { crate: pkg.name, version: pkg.version };
      const at = { location: pkg.location, crate: pkg.name };
      if (info.status === 'unavailable') {
        missing.set(info.reason, [...(missing.get(info.reason) ?? []), pkg.name]);
        return;
      }
      if (info.license === null) {
        if (info.licenseFile !== null) ctx.report({ messageId: 'licenseFile', data: { ...base, file: info.licenseFile }, ...at, severity: 'note' });
        else ctx.report({ messageId: 'noLicense', data: base, ...at });
        return;
      }
      const parsed = parseLicense(info.license);
      if (!parsed.ok) {
        ctx.report({ messageId: 'invalid', data: { ...base, license: info.license, error: parsed.error }, ...at });
        return;
      }
      const extra = options.exceptions.filter((e) => e.crate === pkg.name).flatMap((e) => e.allow);
      const verdict = evaluate(parsed, { allow: options.allow.length > 0 ? [...options.allow, ...extra] : [], deny: options.deny });
      if (verdict.ok) return;
      const reason = [
        verdict.denied.length > 0 ? `${verdict.denied.join(', ')} ${verdict.denied.length === 1 ? 'is' : 'are'} denied` : '',
        verdict.notAllowed.length > 0 ? `${verdict.notAllowed.join(', ')} ${verdict.notAllowed.length === 1 ? 'is' : 'are'} not in the allow list` : '',
      ]
        .filter(Boolean)
        .join('; ');
      ctx.report({ messageId: 'rejected', data: { ...base, license: info.license, reason, denied: verdict.denied.join(', '), notAllowed: verdict.notAllowed.join(', ') }, ...at });
    });
    const count = [...missing.values()].reduce((n, l) => n + l.length, 0);
    if (count > 0) {
      ctx.report({
        messageId: 'notChecked',
        data: { count, total: packages.length, reasons: [...missing].map(([reason, names]) => `${reason}: ${names.length} (${examples(names)})`).join('; ') },
        location: { file: lock.path, line: 1, column: 1 },
        severity: 'note',
      });
    }
  },
});
