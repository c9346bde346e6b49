import type { Scanner } from './scanner.js';

/** A source rule whose scanner runs in the scan workers: its id and the URL of the module that exports `scanner`. */
export interface ScannerModule {
  id: string;
  url: string;
}

/** Imports every scanner module; a module without a `scanner` export is an error of its rule. */
export async function loadScanners(modules: readonly ScannerModule[]): Promise<{ scanners: Map<string, Scanner>; errors: { rule: string; message: string }[] }> {
  const scanners = new Map<string, Scanner>();
  const errors: { rule: string; message: string }[] = [];
  for (const { id, url } of modules) {
    try {
      const mod = (await import(url)) as { scanner?: Scanner };
      if (mod.scanner && typeof mod.scanner.scan === 'function') scanners.set(id, mod.scanner);
      else errors.push({ rule: id, message: `${url} does not export a scanner` });
    } catch (error) {
      errors.push({ rule: id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { scanners, errors };
}
