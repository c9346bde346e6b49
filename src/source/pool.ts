import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { lexFile, mergeParse, parseFile, type FileResult, type FileTask, type ParseJob, type ParseOutcome } from './scan-file.js';
import { activeScanners, loadScanners, type ScannerModule } from './scanner-modules.js';
import type { WorkerReply, WorkerRequest } from './worker.js';
import { bundleIsCurrent } from '../util/fs.js';
import type { CiAnalysis } from '../ci/bundle.js';

export interface PoolOptions {
  /** Worker threads besides the calling thread, which scans too whenever it is idle; 0 scans on the calling thread only. */
  workers: number;
  progress?: (done: number, total: number) => void;
}

export interface PoolResult {
  results: FileResult[];
  /** Scanner modules that failed to load. */
  errors: { rule: string; message: string }[];
}

/** Files the calling thread lexes before it yields to its other work (and to the workers' replies). */
const INLINE_SLICE = 8;
/** Parse jobs queued at each worker, so that it never waits for the calling thread. */
const IN_FLIGHT = 3;

/** Below this many files the ~60 ms to start a worker costs more than it saves. */
export const INLINE_BELOW_FILES = 48;

/**
 * One worker per core but one: the calling thread scans too, between its other work (the rules
 * that read no sources run meanwhile), so two cores are two scanners without a third thread
 * competing for them. `CARGO_STACK_SOURCE_WORKERS=n` sets the number of workers.
 */
export function defaultWorkers(files: number): number {
  const fromEnv = process.env.CARGO_STACK_SOURCE_WORKERS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Math.min(Number(fromEnv), 8);
  if (files < INLINE_BELOW_FILES) return 0;
  return Math.max(0, Math.min(availableParallelism() - 1, 7));
}

/**
 * The worker's module: its bundle (scripts/bundle-cli.mjs) unless that is missing or older than
 * the compiled tree. Relative to this file's folder so that it holds from the CLI bundle too.
 */
const WORKER_URL = ((): URL => {
  const compiled = new URL('../source/worker.js', import.meta.url);
  const bundled = new URL('../source/worker.bundle.js', import.meta.url);
  return bundleIsCurrent(bundled, compiled) ? bundled : compiled;
})();

/**
 * The parent's Node flags, minus `--input-type`: a worker started from `node --input-type=module
 * -e …` inherits it and dies at once (ERR_INPUT_TYPE_NOT_ALLOWED), and the scan falls back to
 * one thread.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-type') i++;
    else if (!argv[i]!.startsWith('--input-type=')) out.push(argv[i]!);
  }
  return out;
}

const prestarted: Worker[] = [];
/** CI requests a prestarted worker has yet to answer. */
const ciRequests = new WeakMap<Worker, number>();

/**
 * Starts the scan workers before the workspace is loaded, so that their start-up (~0.3 s of
 * module loading each) runs on the otherwise idle cores. The next `scanAll` adopts them; unused
 * ones never keep the process alive. For the CLI's `audit`, not for library callers.
 */
export function prestartWorkers(count = defaultWorkers(Number.MAX_SAFE_INTEGER)): void {
  for (let i = prestarted.length; i < count; i++) {
    const thread = new Worker(WORKER_URL, { execArgv: workerExecArgv() });
    thread.unref();
    // A worker that fails to start is simply not adopted; the scan starts its own or scans in-process.
    thread.on('error', () => prestarted.splice(prestarted.indexOf(thread) >>> 0, 1));
    prestarted.push(thread);
  }
}

/**
 * The CI analysis of `root`, computed by a prestarted worker while it waits for the scan (the
 * main thread is walking the sources then); undefined when there is no prestarted worker.
 */
export function analyzeCiInWorker(root: string): Promise<CiAnalysis> | undefined {
  const thread = prestarted[0];
  if (!thread) return undefined;
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerReply): void => {
      if (message.type !== 'ci' || message.root !== root) return;
      thread.off('message', onMessage);
      thread.off('exit', onExit);
      const left = (ciRequests.get(thread) ?? 1) - 1;
      ciRequests.set(thread, left);
      // Unheld once no request waits (a second one, for the real root, may still be pending).
      if (left === 0 && prestarted.includes(thread)) thread.unref();
      if (message.analysis) resolve(message.analysis);
      else reject(new Error(message.error ?? 'no analysis'));
    };
    // Terminated first (a scan too small for workers ends them): the caller analyzes itself.
    const onExit = (): void => reject(new Error('worker ended'));
    thread.on('message', onMessage);
    thread.once('exit', onExit);
    // Held until the answer comes: the audit awaits it.
    ciRequests.set(thread, (ciRequests.get(thread) ?? 0) + 1);
    thread.ref();
    thread.postMessage({ type: 'ci', root } satisfies WorkerRequest);
  });
}

