import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { scanFile, type FileResult, type FileTask } from './scan-file.js';
import { loadScanners, type ScannerModule } from './scanner-modules.js';

export interface PoolOptions {
  /** Worker threads; 0 scans on the calling thread. */
  workers: number;
  progress?: (done: number, total: number) => void;
}

export interface PoolResult {
  results: FileResult[];
  /** Scanner modules that failed to load. */
  errors: { rule: string; message: string }[];
}

const BATCH = 16;

/** Below this many files the ~60 ms to start a worker costs more than it saves. */
export const INLINE_BELOW_FILES = 48;

/** Two workers (the brief's machine and most CI runners have two cores), fewer when the machine has fewer. */
export function defaultWorkers(files: number): number {
  const fromEnv = process.env.CARGO_STACK_SOURCE_WORKERS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Math.min(Number(fromEnv), 8);
  if (files < INLINE_BELOW_FILES) return 0;
  const cores = availableParallelism();
  return cores < 2 ? 0 : 2;
}

export async function scanAll(tasks: readonly FileTask[], modules: readonly ScannerModule[], options: PoolOptions): Promise<PoolResult> {
  if (options.workers <= 0 || tasks.length === 0) {
    const { scanners, errors } = await loadScanners(modules);
    const results: FileResult[] = [];
    for (const task of tasks) {
      results.push(scanFile(task, scanners));
      options.progress?.(results.length, tasks.length);
    }
    return { results, errors };
  }
  const results: FileResult[] = [];
  const errors = new Map<string, { rule: string; message: string }>();
  let next = 0;
  const count = Math.min(options.workers, Math.ceil(tasks.length / BATCH));
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { modules } });
      const feed = (): void => {
        if (next >= tasks.length) {
          worker.terminate().then(() => resolve(), reject);
          return;
        }
        const batch = tasks.slice(next, next + BATCH);
        next += batch.length;
        worker.postMessage(batch);
      };
      worker.on('message', (message: { type: 'ready'; errors: { rule: string; message: string }[] } | { type: 'results'; results: FileResult[] }) => {
        if (message.type === 'ready') for (const e of message.errors) errors.set(e.rule, e);
        else {
          results.push(...message.results);
          options.progress?.(results.length, tasks.length);
        }
        feed();
      });
      worker.on('error', reject);
    });
  await Promise.all(Array.from({ length: count }, run));
  return { results, errors: [...errors.values()] };
}
