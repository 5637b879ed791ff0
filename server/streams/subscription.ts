/**
 * One client following one run from a cursor: the catch-up/live handover that makes
 * every streaming transport lossless.
 *
 * The subscription listens to the store *before* reading history, so an event committed
 * while history is being read is either in a page or in the live buffer (or both: seqs
 * deduplicate). History is read in pages bounded in events and in bytes, paced by the
 * connection: its subscriptions take turns (see {@link CatchUpTurns}), so a connection
 * holds one page at a time, and readers at the same place share pages (see
 * {@link SharedPages}). Live events that arrive meanwhile wait in a bounded buffer. If that buffer overflows it is dropped and
 * the gap is read from the store instead, so a slow reader of a chatty run costs bounded
 * memory. A gap in live delivery (seq > cursor + 1) also falls back to reading the store.
 * @module
 */
import {
  isTerminalStatus,
  ProblemType,
  type Problem,
  type RunEvent,
  type RunSnapshot,
} from '../../src/contract/index.js';
import type { Principal } from '../auth/principal.js';
import type { AccessPolicy } from '../auth/access.js';
import { problem, runNotFound } from '../shared/problem.js';
import type { RunStore, StoredRun } from '../store/run-store.js';
import { decideCursor } from './cursor.js';
import type { CatchUpTurns } from './catch-up-turns.js';
import type { ReplayPacer } from './replay-pacer.js';
import type { SharedPages } from './shared-pages.js';
import type { StreamObserver, StreamTransport } from './observer.js';
import type { SubscriptionSink } from './sink.js';

/** Most events read from the store per catch-up page (the byte bound, {@link SubscriptionContext.pageBytes}, may end it sooner). */
export const CATCH_UP_PAGE = 500;
/** Default byte bound of one catch-up page. */
export const CATCH_UP_PAGE_BYTES = 1024 * 1024;
/** Bytes (roughly counted) a catch-up delivers before it lets the event loop serve others. */
const YIELD_AFTER_BYTES = 64 * 1024;
/** Live events held while catching up before the buffer is dropped in favour of the store. */
export const LIVE_BUFFER_EVENTS = 2_000;
/** The same bound in (roughly counted) bytes: log lines may be up to 1 MiB each. */
export const LIVE_BUFFER_BYTES = 8 * 1024 * 1024;

/** What a subscription needs from the server. */
export interface SubscriptionContext {
  store: RunStore;
  access: AccessPolicy;
  /** Adds what the snapshot endpoint adds (the estimate) to a snapshot sent in a reset. */
  decorate(snapshot: RunSnapshot, tenant: string): Promise<RunSnapshot>;
  /** Reports an unexpected failure (store errors). */
  fail(message: string, error: unknown): void;
  /** Told about deliveries and catch-up reads (metrics). */
  observer?: StreamObserver | undefined;
  /**
   * Most bytes of stored events in one catch-up page (`limits.catchUpPageBytes`, default
   * {@link CATCH_UP_PAGE_BYTES}): what a subscription holds while its connection is full.
   * One larger event is read alone.
   */
  pageBytes?: number | undefined;
  /**
   * Shared by every subscription of the server, so that all replays together take a few
   * slices per turn of the event loop. Without one, each subscription yields on its own.
   */
  pacer?: ReplayPacer | undefined;
}

type State = 'starting' | 'catching-up' | 'live' | 'stopped';

/** A live subscription. Create through {@link StreamHub.follow}. */
export class RunSubscription {
  #state: State = 'starting';
  #cursor: number;
  #pending: RunEvent[] = [];
  #pendingBytes = 0;
  #overflowed = false;

  constructor(
    readonly runId: string,
    after: number,
    private readonly principal: Principal,
    private readonly sink: SubscriptionSink,
    private readonly ctx: SubscriptionContext,
    private readonly transport: StreamTransport,
    private readonly detach: (sub: RunSubscription) => void,
    private readonly pages?: SharedPages,
  ) {
    this.#cursor = after;
  }

