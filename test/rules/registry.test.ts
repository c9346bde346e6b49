import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ALL_RULES } from '../../src/rules/index.js';
import { placeholders } from '../../src/engine/messages.js';
import { REPO_ROOT } from '../support/paths.js';

const HEADINGS = ['## What it does', '## Why it matters', '## Example', '### Bad', '### Good', '## How to fix', '## Options'];

test('the generated rule index and docs index are up to date', () => {
  for (const script of ['scripts/generate-rules-index.mjs', 'scripts/generate-docs-index.mjs']) {
    const result = spawnSync(process.execPath, [script, '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  }
});

test('rule ids are family/name, unique, and match their file', () => {
  const ids = ALL_RULES.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) {
    assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(existsSync(join(REPO_ROOT, 'src/rules', `${id}.ts`)), `src/rules/${id}.ts`);
  }
});

test('every rule is exercised by a test that names it', () => {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'fixtures') walk(path);
      else if (entry.name.endsWith('.test.ts')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(REPO_ROOT, 'test'));
  const untested = ALL_RULES.map((r) => r.meta.id).filter((id) => !texts.some((t) => t.includes(`'${id}'`) || t.includes(`${id}.test`) || t.includes(`\`${id}\``)));
  assert.deepEqual(untested, []);
});

for (const rule of ALL_RULES) {
  test(`${rule.meta.id} has a documentation page with every section, and consistent messages`, () => {
    const page = join(REPO_ROOT, 'docs/rules', `${rule.meta.id}.md`);
    assert.ok(existsSync(page), `missing ${page}`);
    const text = readFileSync(page, 'utf8');
    assert.ok(text.startsWith(`# ${rule.meta.id}\n`), 'page starts with the rule id as its title');
    for (const heading of HEADINGS) assert.ok(text.includes(`\n${heading}\n`), `${rule.meta.id}: missing "${heading}"`);
    assert.ok(text.includes(`Default severity: **${rule.meta.defaultSeverity}**`), 'page states the default severity');
    assert.ok(Object.keys(rule.meta.messages).length > 0);
    for (const [id, m] of Object.entries(rule.meta.messages)) {
      assert.ok(m.message.length > 0 && m.fix.length > 0, `${id} needs a message and a fix`);
      assert.ok(!/\{\s|\s\}/.test(m.message + m.fix), `${id}: malformed placeholder`);
      assert.ok(placeholders(m.message).every((p) => /^[a-z][A-Za-z]*$/.test(p)), `${id}: placeholders are camelCase`);
    }
  });
}

test('the generated scanner list names exactly the rules that have a scanner, at their module', async () => {
  const { SCANNERS } = await import('../../src/rules/scanners.js');
  const SCANNER_RULE_IDS = Object.keys(SCANNERS);
  const { isSourceRule } = await import('../../src/source/define-source-rule.js');
  const withScanner = ALL_RULES.filter((r) => isSourceRule(r) && r.source.scanner !== undefined);
  assert.deepEqual([...SCANNER_RULE_IDS].sort(), withScanner.map((r) => r.meta.id).sort());
  const { scannerModuleUrl } = await import('../../src/source/scanner-modules.js');
  for (const rule of withScanner) {
    const mod = (await import(scannerModuleUrl(rule.meta.id))) as { scanner?: unknown };
    assert.ok(isSourceRule(rule) && mod.scanner !== undefined && mod.scanner === rule.source.scanner?.scanner && SCANNERS[rule.meta.id] === mod.scanner, rule.meta.id);
  }
});
