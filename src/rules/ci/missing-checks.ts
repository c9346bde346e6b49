import * as z from 'zod';
import { defineRule } from '../../engine/define-rule.js';
import { BUNDLE_PARTS, ciAnalysisFor, type BundlePart } from '../../ci/bundle.js';
import { opaqueNote, relativeTo, rootManifestLocation } from './_shared.js';

const options = z.object({
  /** Parts of the bundle CI must run. */
  require: z.array(z.enum(BUNDLE_PARTS)).default([...BUNDLE_PARTS]),
});

/** The command to suggest for each part, in the reference's spelling. */
const SUGGESTED: Record<BundlePart, string> = {
  fmt: 'cargo fmt --all --check',
  clippy: 'cargo clippy --workspace --all-targets -- -D warnings',
  tests: 'cargo nextest run --workspace (or cargo test --workspace)',
  vulnerabilities: 'cargo deny check (or cargo audit)',
  'unused-deps': 'cargo machete (or cargo shear)',
};

export default defineRule<z.infer<typeof options>>({
  meta: {
    id: 'ci/missing-checks',
    description: 'the CI configuration runs the standard bundle: fmt check, clippy denying warnings, tests, an advisory check and an unused-dependency check',
    defaultSeverity: 'warning',
    requires: [],
    messages: {
      'no-ci': {
        message: 'no CI configuration found (.github/workflows, .gitlab-ci.yml or .builds), so nothing runs the standard checks',
        fix: 'Add a CI workflow that runs fmt --check, clippy -D warnings, the tests, cargo deny check and cargo machete.',
      },
      unreadable: { message: '{file} is not valid YAML, so this CI configuration does not run: {error}', fix: 'Fix the YAML syntax at this line.' },
      fmt: { message: 'CI does not check formatting{detail}{opaque}', fix: 'Add a step that runs `{command}`.' },
      clippy: { message: 'CI does not run clippy{opaque}', fix: 'Add a step that runs `{command}`.' },
      'clippy-warnings-not-denied': {
        message: 'CI runs clippy without denying warnings ({origin}), so new lints and warnings pass the build',
        fix: 'Add `-- -D warnings` to the clippy command, or set `RUSTFLAGS: -D warnings` on its job.',
      },
      tests: { message: 'CI does not run the tests{opaque}', fix: 'Add a step that runs `{command}`.' },
      vulnerabilities: { message: 'CI does not check dependencies for security advisories{detail}{opaque}', fix: 'Add a step that runs `{command}`.' },
      'unused-deps': { message: 'CI does not check for unused dependencies{opaque}', fix: 'Add a step that runs `{command}`.' },
    },
    options,
    since: '0.1.0',
  },
  async check({ workspace, options, report }) {
    const analysis = await ciAnalysisFor(workspace);
    const { config } = analysis;
    for (const problem of config.unreadable) {
      report({ messageId: 'unreadable', data: { file: relativeTo(workspace.root, problem.file), error: problem.message }, location: problem.location });
    }
    if (config.files.length === 0) {
      if (config.unreadable.length === 0) report({ messageId: 'no-ci', location: rootManifestLocation(workspace) });
      return;
    }
    const anchor = analysis.mainFile!.anchor;
    const opaque = opaqueNote(analysis.opaque);
    for (const part of new Set(options.require)) {
      if (part === 'clippy' && analysis.clippy.length > 0) {
        if (analysis.clippy.some((c) => c.fact.denied)) continue;
        const [first, ...others] = analysis.clippy;
        report({
          messageId: 'clippy-warnings-not-denied',
          data: { origin: first!.command.origin },
          location: first!.command.location,
          related: others.slice(0, 5).map((c) => ({ location: c.command.location, message: `clippy without -D warnings (${c.command.origin})` })),
        });
        continue;
      }
      if (analysis.present[part].length > 0) continue;
      let detail = '';
      if (part === 'fmt' && analysis.fmtWithoutCheck.length > 0) detail = ' (`cargo fmt` runs without `--check`, so it rewrites files instead of failing)';
      if (part === 'vulnerabilities' && analysis.deny.length > 0) {
        const checks = [...new Set(analysis.deny.flatMap((d) => d.fact.checks))].sort();
        detail = ` (cargo deny runs only ${checks.join(', ')}, not advisories)`;
      }
      report({
        messageId: part,
        data: { command: SUGGESTED[part], opaque, ...(part === 'fmt' || part === 'vulnerabilities' ? { detail } : {}) },
        // Tools such as `cargo xtask` or `cargo make` usually run exactly these checks; unconfirmed, it is a note.
        ...(opaque ? { severity: 'note' as const } : {}),
        location: anchor,
        related: part === 'fmt' ? analysis.fmtWithoutCheck.slice(0, 3).map((c) => ({ location: c.location, message: '`cargo fmt` without `--check`' })) : [],
      });
    }
  },
});
