/**
 * Regenerates the README screenshots of the HTML report from the demo workspace (offline, so the
 * pictures do not depend on the network):
 *
 *   npm run build && node dist/scripts/screenshots.js
 *
 * Needs Debian's chromium at /usr/bin/chromium (`apt-get install chromium`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { loadDefaultKb } from '../src/kb/load.js';
import { renderHtml } from '../src/report/html.js';
import { auditWorkspace } from '../src/web/audit.js';
import { artifact, launch, SKIP_BROWSER } from '../test/browser/chromium.js';
import { REPO_ROOT } from '../test/support/paths.js';

const WORKSPACE = join(REPO_ROOT, 'examples', 'demo');
const OUT = join(REPO_ROOT, 'docs', 'img');

if (SKIP_BROWSER) {
  console.error(`screenshots: ${SKIP_BROWSER}`);
  process.exit(2);
}

const result = await auditWorkspace(WORKSPACE, loadDefaultKb(), { offline: true, refresh: false, sources: true, licenses: false });
// The pictures show a path any reader could have, not the machine that made them.
const shown = JSON.parse(JSON.stringify(result).replaceAll(JSON.stringify(WORKSPACE).slice(1, -1), '/home/you/demo')) as typeof result;
const report = artifact('demo-report.html');
writeFileSync(report, renderHtml(shown));
mkdirSync(OUT, { recursive: true });

/** A screenshot of the elements' union, with a margin, at most `maxHeight` pixels tall. */
async function shoot(page: Page, selectors: string[], name: string, maxHeight = Infinity): Promise<void> {
  // Boxes are measured from the viewport; clips are in page coordinates.
  await page.evaluate(() => window.scrollTo(0, 0));
  const boxes = await Promise.all(selectors.map(async (s) => (await page.locator(s).boundingBox())!));
  const margin = 16;
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
  const width = Math.max(...boxes.map((b) => b.x + b.width)) + margin - x;
  const height = Math.min(maxHeight, Math.max(...boxes.map((b) => b.y + b.height)) + margin - y);
  await page.screenshot({ path: join(OUT, name), clip: { x, y, width, height }, fullPage: true });
}

const browser = await launch({ width: 1200, height: 900 });
try {
  const { page } = browser;
  await page.goto(pathToFileURL(report).href);
  await shoot(page, ['header.summary', '#stack'], 'report-stack-map.png');
  await page.selectOption('#filter-severity', 'warning');
  await page.fill('#filter-q', 'worker');
  await shoot(page, ['#findings'], 'report-findings.png', 900);
  if (browser.errors.length > 0) throw new Error(`the report logged errors: ${browser.errors.join('; ')}`);
} finally {
  await browser.close();
}
console.log(`wrote ${join(OUT, 'report-stack-map.png')} and ${join(OUT, 'report-findings.png')}`);
