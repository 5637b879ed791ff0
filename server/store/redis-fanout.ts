/**
 * Live events across workers: one subscriber connection per store (per worker) wakes on
 * a run's pub/sub channel, reads what is new from the run's stream with XRANGE on the
 * command connection, and hands it to every in-process listener of that run, in seq
 * order with no gaps between calls. Notifications carry no data, so one lost during a
 * disconnect costs nothing: after every reconnect each followed run is read again from
 * the last seq delivered. See docs/decisions/0002-redis-streams-store.md.
 * @module
 */
import type { Redis } from 'ioredis';
import type { RunEvent } from '../../src/contract/index.js';
import type { EventListener, SubscribeOptions } from './run-store.js';
import { StoreUnavailableError } from './run-store-errors.js';

/** What the fan-out needs from the store. */
export interface FanoutSource {
  /** The subscriber-mode connection. */
  subscriber: Redis;
  /** The run's pub/sub channel. */
  channelOf(runId: string): string;
  /**
   * The run's last seq, 0 for an unknown run, read on the command connection. It must
   * settle in one promise step from Redis's reply: an append this process sends after
   * subscribing is answered after this read (replies come in order), and its events
   * are offered a few steps later, by which time the starting point must be known for
   * them to be delivered before the append resolves.
   */
  lastSeq(runId: string): Promise<number>;
  /** Up to `count` events with seq > `after`, oldest first. */
  readAfter(runId: string, after: number, count: number): Promise<RunEvent[]>;
  /** Told about failures nobody awaits (a throwing listener, a failed read). */
  onError(error: unknown, context: string): void;
}

interface Subscription {
  listener: EventListener;
  options: SubscribeOptions;
  /** Whether it was told the store is unavailable and not yet that it recovered. */
  told: boolean;
}

interface Tap {
  runId: string;
  channel: string;
  subscriptions: Set<Subscription>;
  /** Last seq delivered; undefined until the starting point is known. */
  cursor: number | undefined;
  reading: boolean;
  /** Another read is wanted after the current one (a notification came meanwhile). */
  again: boolean;
}

/** Events read per XRANGE while catching up. */
const PAGE = 1_000;
/** Wait before retrying a read that failed while the connections looked healthy. */
const RETRY_MS = 1_000;

/** The per-store fan-out of live events; see the module comment. */
export class RedisFanout {
  readonly #source: FanoutSource;
  readonly #taps = new Map<string, Tap>();
  readonly #byChannel = new Map<string, Tap>();
  #available = true;
  #lastError: StoreUnavailableError | undefined;
  #closed = false;

  constructor(source: FanoutSource) {
    this.#source = source;
    source.subscriber.on('message', (channel: string) => {
      const tap = this.#byChannel.get(channel);
      if (tap) this.#read(tap);
    });
  }

  /**
   * Adds a listener. The starting point is the run's last seq when Redis answers the
   * read issued synchronously here, so every event committed after this call is
   * delivered (and possibly a few committed just before it: listeners compare seqs).
   */
  subscribe(runId: string, listener: EventListener, options: SubscribeOptions = {}): () => void {
    const subscription: Subscription = { listener, options, told: false };
    let tap = this.#taps.get(runId);
    if (!tap) tap = this.#open(runId);
    tap.subscriptions.add(subscription);
    if (!this.#available && this.#lastError) this.#tellUnavailable(subscription, this.#lastError);
    const opened = tap;
    return () => {
      opened.subscriptions.delete(subscription);
      if (opened.subscriptions.size > 0 || this.#taps.get(runId) !== opened) return;
      this.#taps.delete(runId);
      this.#byChannel.delete(opened.channel);
      if (!this.#closed) {
        this.#source.subscriber.unsubscribe(opened.channel).catch((error: unknown) => {
          // Not fatal: a stray notification for a run nobody follows is ignored.
          this.#source.onError(error, `unsubscribing from run ${runId}`);
        });
      }
    };
  }

  /**
   * Events this process just appended: delivered at once when they directly follow what
   * listeners have seen (so a local watcher does not wait for the round trip), else a
   * read fills the gap first.
   */
  offer(runId: string, events: readonly RunEvent[]): void {
    const tap = this.#taps.get(runId);
    if (!tap || tap.cursor === undefined || events.length === 0) return;
    if (events[0]!.seq <= tap.cursor + 1) this.#deliver(tap, events);
    else this.#read(tap);
  }

