import { VERSION } from '../util/version.js';

/** How the client talks to servers. Tests shrink the timings; the defaults suit crates.io's CDN. */
export interface HttpSettings {
  userAgent: string;
  /** Requests in flight at once, across every host. */
  concurrency: number;
  /** Whole-request budget (headers and body) for one attempt. */
  timeoutMs: number;
  /** Extra attempts after a timeout, a network error, a 429 or a 5xx. */
  retries: number;
  /** First backoff delay; it doubles per attempt, with jitter. */
  backoffMs: number;
  /** A `Retry-After` longer than this is not waited for: the request fails at once instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_HTTP: HttpSettings = {
  userAgent: `cargo-stack/${VERSION} (+https://www.npmjs.com/package/cargo-stack)`,
  concurrency: 32,
  timeoutMs: 30_000,
  retries: 3,
  backoffMs: 300,
  maxRetryAfterMs: 30_000,
};

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** A request that got no usable answer: it timed out or the connection failed, on every attempt. */
export class HttpFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'network',
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** Awaited before every attempt, retries included: how a caller keeps to a rate limit. */
  pace?: () => Promise<void>;
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * GET with a User-Agent, a concurrency cap, one in-flight request per URL and header set,
 * timeouts and bounded retries. Statuses are returned, not thrown: callers decide what 404 means.
 */
export class HttpClient {
  /** Attempts actually sent, retries included (the bench and tests read it). */
  requests = 0;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly inFlight = new Map<string, Promise<HttpResponse>>();

  constructor(readonly settings: HttpSettings = DEFAULT_HTTP) {}

  get(url: string, headers: Record<string, string> = {}, options: RequestOptions = {}): Promise<HttpResponse> {
    const key = `${url}\n${JSON.stringify(headers)}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const promise = this.withRetries(url, headers, options).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  private async withRetries(url: string, headers: Record<string, string>, options: RequestOptions): Promise<HttpResponse> {
    const { retries, backoffMs, maxRetryAfterMs } = this.settings;
    for (let attempt = 0; ; attempt++) {
      let response: HttpResponse | undefined;
      let failure: HttpFailure | undefined;
      try {
        // Paced before taking a slot, so a request waiting for its turn holds up no one else.
        await options.pace?.();
        response = await this.limited(() => this.once(url, headers));
      } catch (error) {
        if (!(error instanceof HttpFailure)) throw error;
        failure = error;
      }
      const retryable = failure !== undefined || (response !== undefined && RETRY_STATUS.has(response.status));
      if (!retryable || attempt >= retries) {
        if (failure) throw failure;
        return response as HttpResponse;
      }
      let delay = backoffMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
      const retryAfter = response ? retryAfterMs(response.headers.get('retry-after'), Date.now()) : undefined;
      if (retryAfter !== undefined) {
        // Waiting longer than the cap would stall the audit; the caller falls back to the cache.
        if (retryAfter > maxRetryAfterMs) return response as HttpResponse;
        delay = Math.max(delay, retryAfter);
      }
      await sleep(delay);
    }
  }

  private async once(url: string, headers: Record<string, string>): Promise<HttpResponse> {
    this.requests++;
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    try {
      const res = await fetch(url, { headers: { 'user-agent': this.settings.userAgent, ...headers }, signal, redirect: 'follow' });
      // The body is read under the same timeout, so a server that stalls mid-body is retried too.
      const body = Buffer.from(await res.arrayBuffer());
      return { status: res.status, headers: res.headers, body };
    } catch (error) {
      if (signal.aborted) throw new HttpFailure(`timed out after ${this.settings.timeoutMs} ms`, 'timeout');
      throw new HttpFailure(networkMessage(error), 'network');
    }
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    while (this.active >= this.settings.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function networkMessage(error: unknown): string {
  // undici wraps the socket error (ECONNRESET, ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `network error: ${cause.code}`;
  return `network error: ${cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
