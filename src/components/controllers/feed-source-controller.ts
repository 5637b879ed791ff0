import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RunAdapter } from '../../adapters/index.js';
import { runKey } from '../../feed/run-key.js';
import type { RunFeed, RunFeedChange, RunFeedState } from '../../feed/types.js';
import { watchRun, type WatchRunOptions } from '../../feed/watch-run.js';

/** What a page may add to an element-opened feed: auth and connection options. */
export type OwnedFeedOptions = Omit<WatchRunOptions, 'runId' | 'baseUrl'>;

/** Where a controller gets its feed: a page-made feed, or one it opens and owns. */
export interface FeedSource {
  /** The feed to follow, or `undefined` for none (e.g. no run id yet). */
  feed: RunFeed | undefined;
  /** Whether the controller opened this feed and must close it when done with it. */
  owned: boolean;
}

/** An element's inputs that say which feed it shows (both elements take them under these names). */
export interface FeedSourceArgs {
  /** A page-made feed; wins over the rest. */
  feed: RunFeed | undefined;
  baseUrl: string | undefined;
  runId: string | undefined;
  /** An adapter object or registered name; overrides `feedOptions.adapter`. */
  adapter: RunAdapter | string | undefined;
  /** Read when an owned feed opens (a new options object alone does not reopen it). */
  feedOptions: OwnedFeedOptions | undefined;
}

/** Options of {@link FeedSourceController}. */
export interface FeedSourceControllerOptions {
  /** The host's inputs (an element passes `() => this`), read before every update; without it, the host calls `use`. */
  args?: () => FeedSourceArgs;
  /** Called on every feed notification, before the update is requested. */
  onChange?: (state: RunFeedState, change: RunFeedChange) => void;
}

/**
 * The one place an element gets its feed. Before every update (`hostUpdate`, as Lit's
 * `Task` decides its run) it reads the element's inputs through `args` and decides: the
 * page's `feed` (followed, never closed), or a feed it opens from `base-url` + `run-id`
 * (owned: keyed by `runKey`, so only a change of backend, run or adapter reopens it,
 * and closed when the element leaves). It subscribes while the host is connected and
 * requests an update on every change; the element only reads `state`.
 *
 * Leaving is decided a microtask after `disconnectedCallback`: moving an element in the
 * DOM disconnects and reconnects it synchronously, and a move must not close and reopen
 * its connection. After a real leave an owned feed is closed; coming back opens a new one.
 */
export class FeedSourceController implements ReactiveController {
  /** The feed's latest state, or `undefined` without a feed. */
  state: RunFeedState | undefined;
  /** What the latest notification changed (all `false` before the first). */
  lastChange: RunFeedChange = { run: false, appendedLines: 0, logsReset: false, connection: false };

  private source: FeedSource = { feed: undefined, owned: false };
  private ownedKey: string | undefined;
  private unsubscribe: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: FeedSourceControllerOptions = {},
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
    // An owned feed was closed when the host left; the next update reopens it.
    if (this.options.args && !this.source.feed) this.host.requestUpdate();
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

  hostUpdate(): void {
    const args = this.options.args?.();
    if (args) this.sync(args);
  }

  private sync({ feed, baseUrl, runId, adapter, feedOptions }: FeedSourceArgs): void {
    if (feed) {
      this.use({ feed, owned: false });
      return;
    }
    if (!(baseUrl || adapter) || !runId) {
      this.use({ feed: undefined, owned: false });
      return;
    }
    const key = runKey({ baseUrl, adapter }, runId);
    if (this.source.owned && this.source.feed && this.ownedKey === key) return;
    // A host that is not on the page (yet, or any more) opens nothing.
    if (!this.connected) return;
    const opened = watchRun({
      ...feedOptions,
      baseUrl: baseUrl ?? '',
      runId,
      adapter: adapter ?? feedOptions?.adapter,
    });
    this.use({ feed: opened, owned: true });
    this.ownedKey = key;
  }

  private follow(): void {
    const feed = this.source.feed;
    if (!feed || this.unsubscribe) return;
    this.state = feed.getState();
    this.unsubscribe = feed.subscribe((state, change) => {
      this.state = state;
      this.lastChange = change;
      this.options.onChange?.(state, change);
      this.host.requestUpdate();
    });
    this.host.requestUpdate();
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.source.owned) this.source.feed?.close();
    this.source = { feed: undefined, owned: false };
    this.ownedKey = undefined;
    this.state = undefined;
  }
}
