import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RunFeed, RunFeedChange, RunFeedState } from '../../feed/types.js';

/** Where a controller gets its feed: a page-made feed, or one it opens and owns. */
export interface FeedSource {
  /** The feed to follow, or `undefined` for none (e.g. no run id yet). */
  feed: RunFeed | undefined;
  /** Whether the controller opened this feed and must close it when done with it. */
  owned: boolean;
}

/**
 * Follows one {@link RunFeed} for an element: subscribes while the host is connected,
 * requests an update on every change, and closes feeds it owns when the host leaves the
 * page or switches to another feed. The element only renders `state`.
 *
 * Leaving is decided a microtask after `disconnectedCallback`: moving an element in the
 * DOM disconnects and reconnects it synchronously, and a move must not close and reopen
 * its connection. After a real leave an owned feed is closed and `feed` is `undefined`, so
 * a host that comes back opens a new one (e.g. in `willUpdate`).
 */
export class RunFeedController implements ReactiveController {
  /** The feed's latest state, or `undefined` without a feed. */
  state: RunFeedState | undefined;
  /** What the latest notification changed (all `false` before the first). */
  lastChange: RunFeedChange = { run: false, appendedLines: 0, logsReset: false, connection: false };

  private source: FeedSource = { feed: undefined, owned: false };
  private unsubscribe: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange?: (state: RunFeedState, change: RunFeedChange) => void,
  ) {
    host.addController(this);
  }

  /** The feed being followed. */
  get feed(): RunFeed | undefined {
    return this.source.feed;
  }

  /** Follows `source` instead of the current feed (closing the current one if owned). */
  use(source: FeedSource): void {
    if (source.feed === this.source.feed) return;
    this.release();
    this.source = source;
    if (this.connected) this.follow();
  }

  hostConnected(): void {
    this.connected = true;
    // Still subscribed after a move: `follow` keeps the subscription as it is.
    this.follow();
  }

  hostDisconnected(): void {
    this.connected = false;
    queueMicrotask(() => {
      if (this.connected) return;
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      if (this.source.owned) this.release();
    });
  }

  private follow(): void {
    const feed = this.source.feed;
    if (!feed || this.unsubscribe) return;
    this.state = feed.getState();
    this.unsubscribe = feed.subscribe((state, change) => {
      this.state = state;
      this.lastChange = change;
      this.onChange?.(state, change);
      this.host.requestUpdate();
    });
    this.host.requestUpdate();
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.source.owned) this.source.feed?.close();
    this.source = { feed: undefined, owned: false };
    this.state = undefined;
  }
}
