/**
 * The store `useRun` reads through `useSyncExternalStore`: one entry per followed run,
 * shared by every hook on the page that follows it, reference-counted, and closed a task
 * after its last hook leaves.
 *
 * Why deferred: React's StrictMode (and a re-render that swaps the subscribe function)
 * unsubscribes and subscribes again within one commit; closing at once would drop the
 * run's share of the connection and open a new one. The element's controller defers for
 * the same reason (a DOM move).
 * @module
 */
import type { RunSnapshot, RunStatus, Problem } from '../contract/index.js';
import { RingLogWindow } from '../feed/log-window.js';
import type { ConnectionInfo, LogWindow, RunFeed, RunFeedChange, RunFeedState } from '../feed/types.js';

/** What `useRun` returns: the run as its feed knows it now. */
export interface RunView {
  /** The run followed, or `undefined` when none is chosen. */
  runId: string | undefined;
  /** The folded run; `undefined` until the first snapshot arrives. */
  run: RunSnapshot | undefined;
  /** The run's status (`run?.status`). */
  status: RunStatus | undefined;
  /** The shared connection's state; `undefined` until the feed opens. */
  connection: ConnectionInfo | undefined;
  /**
   * The most recent log lines. The window is updated in place; a new `RunView` comes
   * with every change, so read it during render.
   */
  logs: LogWindow;
  /** Log lines appended by the latest change (0 when it replaced the window). */
  appendedLines: number;
  /** Why the feed stopped without the run ending (unauthorized, not found…). */
  problem: Problem | undefined;
}

/** How to reach a run: a stable key and the way to open its feed. */
export interface RunTarget {
  /** Equal keys share one entry (and one feed). */
  key: string;
  runId: string | undefined;
  /** Opens the feed; `undefined` for no run. */
  open: (() => RunFeed) | undefined;
  /** Whether the entry closes the feed when its last hook leaves (not for page-given feeds). */
  owned: boolean;
}

interface Entry {
  feed: RunFeed;
  owned: boolean;
  refs: number;
  view: RunView;
  listeners: Set<() => void>;
  unsubscribe: () => void;
  closeTimer: ReturnType<typeof setTimeout> | undefined;
}

const entries = new Map<string, Entry>();
const emptyLogs: LogWindow = new RingLogWindow(1);

function viewOf(state: RunFeedState, change?: RunFeedChange): RunView {
  return {
    runId: state.runId,
    run: state.run,
    status: state.run?.status,
    connection: state.connection,
    logs: state.logs,
    appendedLines: change?.appendedLines ?? 0,
    problem: state.problem,
  };
}

/** The view before a feed opens (or without a run). */
export function idleView(runId: string | undefined): RunView {
  return {
    runId,
    run: undefined,
    status: undefined,
    connection: undefined,
    logs: emptyLogs,
    appendedLines: 0,
    problem: undefined,
  };
}

function acquire(target: RunTarget, open: () => RunFeed): Entry {
  const existing = entries.get(target.key);
  if (existing) {
    clearTimeout(existing.closeTimer);
    existing.closeTimer = undefined;
    existing.refs += 1;
    return existing;
  }
  const feed = open();
  const entry: Entry = {
    feed,
    owned: target.owned,
    refs: 1,
    view: viewOf(feed.getState()),
    listeners: new Set(),
    unsubscribe: () => {},
    closeTimer: undefined,
  };
  entry.unsubscribe = feed.subscribe((state, change) => {
    entry.view = viewOf(state, change);
    for (const listener of [...entry.listeners]) listener();
  });
  entries.set(target.key, entry);
  return entry;
}

function release(key: string, entry: Entry): void {
  entry.refs -= 1;
  if (entry.refs > 0) return;
  entry.closeTimer = setTimeout(() => {
    if (entry.refs > 0 || entries.get(key) !== entry) return;
    entries.delete(key);
    entry.unsubscribe();
    if (entry.owned) entry.feed.close();
  }, 0);
}

/** A `useSyncExternalStore` source for one target. Creating it has no side effects. */
export interface RunSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): RunView;
}

/** Makes the source of `target`: the feed opens on the first subscribe, not during render. */
export function runSource(target: RunTarget): RunSource {
  const idle = idleView(target.runId);
  const open = target.open;
  return {
    subscribe(listener) {
      if (!open) return () => {};
      const entry = acquire(target, open);
      // React re-reads the snapshot right after subscribing, so a change between render
      // and here is not lost.
      entry.listeners.add(listener);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        entry.listeners.delete(listener);
        release(target.key, entry);
      };
    },
    getSnapshot: () => (open && entries.get(target.key)?.view) || idle,
  };
}
