/**
 * What a check works with: HTTP helpers bound to the backend and tokens, fresh runs
 * created with the producer token, and streams that are closed when the check ends
 * (passed, failed or timed out), so a run of the suite leaves no socket open.
 * @module
 */
import {
  AppendResultSchema,
  contractPaths,
  EventPageSchema,
  RunSnapshotSchema,
  SseEventName,
  type AppendResult,
  type ContractPaths,
  type CreateRunInput,
  type RunEvent,
  type RunEventInput,
  type RunSnapshot,
} from '../src/contract/index.js';
import { brief, CheckFailure, CheckSkipped } from './assert.js';
import { ensureStatus, parseBody, request, type HttpResponse } from './http.js';
import type { Received } from './inbox.js';
import type { ResolvedOptions } from './options.js';
import { openSse, type SseMessage, type SseStream } from './sse-client.js';
import { openWs, type WsClient } from './ws-client.js';

/** Which token a request carries: the option's default for its kind, another one, or none (`null`). */
export type TokenChoice = string | null | undefined;

/** Options of one request. */
export interface CallOptions {
  query?: Record<string, string | number> | undefined;
  token?: TokenChoice;
  headers?: Record<string, string> | undefined;
}

/** A run a check created, with what it was created from. */
export interface CreatedRun {
  id: string;
  input: CreateRunInput & { id: string };
  /** The snapshot the create answered. */
  created: RunSnapshot;
}

let runCounter = 0;
const suiteId = Math.random().toString(36).slice(2, 8);

/** The context of one check. */
export class CheckContext {
  readonly paths: ContractPaths;
  private readonly cleanups: Array<() => void> = [];
  private disposed = false;

  constructor(
    readonly options: ResolvedOptions,
    readonly signal: AbortSignal,
  ) {
    this.paths = contractPaths(options.baseUrl.pathname);
  }

  /** Ends the check as skipped with `reason`. */
  skip(reason: string): never {
    throw new CheckSkipped(reason);
  }

  /** The absolute URL of a contract path. */
  url(path: string, query?: Record<string, string | number>): string {
    const url = new URL(path, this.options.baseUrl.origin);
    for (const [k, val] of Object.entries(query ?? {})) url.searchParams.set(k, String(val));
    return url.toString();
  }

