import { after, before } from 'node:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkspaceSync } from '../../../src/project/workspace.js';
import { loadDefaultKb } from '../../../src/kb/load.js';
import { runAudit, type RunResult } from '../../../src/engine/run.js';
import { ALL_RULES } from '../../../src/rules/index.js';
import type { Finding } from '../../../src/engine/finding.js';
import { DiskCache } from '../../../src/registry/cache.js';
import { DEFAULT_HTTP } from '../../../src/registry/http.js';
import { createRegistryService, SNAPSHOT_PATH, type RegistryService, type RegistrySettings } from '../../../src/registry/service.js';
import type { PrepareOptions } from '../../../src/engine/prepare.js';
import { REPO_ROOT } from '../../support/paths.js';
import { TestRegistry } from './server.js';

/** The generated index files the rule fixtures use. */
export const FIXTURE_INDEX = join(REPO_ROOT, 'test', 'fixtures', 'registry', 'index');
/** The shipped snapshot's commit date plus ten days: a fixed "now" in which the snapshot is fresh. */
export const SNAPSHOT_NOW = Date.parse('2026-08-31T00:00:00Z');

const temps: string[] = [];

export function tempDir(prefix = 'cargo-stack-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function cleanTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Settings for tests: a temp cache, short timeouts, no real hosts (port 2 refuses connections). */
export function testSettings(overrides: Partial<RegistrySettings> = {}): RegistrySettings {
  return {
    cacheDir: tempDir(),
    cratesIoIndex: 'http://127.0.0.1:2/index/',
    advisoryUrl: 'http://127.0.0.1:2/advisory-db.tar.gz',
    snapshotPath: SNAPSHOT_PATH,
    indexTtlMs: 30 * 60_000,
    advisoryTtlMs: 60 * 60_000,
    licenseIntervalMs: 0,
    cargoHome: tempDir(),
    http: { ...DEFAULT_HTTP, timeoutMs: 2000, retries: 2, backoffMs: 10, maxRetryAfterMs: 2000 },
    now: () => SNAPSHOT_NOW,
    ...overrides,
  };
}

/** Puts the shipped snapshot in the cache as if fetched at `fetchedAt`, so rules need no archive. */
export function seedAdvisoryCache(cacheDir: string, fetchedAt: number): void {
  new DiskCache(cacheDir).write('advisory-db/advisories.json.gz', { meta: { url: 'seed', status: 200, fetchedAt }, body: readFileSync(SNAPSHOT_PATH) });
}

export interface RegistryAudit {
  result: RunResult;
  service: RegistryService;
}

/** Audits a fixture with a registry service built from `settings`, running only `only`. */
export async function auditWithRegistry(dir: string, only: string[], settings: RegistrySettings, options: Partial<PrepareOptions> = {}): Promise<RegistryAudit> {
  const workspace = loadWorkspaceSync(dir);
  const prepare: PrepareOptions = { offline: false, refresh: false, sources: false, licenses: false, ...options };
  const service = createRegistryService(workspace, prepare, settings);
  const result = await runAudit(workspace, { kb: loadDefaultKb(), rules: ALL_RULES, only, services: { registry: service }, capabilities: ['kb', 'network'] });
  return { result, service };
}

export function findingsFor(result: RunResult, ruleId: string): Finding[] {
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** A local registry serving the fixture index for the whole test file: started before its tests, stopped (and temp dirs removed) after. */
export function fixtureRegistry(): TestRegistry {
  const server = new TestRegistry().addIndexDir(FIXTURE_INDEX);
  before(() => server.start());
  after(async () => {
    await server.stop();
    cleanTemps();
  });
  return server;
}
