// Scan worker: loads every rule's scanner (src/rules/scanners.ts) as it starts, and any other
// scanner module a scan names; then parses the files the main thread sends (those whose
// prefilters passed) and runs the scanners on them. The main thread lexes every file itself: the
// lexer and the scanners each warm up on one thread. Started ahead of the scan
// (prestartWorkers), it loads while the main thread is still loading the workspace.
import { parentPort } from 'node:worker_threads';
import { parseFile, type ActiveScanner, type ParseJob, type ParseOutcome } from './scan-file.js';
import { activeScanners, allScannerModules, loadScanners, type ScannerModule } from './scanner-modules.js';
import type { Scanner } from './scanner.js';
import type { CiAnalysis } from '../ci/bundle.js';

/** `parse`: a file to parse and scan (see scan-file.ts lexFile); `ci`: the CI analysis of a workspace root, which a prestarted worker computes while idle (see ci/bundle.ts preloadCiAnalysis). */
export type WorkerRequest = { type: 'load'; modules: readonly ScannerModule[] } | { type: 'parse'; job: ParseJob } | { type: 'ci'; root: string };
export type WorkerReply =
  | { type: 'ready'; errors: { rule: string; message: string }[] }
  | { type: 'parsed'; outcome: ParseOutcome }
  | { type: 'ci'; root: string; analysis?: CiAnalysis; error?: string };


const loadedScanners = new Map<string, Scanner>();
/** The scanners of the current scan, with their options. */
let scanners = new Map<string, ActiveScanner>();

async function load(modules: readonly ScannerModule[]): Promise<{ rule: string; message: string }[]> {
  const loaded = await loadScanners(modules.filter((m) => !loadedScanners.has(m.id)));
  for (const [id, scanner] of loaded.scanners) loadedScanners.set(id, scanner);
  scanners = activeScanners(loadedScanners, modules);
  return loaded.errors;
}

// A failure here is not an error yet: the scan's own `load` reports what it cannot load.
let queue: Promise<unknown> = allScannerModules().then(load, () => undefined);
// Requests are answered in order; a `load` may await imports, so each waits for the one before.
parentPort!.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    if (request.type === 'load') parentPort!.postMessage({ type: 'ready', errors: await load(request.modules) } satisfies WorkerReply);
    else if (request.type === 'ci') {
      try {
        const { analyzeCi } = await import('../ci/bundle.js');
        parentPort!.postMessage({ type: 'ci', root: request.root, analysis: analyzeCi(request.root) } satisfies WorkerReply);
      } catch (error) {
        parentPort!.postMessage({ type: 'ci', root: request.root, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
      }
    } else parentPort!.postMessage({ type: 'parsed', outcome: parseFile(request.job, scanners) } satisfies WorkerReply);
  });
});
