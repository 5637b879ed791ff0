/**
 * Binds a {@link RunAdapter} to one client: the runs it knows (shared by its transports
 * and its reader, so the seq it assigns holds across reconnects), reading the backend's
 * JSON resources with auth, and the reader the feed loads snapshots and fills gaps from.
 * @module
 */
import { MAX_PAGE } from '../contract/limits.js';
import { shapeOf } from '../contract/shape.js';
import type { RunReader } from '../contract/reader.js';
import type { Clock } from '../transports/clock.js';
import { CloseKind, type CloseReason } from '../transports/close-reason.js';
import type { TokenGetter } from '../transports/connection.js';
import { TransportError, type MalformedMessage } from '../transports/errors.js';
import { authHeaders, failureOf, networkFailure, tokenFor } from '../transports/http.js';
import type { FetchLike } from '../transports/transport.js';
import { AdapterRun } from './run-model.js';
import { withAdapterProblem, withStatusProblem } from './status-problem.js';
import type { AdapterProblem, JsonEndpoint, MessageContext, RunAdapter, RunUpdate } from './types.js';
import { expandUrl } from './urls.js';

/** What a bound adapter needs from its client. */
export interface AdapterContext {
  baseUrl: string;
  fetch: FetchLike;
  clock: Clock;
  getToken?: TokenGetter | undefined;
  credentials?: RequestCredentials | undefined;
  requestTimeoutMs?: number | undefined;
}

/**
 * The reads a feed makes.
 * @deprecated The same port as `RunReader` (from `run-progress-kit/contract`, also `run-progress-kit/feed`); use that name.
 */
export type AdapterReader = RunReader;

/** A read made within a connection attempt. */
export interface Attempt {
  token: string | undefined;
  signal?: AbortSignal | undefined;
}

/** One adapter bound to one client. */
export class AdapterBinding {
  readonly #runs = new Map<string, AdapterRun>();
  readonly #malformed = new Set<(error: MalformedMessage) => void>();

  constructor(
    readonly adapter: RunAdapter,
    readonly context: AdapterContext,
  ) {}

  /** The run's model, created on first use. */
  run(runId: string): AdapterRun {
    let run = this.#runs.get(runId);
    if (!run)
      this.#runs.set(
        runId,
        (run = new AdapterRun(runId, this.context.clock.now(), this.adapter.historyLimit ?? 10_000)),
      );
    return run;
  }

  /** Where reports of skipped messages go (the transport of the moment). */
  onMalformed(listener: (error: MalformedMessage) => void): () => void {
    this.#malformed.add(listener);
    return () => this.#malformed.delete(listener);
  }

  /**
   * Maps one payload and folds it in. Returns false when the mapping threw or gave
   * events that do not fit the contract (reported, skipped).
   */
  apply(
    runId: string,
    map: (payload: unknown, context: MessageContext) => RunUpdate | undefined,
    payload: unknown,
    event?: string,
  ): boolean {
    let update: RunUpdate | undefined;
    try {
      update = map(payload, { runId, event });
    } catch (error) {
      this.#report({
        message: `adapter mapping threw: ${error instanceof Error ? error.message : String(error)}`,
        shape: shapeOf(payload),
      });
      return false;
    }
    if (!update) return true;
    const problems = this.run(runId).ingest(update, this.context.clock.now());
    for (const problem of problems) this.#report(problem);
    return problems.length === 0;
  }

  /** Reads a JSON endpoint for `runId` and folds it in. Throws {@link TransportError}. */
  async load(runId: string, endpoint: JsonEndpoint, attempt?: Attempt): Promise<void> {
    const json = await this.getJson(runId, expandUrl(endpoint.url, runId, this.context.baseUrl), attempt);
    this.apply(runId, endpoint.map, json);
  }

  /**
   * `GET` with a deadline. Within a connection attempt, with that attempt's token (a 401
   * ends the attempt and the reconnect machine refreshes the token); otherwise with the
   * client's token getter, refreshed once after a 401.
   */
  async getJson(runId: string, url: string, attempt?: Attempt): Promise<unknown> {
    const signal = attempt?.signal;
    const token = attempt ? async () => attempt.token : undefined;
    let answer = await this.#once(url, false, signal, token);
    if (answer.response.status === 401 && !attempt) answer = await this.#once(url, true, signal);
    const { response, text } = answer;
    if (!response.ok) throw new TransportError(this.explain(runId, failureOf(response, text, this.context.clock.now()), text));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new TransportError({ kind: CloseKind.Protocol, message: `GET ${url}: body is not JSON` });
    }
  }

  /**
   * A failed answer's close reason with the problem it means: the adapter's
   * {@link RunAdapter.problem} first, then the one its status makes.
   */
  explain(runId: string, reason: CloseReason, body?: string): CloseReason {
    const map = this.adapter.problem;
    if (map && reason.status !== undefined) {
      let mapped: AdapterProblem | undefined;
      const payload = body === undefined ? undefined : parseBody(body);
      try {
        mapped = map({ runId, status: reason.status, body: payload });
      } catch (error) {
        this.#report({
          message: `adapter problem mapping threw: ${error instanceof Error ? error.message : String(error)}`,
          shape: shapeOf(payload),
        });
      }
      if (mapped) return withAdapterProblem(reason, mapped);
    }
    return withStatusProblem(reason);
  }

  /** The reader the feed uses. */
  reader(): RunReader {
    return {
      snapshot: async (runId) => {
        if (this.adapter.snapshot) await this.load(runId, this.adapter.snapshot);
        return this.run(runId).snapshot;
      },
      events: async (runId, after) => {
        const run = this.run(runId);
        const events = run.eventsAfter(after);
        // Older than the history kept: the feed answers a 410 by reloading the snapshot.
        if (!events)
          throw new TransportError({
            kind: CloseKind.Status,
            status: 410,
            message: `events after ${after} are no longer kept`,
          });
        return {
          runId,
          events: events.slice(0, MAX_PAGE),
          firstSeq: events[0]?.seq ?? run.seq + 1,
          lastSeq: run.seq,
          status: run.snapshot.status,
        };
      },
      logTail: async (runId, count) => {
        const run = this.run(runId);
        return { runId, lines: run.logTail(count), lastSeq: run.seq };
      },
    };
  }

  #report(error: MalformedMessage): void {
    for (const listener of [...this.#malformed]) listener(error);
  }

  async #once(
    url: string,
    refresh: boolean,
    signal?: AbortSignal,
    attemptToken?: () => Promise<string | undefined>,
  ): Promise<{ response: Response; text: string }> {
    const token = attemptToken ? await attemptToken() : await tokenFor(this.context.getToken, refresh);
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    signal?.addEventListener('abort', onAbort);
    const timer = this.context.clock.setTimeout(() => abort.abort(), this.context.requestTimeoutMs ?? 30_000);
    try {
      const response = await this.context.fetch(url, {
        headers: authHeaders(token, 'application/json'),
        credentials: this.context.credentials,
        cache: 'no-store',
        signal: abort.signal,
      });
      return { response, text: await response.text() };
    } catch (error) {
      throw new TransportError(networkFailure(error), { cause: error });
    } finally {
      this.context.clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** A body as JSON when it is JSON, else its text. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
