import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { renderHtml } from '../../src/report/html.js';
import { hostileResult, sampleResult } from '../fixtures/report/sample-result.js';
import { artifact, launch, SKIP_BROWSER, type Browser } from './chromium.js';

let browser: Browser;
let reportUrl: string;

before(async () => {
  if (SKIP_BROWSER) return;
  const file = artifact('report.html');
  writeFileSync(file, renderHtml(sampleResult()));
  reportUrl = pathToFileURL(file).href;
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const visible = (page: Browser['page']) => page.locator('#finding-list > li:not([hidden])');

test('the report file opens from disk, requests nothing else and logs no error', { skip: SKIP_BROWSER }, async () => {
  const { page } = browser;
  await page.goto(reportUrl);
  assert.equal(await page.locator('#filters').isVisible(), true, 'the script ran and showed the filters');
  assert.equal(await page.locator('.layer').count(), 7);
  await page.screenshot({ path: artifact('report-light.png'), fullPage: true });
  assert.deepEqual(browser.requests, [reportUrl]);
  assert.deepEqual(browser.errors, []);
});

test('filters by severity, layer, rule family and member; search; clear', { skip: SKIP_BROWSER }, async () => {
  const { page } = browser;
  await page.goto(reportUrl);
  assert.equal(await visible(page).count(), 6);
  await page.selectOption('#filter-severity', 'error');
  assert.equal(await visible(page).count(), 1);
  assert.match(await page.locator('#finding-count').innerText(), /Showing 1 of 6 findings/);
  await page.selectOption('#filter-severity', '');
  await page.selectOption('#filter-layer', 'foundations');
  assert.equal(await visible(page).count(), 1);
  await page.selectOption('#filter-layer', '');
  await page.selectOption('#filter-family', 'deps');
  assert.equal(await visible(page).count(), 3);
  await page.selectOption('#filter-member', 'shop-worker');
  assert.equal(await visible(page).count(), 2);
  await page.fill('#filter-q', 'SERDE_yaml norway');
  assert.equal(await visible(page).count(), 1);
  assert.match(await visible(page).innerText(), /serde_yaml is deprecated/);
  await page.fill('#filter-q', 'no such thing');
  assert.equal(await page.locator('#finding-none').isVisible(), true);
  await page.screenshot({ path: artifact('report-filtered.png') });
  await page.click('button[type=reset]');
  await page.waitForFunction(() => document.querySelectorAll('#finding-list > li:not([hidden])').length === 6);
  assert.deepEqual(browser.errors, []);
});

test('works with the keyboard only: "/" focuses search, Tab reaches filters and crates, Enter opens a crate', { skip: SKIP_BROWSER }, async () => {
  const { page } = browser;
  await page.goto(reportUrl);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to findings');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter-q');
  await page.keyboard.type('async-std');
  assert.equal(await visible(page).count(), 2, 'the deprecation and the duplicate that async-std pulls in');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter-severity');
  await page.locator('details[data-crate="tokio"] summary').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('details[data-crate="tokio"]').getAttribute('open'), '');
  assert.match(await page.locator('details[data-crate="tokio"] .chip-body').innerText(), /used by shop-api, shop-worker/);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
});

test('dark colour scheme and print layout', { skip: SKIP_BROWSER }, async () => {
  const { page } = browser;
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(reportUrl);
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(bg, 'rgb(13, 17, 23)');
  await page.screenshot({ path: artifact('report-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light', media: 'print' });
  assert.equal(await page.locator('#filters').isVisible(), false, 'no filters on paper');
  assert.equal(await page.locator('.finding').first().isVisible(), true);
  await page.pdf({ path: artifact('report.pdf') }).catch(() => undefined);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(browser.errors, []);
});

test('a hostile report runs no injected script', { skip: SKIP_BROWSER }, async () => {
  const { page } = browser;
  const file = artifact('report-hostile.html');
  writeFileSync(file, renderHtml(hostileResult()));
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('script').count(), 1);
  await page.fill('#filter-q', '<script>');
  assert.equal(await visible(page).count(), 6, 'the text is searchable as text');
  await page.screenshot({ path: artifact('report-hostile.png'), fullPage: true });
  assert.deepEqual(dialogs, []);
  assert.deepEqual(browser.errors, []);
});