  /** The connections dropped: tell every listener that asked, once per outage. */
  markUnavailable(error: StoreUnavailableError): void {
    this.#lastError = error;
    if (!this.#available) return;
    this.#available = false;
    for (const tap of this.#taps.values()) {
      for (const subscription of tap.subscriptions) this.#tellUnavailable(subscription, error);
    }
  }

  /**
   * Both connections are back: read every followed run from its last delivered seq (the
   * subscriber has re-subscribed by the time this is called), then tell listeners that
   * were told of the outage.
   */
  markAvailable(): void {
    this.#available = true;
    this.#lastError = undefined;
    for (const tap of this.#taps.values()) {
      if (tap.cursor === undefined) this.#start(tap);
      else this.#read(tap);
    }
  }

  close(): void {
    this.#closed = true;
    this.#taps.clear();
    this.#byChannel.clear();
  }

  #open(runId: string): Tap {
    const tap: Tap = {
      runId,
      channel: this.#source.channelOf(runId),
      subscriptions: new Set(),
      cursor: undefined,
      reading: false,
      again: false,
    };
    this.#taps.set(runId, tap);
    this.#byChannel.set(tap.channel, tap);
    this.#start(tap);
    return tap;
  }

  /** Finds the starting point and subscribes, then reads once to cover the gap between. */
  #start(tap: Tap): void {
    const subscribed = this.#source.subscriber.subscribe(tap.channel);
    subscribed.catch(() => undefined); // handled below, unless the cursor read fails first
    // `.then` rather than `await`: the cursor is set one step after the reply (see
    // FanoutSource.lastSeq).
    this.#source.lastSeq(tap.runId).then(
      (cursor) => {
        if (tap.cursor === undefined) tap.cursor = cursor;
        subscribed.then(
          () => this.#read(tap),
          (error: unknown) => {
            this.#source.onError(error, `subscribing to run ${tap.runId}`);
            this.#read(tap);
          },
        );
      },
      (error: unknown) => {
        if (!(error instanceof StoreUnavailableError)) this.#source.onError(error, `following run ${tap.runId}`);
        // Redis down: markAvailable() starts it again once it is back. A failure on a
        // healthy-looking connection (a timeout) is retried after a pause.
        if (this.#available && !this.#closed && this.#taps.get(tap.runId) === tap) {
          setTimeout(() => {
            if (tap.cursor === undefined && this.#taps.get(tap.runId) === tap) this.#start(tap);
          }, RETRY_MS).unref();
        }
      },
    );
  }

  #read(tap: Tap): void {
    if (tap.cursor === undefined || this.#closed) return;
    if (tap.reading) {
      tap.again = true;
      return;
    }
    tap.reading = true;
    void this.#readLoop(tap).finally(() => {
      tap.reading = false;
    });
  }

  async #readLoop(tap: Tap): Promise<void> {
    try {
      do {
        tap.again = false;
        for (;;) {
          const events = await this.#source.readAfter(tap.runId, tap.cursor!, PAGE);
          if (this.#taps.get(tap.runId) !== tap) return;
          this.#deliver(tap, events);
          if (events.length < PAGE) break;
        }
      } while (tap.again);
      this.#tellRecovered(tap);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) this.#source.onError(error, `reading run ${tap.runId}`);
      // While unavailable, markAvailable() reads again; otherwise (a timeout on a
      // healthy-looking connection) retry after a pause.
      if (this.#available && !this.#closed) setTimeout(() => this.#read(tap), RETRY_MS).unref();
    }
  }

  #deliver(tap: Tap, events: readonly RunEvent[]): void {
    const cursor = tap.cursor!;
    // A trimmed gap (the run outran retention before we read it) is passed on as it is:
    // listeners see the jump in seq and recover through the contract's reset path.
    const fresh = events.filter((event) => event.seq > cursor);
    if (fresh.length === 0) return;
    tap.cursor = fresh.at(-1)!.seq;
    const frozen = Object.freeze(fresh);
    // Copy: a listener may unsubscribe itself (or subscribe another) while we iterate.
    for (const subscription of [...tap.subscriptions]) {
      try {
        subscription.listener(frozen);
      } catch (error) {
        this.#source.onError(error, `subscriber of run ${tap.runId}`);
      }
    }
  }

  #tellUnavailable(subscription: Subscription, error: StoreUnavailableError): void {
    if (subscription.told) return;
    subscription.told = true;
    this.#call(() => subscription.options.onUnavailable?.(error), 'onUnavailable');
  }

  #tellRecovered(tap: Tap): void {
    if (!this.#available) return;
    for (const subscription of [...tap.subscriptions]) {
      if (!subscription.told) continue;
      subscription.told = false;
      this.#call(() => subscription.options.onRecovered?.(), 'onRecovered');
    }
  }

  #call(callback: () => void, what: string): void {
    try {
      callback();
    } catch (error) {
      this.#source.onError(error, `a subscriber's ${what}`);
    }
  }
}
