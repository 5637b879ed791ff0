/**
 * The chaos run's producer: a chatty run (log lines of varied length and script, a
 * progress event every tenth) appended in batches, each retried with its `Idempotency-Key`
 * until the server takes it, so server restarts lose nothing and store nothing twice.
 * @module
 */
import type { RunEventInput } from '../../src/contract/index.js';

/** What the producer did. */
export interface ChaosProducerResult {
  events: number;
  batches: number;
  /** Requests that failed (refused, reset, 5xx) and were retried. */
  retries: number;
  /** Retries the server answered as replays of a batch it had already stored. */
  replayed: number;
}

const WORDS = ['fetch', 'parse', 'index', 'upload', 'verify', 'compact', 'résumé', '日本語', 'naïve', '🚀'];

/** The `i`-th event of the run: mostly log lines, some long, a progress event every tenth. */
export function chaosEvent(i: number, total: number): RunEventInput {
  if (i % 10 === 9)
    return {
      type: 'progress',
      phase: `phase-${Math.floor((5 * i) / total)}`,
      percent: Math.min(100, Math.round((1000 * i) / total) / 10),
      message: `step ${i}`,
    };
  const word = WORDS[i % WORDS.length]!;
  // Every 7th line is long, so frames straddle TCP segments and the proxy's cuts land mid-line.
  const tail = i % 7 === 0 ? ` ${'payload '.repeat(60)}end` : '';
  const level = i % 13 === 0 ? 'warn' : i % 31 === 0 ? 'error' : 'info';
  return { type: 'log', level, text: `line ${i}: worker-${i % 4} ${word} record ${i * 17} ok${tail}` };
}

/**
 * Appends `rate` events/s to `appendUrl()` until `stopAt()` says so (checked each tick),
 * then a final `succeeded` status. `appendUrl` is read per request (the server may move).
 */
export async function produceChaosRun(
  appendUrl: () => string,
  rate: number,
  seconds: number,
  stopped: () => boolean,
): Promise<ChaosProducerResult> {
  const total = Math.round(rate * seconds);
  const result: ChaosProducerResult = { events: 0, batches: 0, retries: 0, replayed: 0 };
  const start = performance.now();
  let next = 0;
  const send = async (events: RunEventInput[]) => {
    const key = `chaos-batch-${result.batches}`;
    result.batches += 1;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        result.retries += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
      if (attempt > 600) throw new Error(`producer: batch ${key} not taken after 60 s`);
      try {
        const res = await fetch(appendUrl(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({ events }),
          signal: AbortSignal.timeout(5000),
        });
        const body = (await res.json().catch(() => ({}))) as { replayed?: boolean };
        if (res.status === 201) {
          if (body.replayed) result.replayed += 1;
          return;
        }
        if (res.status < 500 && res.status !== 429)
          throw new Error(`producer: HTTP ${res.status} ${JSON.stringify(body)}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('producer:')) throw error;
        // Refused or reset by a restarting server: retry the same batch under the same key.
      }
    }
  };
  while (next < total && !stopped()) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    const events: RunEventInput[] = [];
    for (; next < due && events.length < 1000; next++) events.push(chaosEvent(next, total));
    if (events.length > 0) {
      await send(events);
      result.events += events.length;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await send([{ type: 'status', status: 'succeeded' }]);
  return result;
}
