/**
 * A per-run SSE subscriber that is dropped on purpose every `dropMs` (first drop at a
 * random phase) and reconnects at once with `Last-Event-ID`, as `EventSource` does. It
 * checks every seq against the last one it saw, so duplicates and gaps are counted, and
 * times each resume from the drop to the reconnected stream's headers.
 * @module
 */
import { request, type ClientRequest } from 'node:http';
import { createParser } from 'eventsource-parser';

/** What the subscriber reports to its load child. */
export interface ChaosHooks {
  /** An event seen for the first time, in order. */
  onFresh(text: unknown): void;
  onDuplicate(): void;
  onGap(missing: number): void;
  onResume(ms: number): void;
  onFailedReconnect(): void;
  /** Registers how to stop this subscriber for good. */
  onCloser(close: () => void): void;
}

/** Opens the subscriber; resolves once the first stream's headers arrive. */
export function openChaosSubscriber(
  url: string,
  runId: string,
  after: number,
  dropMs: number,
  hooks: ChaosHooks,
): Promise<void> {
  let lastSeq = after;
  let current: ClientRequest | undefined;
  let stopped = false;
  let dropTimer: NodeJS.Timeout | undefined;
  // One stream at a time: a drop supersedes whatever attempt is still pending, and the
  // next drop is planned only once the resume succeeded. Otherwise a resume slower than
  // `dropMs` leaves two streams feeding one subscriber and the load feeds on itself.
  let generation = 0;

  const connect = (droppedAt?: bigint): Promise<void> =>
    new Promise((resolve, reject) => {
      const mine = generation;
      const req = request(
        `${url}/runs/${runId}/stream`,
        { agent: false, headers: { accept: 'text/event-stream', 'last-event-id': String(lastSeq) } },
        (res) => {
          if (mine !== generation || stopped) {
            req.destroy();
            reject(new Error('superseded'));
            return;
          }
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`HTTP ${res.statusCode}`));
            return;
          }
          if (droppedAt !== undefined) hooks.onResume(Number(process.hrtime.bigint() - droppedAt) / 1e6);
          const parser = createParser({
            onEvent: (e) => {
              if (e.event !== undefined || mine !== generation) return;
              const event = JSON.parse(e.data) as { seq: number; text?: unknown };
              if (event.seq <= lastSeq) return hooks.onDuplicate();
              if (event.seq > lastSeq + 1) hooks.onGap(event.seq - lastSeq - 1);
              lastSeq = event.seq;
              hooks.onFresh(event.text);
            },
          });
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => parser.feed(chunk));
          res.on('error', () => {});
          resolve();
        },
      );
      req.on('error', (error) => reject(error));
      req.end();
      current = req;
    });

  const drop = () => {
    if (stopped) return;
    generation += 1;
    current?.destroy();
    const at = process.hrtime.bigint();
    // Reconnect at once; a refused reconnect is retried after 100 ms, bounded by stop().
    const again = (): void => {
      if (stopped) return;
      connect(at).then(
        () => {
          if (!stopped) dropTimer = setTimeout(drop, dropMs);
        },
        () => {
          hooks.onFailedReconnect();
          setTimeout(again, 100).unref();
        },
      );
    };
    again();
  };

  hooks.onCloser(() => {
    stopped = true;
    clearTimeout(dropTimer);
    current?.destroy();
  });
  return connect().then(() => {
    dropTimer = setTimeout(drop, Math.random() * dropMs);
  });
}
