/**
 * The subscription hub every streaming transport shares: one store listener per run,
 * fanned out to that run's subscriptions, so a thousand watchers of one run cost one
 * store subscription.
 * @module
 */
import { ProblemType, type RunEvent } from '../../src/contract/index.js';
import { problem } from '../shared/problem.js';
import type { Principal } from '../auth/principal.js';
import { RunSubscription, type SubscriptionContext } from './subscription.js';
import { SharedPages } from './shared-pages.js';
import { ReplayPacer } from './replay-pacer.js';
import type { StreamTransport } from './observer.js';
import type { SubscriptionSink } from './sink.js';

interface Channel {
  unsubscribe: () => void;
  subscriptions: Set<RunSubscription>;
}

/** Fans each run's committed events out to its subscriptions. */
export class StreamHub {
  readonly #channels = new Map<string, Channel>();
  readonly #pages: SharedPages;

  readonly #ctx: SubscriptionContext;

  constructor(ctx: SubscriptionContext) {
    this.#pages = new SharedPages(ctx.store);
    this.#ctx = { ...ctx, pacer: ctx.pacer ?? new ReplayPacer() };
  }

  /** Number of runs with at least one subscription. */
  get runCount(): number {
    return this.#channels.size;
  }

  /**
   * Follows `runId` from after seq `after`, delivering to `sink`. The store listener is
   * attached before history is read (see {@link RunSubscription}).
   */
  follow(
    principal: Principal,
    runId: string,
    after: number,
    sink: SubscriptionSink,
    transport: StreamTransport,
  ): RunSubscription {
    const sub = new RunSubscription(
      runId,
      after,
      principal,
      sink,
      this.#ctx,
      transport,
      (s) => this.#detach(s),
      this.#pages,
    );
    this.#channel(runId).subscriptions.add(sub);
    void sub.start();
    return sub;
  }

  #channel(runId: string): Channel {
    let channel = this.#channels.get(runId);
    if (channel) return channel;
    const subscriptions = new Set<RunSubscription>();
    const listener = (events: readonly RunEvent[]) => {
      for (const sub of [...subscriptions]) {
        try {
          sub.onLive(events);
        } catch (error) {
          // One broken connection must not keep the others from their events.
          this.#ctx.fail(`delivering to a subscriber of run ${runId} failed`, error);
          sub.stop();
        }
      }
    };
    // A shared store that loses its engine pauses live events. Rather than let clients sit
    // on a stream that looks live but carries nothing, end their subscriptions with a 503:
    // they back off and resume from their cursors once the store answers again.
    const onUnavailable = () => {
      const body = problem(
        503,
        ProblemType.Unavailable,
        'The run store is unavailable; resume from your cursor later.',
      );
      for (const sub of [...subscriptions]) sub.interrupt(body);
    };
    const unsubscribe = this.#ctx.store.subscribe(runId, listener, { onUnavailable });
    channel = { unsubscribe, subscriptions };
    this.#channels.set(runId, channel);
    return channel;
  }

  #detach(sub: RunSubscription): void {
    const channel = this.#channels.get(sub.runId);
    if (!channel?.subscriptions.delete(sub) || channel.subscriptions.size > 0) return;
    this.#channels.delete(sub.runId);
    channel.unsubscribe();
  }
}
