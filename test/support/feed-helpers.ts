/** Helpers for tests that follow real runs: wait for a feed state, record notifications. */
import type { RunEventInput } from '../../src/contract/index.js';
import type { RunFeed, RunFeedChange, RunFeedState } from '../../src/feed/index.js';

/** Resolves with the feed's state once `predicate` holds (rejects after `timeoutMs`, with the state). */
export function until(
  feed: RunFeed,
  predicate: (s: RunFeedState) => boolean,
  timeoutMs = 20_000,
): Promise<RunFeedState> {
  return new Promise((resolve, reject) => {
    let off = () => {};
    const timer = setTimeout(() => {
      off();
      const s = feed.getState();
      reject(
        new Error(
          `timed out; state: ${JSON.stringify({ ...s, logs: s.logs.size, run: s.run && { seq: s.run.seq, status: s.run.status } })}`,
        ),
      );
    }, timeoutMs);
    const check = (s: RunFeedState) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    };
    off = feed.subscribe((s) => check(s));
    check(feed.getState());
  });
}

/** Records every notification of a feed. */
export function record(feed: RunFeed): { changes: RunFeedChange[]; states: RunFeedState[] } {
  const changes: RunFeedChange[] = [];
  const states: RunFeedState[] = [];
  feed.subscribe((s, c) => {
    changes.push(c);
    states.push(s);
  });
  return { changes, states };
}

/** `n` log events `line <from>` … */
export const lines = (from: number, n: number): RunEventInput[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'log', text: `line ${from + i}` }));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
