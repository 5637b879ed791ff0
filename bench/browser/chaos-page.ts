/**
 * The page of the chaos run: `<run-progress>` and `<run-log-tail>` on one feed of one run,
 * through the fault proxy. The runner reads `window.benchChaos` (the feed's log window, the
 * element's text export, the connection history) and drives the clock and visibility
 * through the hooks the init script of bench/sections/chaos.ts installs.
 * @module
 */
import '../../src/components/run-progress/run-progress.js';
import '../../src/components/run-log-tail/run-log-tail.js';
import { watchRun, type ConnectionInfo } from '../../src/feed/index.js';

const params = new URLSearchParams(location.search);
const feed = watchRun({
  baseUrl: params.get('api')!,
  runId: params.get('run')!,
  // Every line of the run stays in the window, so the page can be compared with the server.
  logCapacity: Number(params.get('capacity') ?? 1_000_000),
});
const progress = document.createElement('run-progress');
progress.feed = feed;
const tail = document.createElement('run-log-tail');
tail.feed = feed;
tail.style.height = '400px';
tail.style.display = 'block';
document.body.append(progress, tail);

const connections: { at: number; status: string; transport?: string | undefined; reason?: string | undefined }[] = [];
let last: ConnectionInfo | undefined;
const malformed: string[] = [];
feed.onError((e) => malformed.push(e.message));
feed.subscribe((state) => {
  const c = state.connection;
  if (c.status !== last?.status || c.transport !== last?.transport)
    connections.push({ at: performance.now(), status: c.status, transport: c.transport, reason: c.reason });
  last = c;
});

const handle = {
  ready: () => feed.getState().run !== undefined,
  lastSeq: () => feed.getState().run?.seq ?? -1,
  status: () => feed.getState().run?.status,
  /** The log lines the feed holds, as `seq text` pairs. */
  lines: () =>
    feed
      .getState()
      .logs.slice()
      .map((l) => [l.seq, l.text] as const),
  /** What the element would download (its text export of the retained log). */
  exportText: () => tail.logBlob().text(),
  /** What `<run-progress>` shows, as text. */
  progressText: () => progress.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
  connections,
  malformed,
  dropped: () => feed.getState().logs.dropped,
};
(window as unknown as { benchChaos: typeof handle }).benchChaos = handle;
