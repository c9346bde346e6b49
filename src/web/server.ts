/** The `serve` server: node:http around the app, on 127.0.0.1 unless told otherwise. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.js';
import type { Reply } from './layout.js';

export interface ServerOptions extends Omit<AppOptions, 'allowedHosts'> {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on our own form posts.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

function send(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body, 'utf8');
  response.writeHead(reply.status, {
    ...SECURITY_HEADERS,
    'content-type': reply.type ?? 'text/plain; charset=utf-8',
    'content-length': String(body.length),
    ...reply.headers,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const allowedHosts = isLoopback(options.host) ? new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${urlHost(options.host)}:${port}`]) : undefined;
  const app = createApp({ ...options, allowedHosts });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // Request bodies carry nothing the app reads; drain them so keep-alive connections stay usable.
    request.resume();
    app.handle({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers }).then(
      (reply) => send(request, response, reply),
      (error: unknown) => send(request, response, { status: 500, body: `internal error: ${error instanceof Error ? error.message : String(error)}\n` }),
    );
  });
  return {
    url: `http://${urlHost(options.host)}:${port}/`,
    host: options.host,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
