import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/web/server.js';
import { copyWorkspace, serve } from '../web/support.js';
import { artifact, launch, SKIP_BROWSER, type Browser } from './chromium.js';

let browser: Browser;
let server: RunningServer;

before(async () => {
  if (SKIP_BROWSER) return;
  server = await serve(copyWorkspace());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Re-runs through the form and waits for the page it redirects to (the URL does not change). */
async function rerun(page: Browser['page'], submit: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), submit()]);
}

function onlyLocal(requests: string[]): string[] {
  return requests.filter((url) => !url.startsWith(server.url));
}

test('the live audit: filter, follow a finding to its file and its rule page, re-run', { skip: SKIP_BROWSER }, async () => {
  const { page } = browser;
  await page.goto(server.url);
  assert.equal(await page.locator('#filters').isVisible(), true);
  await page.selectOption('#filter-member', 'shop-worker');
  const worker = await page.locator('#finding-list > li:not([hidden])').count();
  assert.ok(worker >= 3, `${worker} findings for shop-worker`);
  for (const member of await page.locator('#finding-list > li:not([hidden])').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.member))) {
    assert.equal(member, 'shop-worker');
  }
  await page.fill('#filter-q', 'serde_yaml is deprecated');
  assert.equal(await page.locator('#finding-list > li:not([hidden])').count(), 1);
  // The artifact should show the filtered findings, not the stack map above them.
  await page.locator('#findings-h').evaluate((heading) => heading.scrollIntoView());
  await page.screenshot({ path: artifact('app-audit.png') });

  const finding = page.locator('#finding-list > li:not([hidden])');
  await Promise.all([page.waitForEvent('load'), finding.locator('a.loc').first().click()]);
  assert.match(page.url(), /\/files\/crates\/worker\/Cargo\.toml#L\d+$/);
  const line = new URL(page.url()).hash.slice(1);
  assert.match(await page.locator(`#${line}`).innerText(), /serde_yaml/);
  assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), line);
  await page.goBack();
  await page.locator('#finding-list a.rule', { hasText: 'deps/deprecated' }).first().click();
  await page.waitForURL(/\/rules\/deps\/deprecated$/);
  assert.equal(await page.locator('h2#what-it-does').count(), 1);

  await page.goto(server.url);
  const before = await page.locator('#audited-at').innerText();
  await rerun(page, () => page.click('#rerun'));
  assert.match(await page.locator('#audited-at').innerText(), /^Audited at \d\d:\d\d:\d\d in \d+ ms$/);
  assert.ok(before.length > 0);
  assert.deepEqual(onlyLocal(browser.requests), []);
  assert.deepEqual(browser.errors, []);
});

test('the knowledge base: search as you type, open an entry, compare a layer', { skip: SKIP_BROWSER }, async () => {
  const { page } = browser;
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Knowledge base' }).click();
  await page.waitForURL(/\/kb$/);
  const all = await page.locator('#kb-list tbody tr:not([hidden])').count();
  assert.ok(all > 100, `${all} crates listed`);
  await page.fill('#kb-q', 'async runtime');
  const some = await page.locator('#kb-list tbody tr:not([hidden])').count();
  assert.ok(some > 0 && some < all, `${some} of ${all}`);
  await page.fill('#kb-q', 'SERDE_YAML');
  assert.ok((await page.locator('#kb-list tbody tr:not([hidden]) th', { hasText: /^serde_yaml$/ }).count()) === 1, '_ and - match alike');
  await page.fill('#kb-q', 'tokio');
  await page.screenshot({ path: artifact('app-kb-search.png') });
  await page.locator('#kb-list a', { hasText: /^tokio$/ }).click();
  await page.waitForURL(/\/kb\/crates\/tokio$/);
  assert.equal(await page.locator('h1').innerText(), 'tokio');
  assert.match(await page.locator('.entry').innerText(), /In this workspace\s+[\s\S]*shop-api/);
  await page.screenshot({ path: artifact('app-kb-entry.png') });
  await page.getByRole('link', { name: 'Async runtimes' }).click();
  await page.waitForURL(/\/kb\/compare\/async-runtimes$/);
  assert.ok((await page.locator('table.comparison tbody tr').count()) >= 2);
  assert.match(await page.locator('table.comparison').innerText(), /tokio.*\(in use\)/);
  await page.screenshot({ path: artifact('app-compare.png'), fullPage: true });
  // Without the script the search form still works, through the server.
  await page.goto(`${server.url}kb?q=serde_yaml&status=deprecated`);
  const found = await page.locator('#kb-list tbody tr:not([hidden])').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')?.textContent, (r as HTMLElement).dataset.status]));
  assert.ok(found.some(([name]) => name === 'serde_yaml'), JSON.stringify(found));
  assert.ok(found.every(([, status]) => status === 'deprecated'), JSON.stringify(found));
  assert.deepEqual(onlyLocal(browser.requests), []);
  assert.deepEqual(browser.errors, []);
});

test('keyboard only: skip link, main navigation and the re-run button', { skip: SKIP_BROWSER }, async () => {
  const { page } = browser;
  await page.goto(`${server.url}kb/compare`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(server.url);
  await page.locator('#rerun').focus();
  await rerun(page, () => page.keyboard.press('Enter'));
  assert.equal(await page.locator('#rerun').count(), 1);
  assert.deepEqual(browser.errors, []);
});