  /** The seq of the last event delivered (or the starting cursor). */
  get cursor(): number {
    return this.#cursor;
  }

  /** False once ended, failed or stopped. */
  get active(): boolean {
    return this.#state !== 'stopped';
  }

  /** Stops delivering; safe to call more than once. */
  stop(): void {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    this.#pending = [];
    this.#pendingBytes = 0;
    this.detach(this);
  }

  /** Ends the subscription with `body` (e.g. the store became unavailable). */
  interrupt(body: Problem): void {
    this.#fail(body);
  }

  /** Starts the catch-up. The hub has already attached the store listener. */
  async start(): Promise<void> {
    try {
      const run = await this.ctx.store.getRun(this.runId);
      if (this.#isStopped()) return;
      if (!run || !(await this.ctx.access.canRead(this.principal, run))) return this.#fail(runNotFound(this.runId));
      if (this.#isStopped()) return;
      const decision = decideCursor(run, this.#cursor);
      if (!decision.resume) await this.#reset(decision.reason, run);
      else if (isTerminalStatus(run.snapshot.status) && this.#cursor >= run.snapshot.seq) {
        this.sink.end(run.snapshot.seq, run.snapshot.status);
        return this.stop();
      }
      await this.#catchUp();
    } catch (error) {
      this.#crash(error);
    }
  }

  /** Called by the hub with each batch the store commits for this run. */
  onLive(events: readonly RunEvent[]): void {
    if (this.#state === 'stopped') return;
    if (this.#state !== 'live') return this.#buffer(events);
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as RunEvent;
      if (event.seq <= this.#cursor) continue;
      if (event.seq !== this.#cursor + 1) {
        // A hole in what the store pushed: read it from the store rather than skip it.
        this.#state = 'catching-up';
        this.#buffer(events.slice(i));
        void this.#catchUp().catch((error: unknown) => this.#crash(error));
        return;
      }
      this.#deliver(event);
      if (this.#isStopped()) return;
    }
  }

  #buffer(events: readonly RunEvent[]): void {
    if (this.#overflowed) return;
    let bytes = 0;
    for (const event of events) bytes += event.type === 'log' ? event.text.length + 100 : 200;
    if (this.#pending.length + events.length > LIVE_BUFFER_EVENTS || this.#pendingBytes + bytes > LIVE_BUFFER_BYTES) {
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#overflowed = true;
      return;
    }
    for (const event of events) this.#pending.push(event);
    this.#pendingBytes += bytes;
  }

  #deliver(event: RunEvent): void {
    this.sink.event(event);
    this.ctx.observer?.delivered(this.transport, 1);
    this.#cursor = event.seq;
    if (event.type === 'status' && isTerminalStatus(event.status)) {
      this.sink.end(event.seq, event.status);
      this.stop();
    }
  }

  async #catchUp(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'catching-up';
    while (this.#isCatchingUp()) {
      const release = await takeTurn(this.sink.turns);
      let next: 'more' | 'caught-up' | 'over';
      try {
        if (!this.#isCatchingUp()) return;
        next = await this.#catchUpPage();
      } finally {
        release();
      }
      if (next === 'over') return;
      if (next === 'caught-up') {
        if (this.#handOver()) return;
      } else {
        // Let other clients' requests in between pages: readers that start together
        // otherwise replay page after page in one run of microtasks (a /stream attack
        // held another tenant's GET /runs for 1.5 s in the bench).
        await this.#yield();
      }
    }
  }

  /** Reads and delivers one page: 'caught-up' when it held the end of what the store had. */
  async #catchUpPage(): Promise<'more' | 'caught-up' | 'over'> {
    const { store } = this.ctx;
    const bounds = { maxBytes: this.ctx.pageBytes ?? CATCH_UP_PAGE_BYTES };
    this.ctx.observer?.catchUpRead();
    const page = await (this.pages
      ? this.pages.read(this.runId, this.#cursor, CATCH_UP_PAGE, bounds)
      : store.readEvents(this.runId, this.#cursor, CATCH_UP_PAGE, bounds));
    if (!this.#isCatchingUp()) return 'over';
    if (!page) {
      this.#fail(runNotFound(this.runId));
      return 'over';
    }
    if (page.firstSeq > this.#cursor + 1) {
      // Trimmed while we were reading: start the client again from a fresh snapshot.
      const run = await store.getRun(this.runId);
      if (!this.#isCatchingUp()) return 'over';
      if (!run) {
        this.#fail(runNotFound(this.runId));
        return 'over';
      }
      await this.#reset('trimmed', run);
      return this.#isCatchingUp() ? 'more' : 'over';
    }
    let sinceYield = 0;
    for (const event of page.events) {
      if (event.seq <= this.#cursor) continue;
      // Replaying is the costly part of a catch-up (each event encoded and copied): give
      // other clients' requests a turn every so many bytes, not only between pages.
      if (sinceYield >= YIELD_AFTER_BYTES) {
        sinceYield = 0;
        await this.#yield();
        if (!this.#isCatchingUp()) return 'over';
      }
      sinceYield += event.type === 'log' ? event.text.length : 200;
      // Room is asked for before each event, and again after every wait: subscriptions
      // woken together then each see what the others wrote, so a connection never gets
      // more than its threshold plus one event before the replay waits.
      for (let wait = this.sink.room(); wait; wait = this.sink.room()) {
        await wait;
        if (!this.#isCatchingUp()) return 'over';
      }
      this.#deliver(event);
      if (!this.#isCatchingUp()) return 'over';
    }
    // A page ends early at the byte bound: only one that reaches the run's last seq (or
    // an empty one) means everything the store had is delivered.
    return page.events.length > 0 && this.#cursor < page.lastSeq ? 'more' : 'caught-up';
  }

  #yield(): Promise<unknown> {
    return this.ctx.pacer ? this.ctx.pacer.next() : new Promise((resolve) => setImmediate(resolve));
  }

  // Called after a short page: everything the store had is delivered. What arrived
  // meanwhile is in the buffer; go live if it joins up with the cursor, else read again.
  #handOver(): boolean {
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    const overflowed = this.#overflowed;
    this.#overflowed = false;
    let i = 0;
    while (i < pending.length && (pending[i] as RunEvent).seq <= this.#cursor) i++;
    for (; i < pending.length; i++) {
      const event = pending[i] as RunEvent;
      if (event.seq !== this.#cursor + 1) break;
      this.#deliver(event);
      if (this.#isStopped()) return true;
    }
    if (overflowed || i < pending.length) return false;
    this.#state = 'live';
    return true;
  }

  async #reset(reason: 'trimmed' | 'ahead', run: StoredRun): Promise<void> {
    const snapshot = await this.ctx.decorate(run.snapshot, run.tenant);
    if (this.#state === 'stopped') return;
    this.sink.reset(reason, snapshot);
    this.#cursor = snapshot.seq;
    if (isTerminalStatus(snapshot.status)) {
      this.sink.end(snapshot.seq, snapshot.status);
      this.stop();
    }
  }

  // Methods rather than inline comparisons: the state changes under awaits and callbacks,
  // which TypeScript's narrowing cannot see.
  #isStopped(): boolean {
    return this.#state === 'stopped';
  }

  #isCatchingUp(): boolean {
    return this.#state === 'catching-up';
  }

  #fail(body: Problem): void {
    if (this.#state === 'stopped') return;
    this.sink.error(body);
    this.stop();
  }

  #crash(error: unknown): void {
    if (this.#state === 'stopped') return;
    this.ctx.fail(`subscription to run ${this.runId} failed`, error);
    this.#fail(problem(503, ProblemType.Unavailable, 'The run store failed; reconnect later.'));
  }
}

const noTurn = (): void => {};

/** The connection's turn at reading history, or at once for a connection with one subscription. */
function takeTurn(turns: CatchUpTurns | undefined): Promise<() => void> | (() => void) {
  return turns ? turns.take() : noTurn;
}