/** Ends the prestarted workers no scan adopted (an audit that ran no source rule): pending CI requests to them fail, and nothing keeps the process alive. */
export function releasePrestartedWorkers(): void {
  for (const thread of prestarted.splice(0)) void thread.terminate();
}

export async function scanAll(tasks: readonly FileTask[], modules: readonly ScannerModule[], options: PoolOptions): Promise<PoolResult> {
  const results: FileResult[] = new Array<FileResult>(tasks.length);
  const errors = new Map<string, { rule: string; message: string }>();
  const loaded = await loadScanners(modules);
  for (const e of loaded.errors) errors.set(e.rule, e);
  const scanners = activeScanners(loaded.scanners, modules);
  let finished = 0;
  const finish = (): void => options.progress?.(++finished, tasks.length);

  // This thread lexes every file (the lexer warms up once); files whose prefilters passed go to
  // the workers to be parsed (the parser and scanners warm up there), or are parsed here when no
  // worker is free at the end.
  const queue: ParseJob[] = [];
  const workers: { thread: Worker; inFlight: Map<number, ParseJob>; alive: boolean; lost: () => void }[] = [];
  let settle: (() => void) | undefined;
  const outstanding = (): number => queue.length + workers.reduce((n, w) => n + w.inFlight.size, 0);
  const pump = (): void => {
    for (const w of workers) {
      while (w.alive && w.inFlight.size < IN_FLIGHT && queue.length > 0) {
        const job = queue.shift()!;
        w.inFlight.set(job.id, job);
        w.thread.postMessage({ type: 'parse', job } satisfies WorkerRequest);
      }
    }
  };
  const merge = (outcome: ParseOutcome): void => {
    mergeParse(results[outcome.id]!, outcome);
    finish();
  };
  const count = tasks.length === 0 ? 0 : options.workers;
  for (let i = 0; i < count; i++) {
    const thread = prestarted.shift() ?? new Worker(WORKER_URL, { execArgv: workerExecArgv() });
    thread.removeAllListeners('error');
    thread.ref();
    const entry = { thread, inFlight: new Map<number, ParseJob>(), alive: true, lost: (): void => undefined };
    workers.push(entry);
    thread.on('message', (message: WorkerReply) => {
      if (message.type === 'ready') for (const e of message.errors) errors.set(e.rule, e);
      else if (message.type === 'parsed') {
        entry.inFlight.delete(message.outcome.id);
        merge(message.outcome);
        pump();
        if (outstanding() === 0) settle?.();
      }
    });
    // A worker that fails or ends (process.exit in a scanner): its files are parsed again elsewhere.
    const lost = (entry.lost = (): void => {
      if (!entry.alive) return;
      entry.alive = false;
      queue.push(...entry.inFlight.values());
      entry.inFlight.clear();
      settle?.();
    });
    thread.on('error', lost);
    thread.once('exit', lost);
    thread.postMessage({ type: 'load', modules: modules.map(({ id, url, options: o }) => ({ id, url, ...(o ? { options: o } : {}) })) } satisfies WorkerRequest);
  }
  // Prestarted workers this scan did not need.
  releasePrestartedWorkers();

  try {
    for (let i = 0; i < tasks.length; i++) {
      const { result, job } = lexFile(tasks[i]!, scanners, i);
      results[i] = result;
      if (!job) finish();
      else if (workers.some((w) => w.alive)) {
        queue.push(job);
        pump();
      } else merge(parseFile(job, scanners));
      // Let the other rules and the workers' replies run between slices.
      if (count > 0 && i % INLINE_SLICE === INLINE_SLICE - 1) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // The rest: parse queued files here while the workers finish theirs.
    for (;;) {
      const job = queue.pop();
      if (job) {
        merge(parseFile(job, scanners));
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (outstanding() === 0) break;
      await new Promise<void>((resolve) => (settle = resolve));
      settle = undefined;
    }
  } finally {
    for (const w of workers) {
      w.alive = false;
      // Only this scan's listener: a pending CI request still learns that the worker ended.
      w.thread.off('exit', w.lost);
      void w.thread.terminate();
    }
  }
  return { results, errors: [...errors.values()] };
}
