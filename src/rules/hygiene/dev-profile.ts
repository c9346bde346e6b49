import { defineRule } from '../../engine/define-rule.js';
import { isTable } from '../../project/manifest.js';
import type { Workspace } from '../../project/model.js';
import { allPackagesOverrideSets, profileSets, workspaceCargoConfig } from './_shared.js';

/**
 * Game engines and simulation crates whose debug builds are too slow to play: their own docs
 * recommend optimizing dependencies in the dev profile.
 */
const GAME_CRATES = /^(bevy|macroquad|ggez|fyrox|rapier[23]d(-f64)?|avian[23]d|nannou|notan|comfy|kiss3d)$/;

/** Runtime, HAL and logging crates that only firmware projects use. */
const FIRMWARE_CRATES =
  /^(cortex-m(-rt)?|riscv-rt|embassy-[a-z0-9-]+|esp-hal|esp-backtrace|rp2040-hal|rp235x-hal|avr-device|msp430-rt|panic-probe|panic-halt|defmt(-rtt)?|embedded-hal(-async|-nb)?)$/;

/**
 * Firmware: debug info never reaches the device (it stays in the ELF on the host), and
 * probe-rs/gdb sessions need all of it, so trimming it only makes debugging worse.
 */
function isFirmware(workspace: Workspace): boolean {
  const build = workspaceCargoConfig(workspace).build;
  const target = isTable(build) ? build.target : undefined;
  if (typeof target === 'string' && /^(thumb|riscv32|xtensa|avr|msp430)/.test(target)) return true;
  return workspace.members.some((m) => m.dependencies.some((d) => FIRMWARE_CRATES.test(d.name)));
}

const LINE_TABLES =
  'set `debug = "line-tables-only"` in [profile.dev] (Rust 1.71+): smaller, faster-linking builds whose backtraces still show files and lines';

export default defineRule({
  meta: {
    id: 'hygiene/dev-profile',
    description: 'dev build speed: full debug info nobody reads, and unoptimized dependencies in game workspaces',
    defaultSeverity: 'note',
    requires: [],
    messages: {
      lineTables: {
        message: '[profile.dev] does not set `debug`, so every dev build writes and links full debug info',
        fix: `Unless you step through code in a debugger, ${LINE_TABLES}.`,
      },
      lineTablesAndDepsOpt: {
        message: '[profile.dev] does not set `debug`, and this {engine} workspace builds its dependencies unoptimized in dev builds',
        fix: `Add [profile.dev.package."*"] with \`opt-level = 3\` (dependencies are optimized once, your own code still rebuilds fast) and, unless you step through code in a debugger, ${LINE_TABLES}.`,
      },
      depsOpt: {
        message: 'this {engine} workspace builds its dependencies unoptimized in dev builds, so debug builds run slowly',
        fix: 'Add [profile.dev.package."*"] with `opt-level = 3` so dependencies are optimized once and your own code still rebuilds fast.',
      },
    },
    since: '0.1.0',
  },
  check({ workspace, report }) {
    const needsDebug = !profileSets(workspace, 'dev', ['debug']) && !isFirmware(workspace);
    const engine = workspace.members.flatMap((m) => m.dependencies).find((d) => d.source.type !== 'path' && GAME_CRATES.test(d.name))?.name;
    const needsDepsOpt = engine !== undefined && !allPackagesOverrideSets(workspace, 'dev', 'opt-level');
    if (!needsDebug && !needsDepsOpt) return;
    const dev = workspace.profiles.find((p) => p.name === 'dev');
    report({
      messageId: needsDebug && needsDepsOpt ? 'lineTablesAndDepsOpt' : needsDebug ? 'lineTables' : 'depsOpt',
      data: { engine: engine ?? '' },
      location: dev?.location ?? { file: workspace.rootManifestPath, line: 1, column: 1 },
    });
  },
});
