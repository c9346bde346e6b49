// Scan worker: loads every rule's scanner (src/rules/scanners.ts) as it starts, and any other
// scanner module a scan names; then scans the files it claims from the scan's shared counter and
// sends their results back. Runs on its own thread with its own parser instance. Started ahead of
// the scan (prestartWorkers), it loads while the main thread is still loading the workspace.
import { parentPort } from 'node:worker_threads';
import { scanFile, type ActiveScanner, type FileResult, type FileTask } from './scan-file.js';
import { activeScanners, allScannerModules, loadScanners, type ScannerModule } from './scanner-modules.js';
import type { Scanner } from './scanner.js';
import type { CiAnalysis } from '../ci/bundle.js';

/** `scan`: every task, and a shared counter from which each thread (the caller too) claims the next task's index. */
/** `ci`: the CI analysis of a workspace root, which a prestarted worker computes while idle (see ci/bundle.ts preloadCiAnalysis). */
export type WorkerRequest = { type: 'load'; modules: readonly ScannerModule[] } | { type: 'scan'; tasks: readonly FileTask[]; claim: Int32Array } | { type: 'ci'; root: string };
export type WorkerReply =
  | { type: 'ready'; errors: { rule: string; message: string }[] }
  | { type: 'results'; results: FileResult[] }
  | { type: 'done' }
  | { type: 'ci'; root: string; analysis?: CiAnalysis; error?: string };

/** Results are sent in groups of this many files (or sooner, every REPORT_MS), for progress. */
const REPORT_FILES = 16;
const REPORT_MS = 100;

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
    } else {
      let results: FileResult[] = [];
      let sent = performance.now();
      for (let i = Atomics.add(request.claim, 0, 1); i < request.tasks.length; i = Atomics.add(request.claim, 0, 1)) {
        results.push(scanFile(request.tasks[i]!, scanners));
        if (results.length >= REPORT_FILES || performance.now() - sent > REPORT_MS) {
          parentPort!.postMessage({ type: 'results', results } satisfies WorkerReply);
          results = [];
          sent = performance.now();
        }
      }
      if (results.length > 0) parentPort!.postMessage({ type: 'results', results } satisfies WorkerReply);
      parentPort!.postMessage({ type: 'done' } satisfies WorkerReply);
    }
  });
});
