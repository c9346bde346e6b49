import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineRule } from '../../engine/define-rule.js';
import type { Package } from '../../project/model.js';
import { atLeast, sqlxVersion } from './_shared.js';

/** CI files are small; anything bigger is not a workflow worth reading line by line. */
const MAX_CI_FILE_BYTES = 1024 * 1024;

export default defineRule({
  meta: {
    id: 'sqlx/offline-data',
    description: 'sqlx-data.json files and `cargo sqlx prepare --merged` in CI while sqlx is 0.7 or newer, which use .sqlx/',
    defaultSeverity: 'warning',
    requires: [],
    messages: {
      legacyFile: {
        message: 'sqlx {version} does not read sqlx-data.json: since 0.7 offline query data is one file per query in .sqlx/',
        fix: 'Run `cargo sqlx prepare --workspace`, commit the .sqlx/ directory, and delete sqlx-data.json.',
      },
      staleFile: {
        message: 'sqlx-data.json is a leftover: sqlx {version} reads offline query data from {sqlxDir} only',
        fix: 'Delete sqlx-data.json; keep {sqlxDir} up to date with `cargo sqlx prepare --workspace`.',
      },
      mergedFlag: {
        message: '`cargo sqlx prepare --merged` fails with sqlx-cli 0.7 and newer (sqlx {version} here): the flag was removed with sqlx-data.json',
        fix: 'Run `cargo sqlx prepare --workspace` (add `--check` in CI) and commit the .sqlx/ directory.',
      },
    },
    since: '0.1.0',
  },
  check({ workspace, kb, report }) {
    const dirs = new Map<string, Package | undefined>([[workspace.root, undefined]]);
    for (const member of workspace.members) {
      // A member in the root directory (a root package) answers for the root's file.
      dirs.set(member.dir, member);
    }
    for (const [dir, member] of dirs) {
      const file = join(dir, 'sqlx-data.json');
      if (!isFile(file)) continue;
      const version = sqlxVersion(workspace, kb, member);
      if (!version || !atLeast(version, '0.7')) continue;
      const sqlxDir = join(dir, '.sqlx');
      const hasDir = isDirectory(sqlxDir) || isDirectory(join(workspace.root, '.sqlx'));
      report({
        messageId: hasDir ? 'staleFile' : 'legacyFile',
        data: { version, sqlxDir: '.sqlx/' },
        location: { file, line: 1, column: 1 },
        crate: 'sqlx',
        ...(member ? { member: member.name } : {}),
      });
    }

    const version = sqlxVersion(workspace, kb);
    if (!version || !atLeast(version, '0.7')) return;
    for (const file of ciFiles(workspace.root)) {
      let text: string;
      try {
        if (statSync(file).size > MAX_CI_FILE_BYTES) continue;
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      text.split(/\r?\n/).forEach((raw, i) => {
        // A YAML comment starts at a `#` after whitespace; it may mention the flag without running it.
        const line = raw.replace(/(^|\s)#.*$/, '');
        const command = /cargo\s+sqlx\s+prepare\b/.exec(line);
        if (!command) return;
        const flag = /(?<=\s)--merged\b/.exec(line.slice(command.index));
        if (!flag) return;
        report({
          messageId: 'mergedFlag',
          data: { version },
          location: { file, line: i + 1, column: command.index + flag.index + 1 },
          crate: 'sqlx',
        });
      });
    }
  },
});

function ciFiles(root: string): string[] {
  const files: string[] = [];
  const workflows = join(root, '.github', 'workflows');
  if (isDirectory(workflows)) {
    for (const name of readdirSync(workflows).sort()) {
      if (/\.ya?ml$/.test(name)) files.push(join(workflows, name));
    }
  }
  const gitlab = join(root, '.gitlab-ci.yml');
  if (isFile(gitlab)) files.push(gitlab);
  return files.filter(isFile);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
