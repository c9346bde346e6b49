import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../support/paths.js';

/** The shared data folder beside the repository (index sample and advisory database). */
export const SHARED_DATA = join(REPO_ROOT, '..', 'shared', 'data');

/** What the server does to the next request(s) for a path, consumed in order. */
export type Fault =
  | { type: 'status'; status: number; retryAfter?: string }
  | { type: 'reset' }
  | { type: 'slow'; ms: number }
  /** Headers and half the body, then silence: the client must time out. */
  | { type: 'stall' }
  /** A body that is not what the file holds (e.g. malformed lines). */
  | { type: 'body'; body: string };

export interface LoggedRequest {
  path: string;
  /** When the request arrived (ms since the epoch). */
  at: number;
  headers: IncomingMessage['headers'];
  status: number;
}

/**
 * A registry on 127.0.0.1: a sparse index (`/index/…`), its `config.json`, the crates.io-style API
 * (`/api/v1/crates/<name>/<version>`) and files such as an advisory archive. ETags and
 * Last-Modified are honored (304); faults can be queued per path; `latencyMs` delays every answer.
 */
export class TestRegistry {
  readonly files = new Map<string, Buffer>();
  readonly licenses = new Map<string, string | null>();
  readonly faults = new Map<string, Fault[]>();
  readonly log: LoggedRequest[] = [];
  latencyMs = 0;
  private server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get indexUrl(): string {
    return `${this.url}/index/`;
  }

  /** Adds every file under `dir` at `/index/<relative path>`. */
  addIndexDir(dir: string): this {
    const walk = (d: string): void => {
      for (const entry of readdirSync(d)) {
        const full = join(d, entry);
        if (statSync(full).isDirectory()) walk(full);
        else if (!/\.(json|txt|tsv)$/.test(entry) || entry === 'config.json') this.files.set(`/index/${relative(dir, full)}`, readFileSync(full));
      }
    };
    if (existsSync(dir)) walk(dir);
    return this;
  }

  setIndexFile(path: string, lines: object[] | string): this {
    this.files.set(`/index/${path}`, Buffer.from(typeof lines === 'string' ? lines : lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
    return this;
  }

  fault(path: string, ...faults: Fault[]): this {
    this.faults.set(path, [...(this.faults.get(path) ?? []), ...faults]);
    return this;
  }

  requestsFor(path: string): LoggedRequest[] {
    return this.log.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.files.set('/index/config.json', Buffer.from(JSON.stringify({ dl: `${this.url}/dl`, api: this.url })));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const entry: LoggedRequest = { path, at: Date.now(), headers: req.headers, status: 0 };
    this.log.push(entry);
    const send = (status: number, body: Buffer | string = '', headers: Record<string, string> = {}): void => {
      entry.status = status;
      res.writeHead(status, headers);
      res.end(body);
    };
    if (this.latencyMs > 0) await delay(this.latencyMs);
    const fault = this.faults.get(path)?.shift();
    if (fault?.type === 'reset') {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'slow') await delay(fault.ms);
    if (fault?.type === 'status') return send(fault.status, `fault ${fault.status}`, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});

    const api = /^\/api\/v1\/crates\/([^/]+)\/([^/]+)$/.exec(path);
    if (api) {
      const key = `${api[1]}@${api[2]}`;
      if (!this.licenses.has(key)) return send(404, JSON.stringify({ errors: [{ detail: 'not found' }] }));
      return send(200, JSON.stringify({ version: { crate: api[1], num: api[2], license: this.licenses.get(key) } }), { 'content-type': 'application/json' });
    }
    let body = this.files.get(path);
    if (!body) return send(404, 'not found');
    if (fault?.type === 'body') body = Buffer.from(fault.body);
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    const lastModified = 'Wed, 21 Aug 2024 06:28:40 GMT';
    if (req.headers['if-none-match'] === etag || (req.headers['if-none-match'] === undefined && req.headers['if-modified-since'] === lastModified)) {
      return send(304, '', { etag });
    }
    if (fault?.type === 'stall') {
      entry.status = 200;
      res.writeHead(200, { etag, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      return;
    }
    send(200, body, { etag, 'last-modified': lastModified, 'content-type': 'text/plain' });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
