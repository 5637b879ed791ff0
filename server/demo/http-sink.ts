/**
 * A {@link RunSink} that speaks the contract's producer API over HTTP, so the simulator
 * can feed a server running elsewhere (`npm start -- --target http://host/api`).
 * @module
 */
import { contractPaths, type CreateRunInput, type RunEventInput } from '../../src/contract/index.js';
import { SinkError, type RunSink } from './run-sink.js';
import { systemTimers, type Timers } from './timers.js';

/** Options of {@link httpSink}. */
export interface HttpSinkOptions {
  /** The contract's base URL, e.g. `http://127.0.0.1:8080/api`. */
  baseUrl: string;
  /** A producer token, sent as `Authorization: Bearer …` (none for an open server). */
  token?: string | undefined;
  fetch?: typeof globalThis.fetch;
  timers?: Timers;
  /** Attempts per request before giving up (default 6). */
  attempts?: number;
}

/**
 * Creates runs with `POST /runs` and appends with `POST /runs/{id}/events`. Network
 * errors, 429, 503 and other 5xx are retried with full-jitter backoff (honouring
 * `Retry-After`); appends carry an `Idempotency-Key`, so a retry after a lost response
 * stores nothing twice.
 */
export function httpSink(options: HttpSinkOptions): RunSink {
  const paths = contractPaths(options.baseUrl);
  const doFetch = options.fetch ?? globalThis.fetch;
  const timers = options.timers ?? systemTimers;
  const attempts = options.attempts ?? 6;

  async function post(
    url: string,
    body: unknown,
    what: string,
    extra: Record<string, string>,
    acceptOnRetry?: number,
  ): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...extra };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let lastError = '';
    for (let attempt = 0; attempt < attempts; attempt++) {
      let retryAfterMs: number | undefined;
      try {
        const response = await doFetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
        if (response.ok) {
          await response.body?.cancel();
          return;
        }
        // A create retried after a lost response finds its own run: that is success.
        if (attempt > 0 && response.status === acceptOnRetry) return;
        lastError = `HTTP ${response.status}: ${await response.text()}`;
        if (!retryable(response.status)) throw new SinkError(what, lastError);
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      } catch (error) {
        if (error instanceof SinkError) throw error;
        lastError = error instanceof Error ? `${error.message}${causeOf(error)}` : String(error);
      }
      if (attempt + 1 < attempts)
        await sleep(timers, retryAfterMs ?? Math.random() * Math.min(30_000, 500 * 2 ** attempt));
    }
    throw new SinkError(`${what} (gave up after ${attempts} attempts)`, lastError);
  }

  return {
    createRun: (input: CreateRunInput & { id: string }) =>
      post(paths.runs(), input, `Cannot create run ${input.id}`, {}, 409),
    append: (runId: string, events: readonly RunEventInput[], idempotencyKey: string) =>
      post(paths.events(runId), { events }, `Cannot append to run ${runId}`, { 'idempotency-key': idempotencyKey }),
  };
}

function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function causeOf(error: Error): string {
  return error.cause instanceof Error ? ` (${error.cause.message})` : '';
}

function sleep(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.setTimeout(resolve, ms));
}