  /** The WebSocket URL of the contract. */
  socketUrl(): string {
    const url = new URL(this.paths.socket(), this.options.baseUrl.origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }

  /** `Authorization` for a token choice; `fallback` is used when the choice is `undefined`. */
  authHeaders(choice: TokenChoice, fallback: string | undefined): Record<string, string> {
    const token = choice === undefined ? fallback : choice;
    return token === null || token === undefined ? {} : { authorization: `Bearer ${token}` };
  }

  /** A read (`GET`) with the reader token unless told otherwise. */
  get(path: string, call: CallOptions = {}): Promise<HttpResponse> {
    return request('GET', this.url(path, call.query), {
      headers: { ...this.authHeaders(call.token, this.options.token), ...call.headers },
      signal: this.signal,
    });
  }

  /** A write (`POST` of JSON) with the producer token unless told otherwise. */
  post(path: string, json: unknown, call: CallOptions = {}): Promise<HttpResponse> {
    return request('POST', this.url(path, call.query), {
      json,
      headers: { ...this.authHeaders(call.token, this.options.producerToken), ...call.headers },
      signal: this.signal,
    });
  }

  /** A `POST` of a raw body with the headers given (for malformed and oversized bodies). */
  postRaw(path: string, raw: string, headers: Record<string, string>, token?: TokenChoice): Promise<HttpResponse> {
    return request('POST', this.url(path), {
      raw,
      headers: { ...this.authHeaders(token, this.options.producerToken), ...headers },
      signal: this.signal,
    });
  }

  /** A fresh run id no other check (or earlier suite run) uses. */
  newRunId(label: string): string {
    runCounter += 1;
    return `cf-${suiteId}-${runCounter}-${label}`.slice(0, 64);
  }

  /** Creates a fresh run with the producer token; fails the check unless it answers 201. */
  async createRun(label: string, init: Omit<CreateRunInput, 'id'> = {}): Promise<CreatedRun> {
    const input = { id: this.newRunId(label), ...init };
    const res = await this.post(this.paths.runs(), input);
    ensureStatus(res, 201);
    const created = parseBody(RunSnapshotSchema, res, 'created run');
    return { id: input.id, input, created };
  }

  /** Appends events with the producer token; fails the check unless it answers 201. */
  async append(runId: string, events: RunEventInput | RunEventInput[], idempotencyKey?: string): Promise<AppendResult> {
    const body = Array.isArray(events) ? { events } : events;
    const headers = idempotencyKey === undefined ? undefined : { 'idempotency-key': idempotencyKey };
    const res = await this.post(this.paths.events(runId), body, { headers });
    ensureStatus(res, 201);
    return parseBody(AppendResultSchema, res, 'append result');
  }

  /** Creates a run and appends `events` to it in one batch. */
  async seedRun(label: string, events: RunEventInput[], init: Omit<CreateRunInput, 'id'> = {}): Promise<CreatedRun> {
    const run = await this.createRun(label, init);
    if (events.length > 0) await this.append(run.id, events);
    return run;
  }

  /** The run's snapshot (reader token). */
  async snapshot(runId: string): Promise<RunSnapshot> {
    const res = await this.get(this.paths.run(runId));
    ensureStatus(res, 200);
    return parseBody(RunSnapshotSchema, res, 'snapshot');
  }

  /** Every retained event of a run, following pages until `lastSeq`. */
  async allEvents(runId: string): Promise<RunEvent[]> {
    const out: RunEvent[] = [];
    let after = 0;
    for (let pages = 0; pages < 1000; pages++) {
      const res = await this.get(this.paths.events(runId), { query: { after } });
      ensureStatus(res, 200);
      const page = parseBody(EventPageSchema, res, 'event page');
      out.push(...page.events);
      const last = page.events.at(-1);
      if (!last || last.seq >= page.lastSeq) return out;
      after = last.seq;
    }
    throw new CheckFailure(`GET ${this.paths.events(runId)}: more than 1000 pages`);
  }

  /** Opens an SSE stream (reader token unless told otherwise); closed when the check ends. */
  async sse(path: string, call: CallOptions & { lastEventId?: string | undefined } = {}): Promise<SseStream> {
    const headers = { ...this.authHeaders(call.token, this.options.token), ...call.headers };
    if (call.lastEventId !== undefined) headers['last-event-id'] = call.lastEventId;
    const stream = await openSse(this.url(path, call.query), headers, this.signal);
    this.onDispose(() => stream.close());
    return stream;
  }

  /**
   * Opens the WebSocket, authenticates when a token is configured (or `token` is given)
   * and reads the `ready` frame. Closed when the check ends.
   */
  async ws(token: TokenChoice = undefined): Promise<{ socket: WsClient; heartbeatMs: number }> {
    const socket = await this.openSocket();
    const chosen = token === undefined ? this.options.token : token;
    if (chosen !== null && chosen !== undefined) socket.send({ type: 'auth', token: chosen });
    const ready = await this.expect(socket.frames, 'the WebSocket ready frame');
    const frame = ready as { type?: unknown; heartbeatMs?: unknown };
    if (frame.type !== 'ready' || typeof frame.heartbeatMs !== 'number') {
      throw new CheckFailure(`the first WebSocket frame is ${brief(ready)}, expected {type:"ready", heartbeatMs}`);
    }
    return { socket, heartbeatMs: frame.heartbeatMs };
  }

  /** Opens the WebSocket without authenticating; closed when the check ends. */
  async openSocket(): Promise<WsClient> {
    const socket = await openWs(this.socketUrl(), this.signal, this.options.waitMs);
    this.onDispose(() => socket.close());
    return socket;
  }

  /** The next item of a stream, failing with `what` when it closes or is late. */
  async expect<T>(inbox: { next(ms: number): Promise<Received<T>> }, what: string, withinMs?: number): Promise<T> {
    const ms = withinMs ?? this.options.waitMs;
    const got = await inbox.next(ms);
    if (got.kind === 'item') return got.value;
    if (got.kind === 'closed') throw new CheckFailure(`waiting for ${what}: ${got.reason}`);
    throw new CheckFailure(`waiting for ${what}: nothing came within ${Math.round(ms)} ms`);
  }

  /**
   * The next SSE message that is not a heartbeat, within `withinMs` (default `waitMs`) in
   * all: heartbeats do not extend the wait, so a stream that only beats fails fast.
   */
  async expectSse(stream: SseStream, what: string, withinMs?: number): Promise<SseMessage> {
    const ms = withinMs ?? this.options.waitMs;
    const deadline = performance.now() + ms;
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) throw new CheckFailure(`waiting for ${what}: nothing but heartbeats came within ${ms} ms`);
      const got = await stream.messages.next(left);
      if (got.kind === 'closed') throw new CheckFailure(`waiting for ${what}: ${got.reason}`);
      if (got.kind === 'timeout')
        throw new CheckFailure(`waiting for ${what}: nothing but heartbeats came within ${ms} ms`);
      if (got.value.event !== SseEventName.Heartbeat) return got.value;
    }
  }

  /** Runs `cleanup` when the check ends, or now if it already has (a timed-out check may still be opening things). */
  private onDispose(cleanup: () => void): void {
    if (this.disposed) cleanup();
    else this.cleanups.push(cleanup);
  }

  /** Closes everything the check opened. */
  dispose(): void {
    this.disposed = true;
    for (const cleanup of this.cleanups.splice(0)) {
      try {
        cleanup();
      } catch {
        // Closing is best effort: the socket may already be gone.
      }
    }
  }
}
