/**
 * The page of the end-to-end benchmark: `<run-progress>` and `<run-log-tail>` on one feed
 * over the transport named in `?transport=`, and the time from each event's scheduled time
 * (`t=<ms>` in its text, stamped by the producer on the machine's wall clock) to the
 * animation frame after the element put it in its DOM: producer to pixel.
 * @module
 */
import '../../src/components/run-progress/run-progress.js';
import '../../src/components/run-log-tail/run-log-tail.js';
import { pollingTransport, runClientWith, sseTransport, webSocketTransport } from '../../src/index.js';

/** What the runner reads from `window.benchE2e`. */
interface E2eStats {
  /** Producer-to-pixel latency of each painted progress message / log line, ms. */
  progress: number[];
  log: number[];
  connected: boolean;
}

const params = new URLSearchParams(location.search);
const transports = { websocket: webSocketTransport, sse: sseTransport, polling: pollingTransport };
const name = (params.get('transport') ?? 'websocket') as keyof typeof transports;
const stats: E2eStats = { progress: [], log: [], connected: false };
(window as unknown as { benchE2e: E2eStats }).benchE2e = stats;

const client = runClientWith([transports[name]()], { baseUrl: params.get('api') ?? '' });
const feed = client.watch(params.get('run') ?? '');
feed.subscribe((state) => (stats.connected ||= state.connection.status === 'live'));

const progress = document.createElement('run-progress');
const tail = document.createElement('run-log-tail');
progress.feed = feed;
tail.feed = feed;
// Tall enough that a whole poll's batch of lines is on screen at once (each must be painted).
tail.style.cssText = 'display:block;height:1600px';
document.body.append(progress, tail);

const wallNow = () => performance.timeOrigin + performance.now();
const seen = { progress: new Set<string>(), log: new Set<string>() };
let pending: Array<{ kind: 'progress' | 'log'; scheduled: number }> = [];
let frameAsked = false;

function collect(kind: 'progress' | 'log', root: ParentNode | null | undefined, selector: string): void {
  for (const node of root?.querySelectorAll(selector) ?? []) {
    for (const match of (node.textContent ?? '').matchAll(/t=(\d+(?:\.\d+)?)/g)) {
      const stamp = match[1]!;
      if (seen[kind].has(stamp)) continue;
      seen[kind].add(stamp);
      pending.push({ kind, scheduled: Number(stamp) });
    }
  }
}

// A mutation is the element committing new text; the frame after it is when it is painted.
const observer = new MutationObserver(() => {
  collect('progress', progress.shadowRoot, '[part~="message"], [part~="phase"]');
  collect('log', tail.shadowRoot, '.row.line');
  if (frameAsked || pending.length === 0) return;
  frameAsked = true;
  requestAnimationFrame(() => {
    const painted = wallNow();
    for (const p of pending) stats[p.kind].push(painted - p.scheduled);
    pending = [];
    frameAsked = false;
  });
});
for (const element of [progress, tail]) {
  await element.updateComplete;
  observer.observe(element.shadowRoot!, { subtree: true, childList: true, characterData: true });
}
