import type { ActiveScanner } from './scan-file.js';
import type { Scanner } from './scanner.js';

/**
 * A source rule whose scanner runs in the scan: its id, the URL of the module that exports
 * `scanner` (what workers import), the rule's options for this run, and, on the thread that has
 * it, the scanner itself (never sent to a worker: functions do not cross threads).
 */
export interface ScannerModule {
  id: string;
  url: string;
  options?: Readonly<Record<string, unknown>>;
  scanner?: Scanner;
}

/**
 * The module of a rule's scanner: src/rules/<id>.js, relative to this file's folder so that it
 * holds from the compiled tree and from the CLI bundle alike (both sit two levels below dist/).
 */
export function scannerModuleUrl(id: string): string {
  return new URL(`../rules/${id}.js`, import.meta.url).href;
}

/** Imports every scanner module; a module without a `scanner` export is an error of its rule. */
export async function loadScanners(modules: readonly ScannerModule[]): Promise<{ scanners: Map<string, Scanner>; errors: { rule: string; message: string }[] }> {
  const scanners = new Map<string, Scanner>();
  const errors: { rule: string; message: string }[] = [];
  for (const { id, url, scanner } of modules) {
    if (scanner) {
      scanners.set(id, scanner);
      continue;
    }
    try {
      const mod = (await import(url)) as { scanner?: Scanner };
      if (mod.scanner && (typeof mod.scanner.scan === 'function' || typeof mod.scanner.scanTokens === 'function')) scanners.set(id, mod.scanner);
      else errors.push({ rule: id, message: `${url} does not export a scanner (with scan or scanTokens)` });
    } catch (error) {
      errors.push({ rule: id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { scanners, errors };
}

/** Every rule's scanner, from the generated list (without the rule registry: a prestarted worker loads only these), with its scanner in hand. */
export async function allScannerModules(): Promise<ScannerModule[]> {
  const { SCANNERS } = await import('../rules/scanners.js');
  return Object.entries(SCANNERS).map(([id, scanner]) => ({ id, url: scannerModuleUrl(id), scanner }));
}

/** The loaded scanners of `modules`, each with its module's options (none: `{}`). */
export function activeScanners(loaded: ReadonlyMap<string, Scanner>, modules: readonly ScannerModule[]): Map<string, ActiveScanner> {
  const out = new Map<string, ActiveScanner>();
  for (const m of modules) {
    const scanner = loaded.get(m.id);
    if (scanner) out.set(m.id, { scanner, options: m.options ?? {} });
  }
  return out;
}
