/**
 * Drives Debian's chromium with playwright-core (never a downloaded browser). Shared by the
 * browser tests and scripts/screenshots.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../support/paths.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Why browser tests are skipped here, or false when chromium is installed. */
export const SKIP_BROWSER: string | false = existsSync(CHROMIUM) ? false : `chromium not installed at ${CHROMIUM} (CI installs it)`;
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** Every URL the pages asked for. */
  requests: string[];
  close(): Promise<void>;
}

/** A fresh profile (its own --user-data-dir) per launch, removed on close. */
export async function launch(options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'cargo-stack-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: 1,
  });
  const errors: string[] = [];
  const requests: string[] = [];
  context.on('request', (request) => void requests.push(request.url()));
  const watch = (page: Page): void => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => void errors.push(`page: ${error.message}`));
  };
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  return {
    context,
    page,
    errors,
    requests,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
