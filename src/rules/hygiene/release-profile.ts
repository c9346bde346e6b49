import { relative } from 'node:path';
import { defineRule } from '../../engine/define-rule.js';
import { isTable, locate } from '../../project/manifest.js';
import { hasTarget, isAuxiliaryMember, isPublished, listNames, manifestAt, profileSets } from './_shared.js';

/** The settings that show someone decided how release binaries are built. */
const TUNING_KEYS = ['lto', 'codegen-units', 'strip', 'panic'];

const TUNING = '`lto = "thin"` (or `"fat"`), `codegen-units = 1` and `strip = true`: each makes the binary faster or smaller and the release build slower';

export default defineRule({
  meta: {
    id: 'hygiene/release-profile',
    description: 'a workspace that ships binaries with no release-profile tuning, and profiles Cargo ignores because they are not in the root manifest',
    defaultSeverity: 'note',
    requires: [],
    messages: {
      untuned: {
        message: '[profile.release] sets none of lto, codegen-units, strip or panic, although the workspace ships binaries ({bins})',
        fix: `Consider setting ${TUNING}.`,
      },
      noProfile: {
        message: 'the workspace ships binaries ({bins}) but has no [profile.release]',
        fix: `Add [profile.release] to the root Cargo.toml with ${TUNING}.`,
      },
      ignoredProfile: {
        message: '[profile.{profile}] in {manifest} is ignored: Cargo reads profiles only from the workspace root',
        fix: 'Move the settings to [profile.{profile}] in the root Cargo.toml, or delete them.',
      },
    },
    since: '0.1.0',
  },
  check({ workspace, report }) {
    if (workspace.explicitWorkspace) {
      for (const member of workspace.members) {
        if (member.manifestPath === workspace.rootManifestPath) continue;
        const manifest = manifestAt(member.manifestPath);
        const profiles = manifest?.doc.profile;
        if (!manifest || !isTable(profiles)) continue;
        for (const profile of Object.keys(profiles)) {
          report({
            messageId: 'ignoredProfile',
            data: { profile, manifest: relative(workspace.root, member.manifestPath) },
            location: locate(manifest, ['profile', profile]),
            member: member.name,
          });
        }
      }
    }

    // In a workspace that publishes crates, an unpublished binary is an internal tool (a test
    // harness, a benchmark driver); in one that publishes nothing, every binary is the product.
    const publishesCrates = workspace.members.some(isPublished);
    const shipped = workspace.members.filter(
      (m) => hasTarget(m, 'bin') && !isAuxiliaryMember(workspace, m) && (!publishesCrates || isPublished(m)),
    );
    if (shipped.length === 0 || profileSets(workspace, 'release', TUNING_KEYS, true)) return;
    const release = workspace.profiles.find((p) => p.name === 'release');
    report({
      messageId: release ? 'untuned' : 'noProfile',
      data: { bins: listNames(shipped.map((m) => m.name), 3) },
      location: release?.location ?? { file: workspace.rootManifestPath, line: 1, column: 1 },
    });
  },
});
