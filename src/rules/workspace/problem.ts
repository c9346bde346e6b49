import { relative } from 'node:path';
import { defineRule } from '../../engine/define-rule.js';
import type { Diagnostic } from '../../project/location.js';
import { capitalize } from '../../util/text.js';

/** Stray packages are listed in one finding: a repository of test fixtures can hold hundreds. */
const STRAY = 'workspace/stray-manifest';
const RELATED_CAP = 20;

/** The model's hints are phrases ("create the package, …"); a fix reads as a sentence. */
function sentence(text: string): string {
  const capital = capitalize(text.trim());
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * What reading the workspace found wrong, as Cargo would see it: every diagnostic of the workspace
 * model (manifests, lockfile, `.cargo/config.toml`) becomes a finding at its file:line:col, so a
 * broken member is never an audit that silently has one member less.
 */
export default defineRule({
  meta: {
    id: 'workspace/problem',
    description: 'what Cargo rejects or trips over in the workspace: unreadable manifests and lockfiles, missing members, empty globs, missing target files, stray packages',
    defaultSeverity: 'error',
    requires: [],
    messages: {
      problem: { message: '{message} [{code}]', fix: '{hint}' },
      strays: {
        message: '{count} Cargo.toml file(s) inside the workspace belong to no workspace: neither members nor excluded ({files}) [workspace/stray-manifest]',
        fix: 'Add each to `workspace.members` or `workspace.exclude`, or give it an empty `[workspace]` table; if they are test fixtures, ignore this rule for their path in cargo-stack.toml.',
      },
    },
    since: '0.1.0',
  },
  check({ workspace, report }) {
    const strays: Diagnostic[] = [];
    for (const d of workspace.diagnostics) {
      if (d.code === STRAY) {
        strays.push(d);
        continue;
      }
      report({
        messageId: 'problem',
        data: { code: d.code, message: d.message, hint: d.hint ? sentence(d.hint) : 'Check the place named; `cargo metadata --no-deps` shows what Cargo makes of the workspace.' },
        ...(d.location ? { location: d.location } : {}),
        // Errors take the configured severity; Cargo's warnings and notes stay what they are.
        ...(d.severity === 'error' ? {} : { severity: d.severity }),
      });
    }
    if (strays.length === 0) return;
    const [first, ...rest] = strays;
    const name = (d: Diagnostic): string => (d.location ? relative(workspace.root, d.location.file) : d.message);
    report({
      messageId: 'strays',
      data: { count: strays.length, files: strays.slice(0, 3).map(name).join(', ') + (strays.length > 3 ? `, and ${strays.length - 3} more` : '') },
      ...(first!.location ? { location: first!.location } : {}),
      related: rest.slice(0, RELATED_CAP).flatMap((d) => (d.location ? [{ location: d.location, message: 'not a member, not excluded' }] : [])),
      severity: 'note',
    });
  },
});
