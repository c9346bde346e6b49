// Scan worker: loads the scanner modules named in workerData, then answers each batch of file
// tasks with their results. Runs on its own thread with its own parser instance.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile, type FileTask } from './scan-file.js';
import { loadScanners, type ScannerModule } from './scanner-modules.js';

const { modules } = workerData as { modules: ScannerModule[] };
const { scanners, errors } = await loadScanners(modules);
parentPort!.postMessage({ type: 'ready', errors });
parentPort!.on('message', (batch: FileTask[]) => {
  parentPort!.postMessage({ type: 'results', results: batch.map((task) => scanFile(task, scanners)) });
});
