/**
 * The open-loop producer: events are *scheduled* at a fixed rate and each carries its
 * scheduled time, so a server that falls behind shows up as latency instead of slowing
 * the producer down (no coordinated omission). Overdue events go out together in one
 * batch; requests in flight are bounded, and the loop is bounded in time.
 * @module
 */
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** Where to POST `{events}` and how. */
export interface ProducerTarget {
  /** Full URL of the append endpoint (reference) or `/publish` (baselines). */
  url: string;
}

/** What a producer run did. */
export interface ProducerResult {
  scheduled: number;
  sent: number;
  failedRequests: number;
  seconds: number;
}

/** One log line of about 200 bytes once the server frames it as a run event. */
export function stampedLine(scheduledNs: bigint, pad: string): { type: 'log'; level: 'info'; text: string } {
  return { type: 'log', level: 'info', text: `t=${scheduledNs}; ${pad}` };
}

const PAD = 'x'.repeat(80);

/** POSTs JSON and resolves with the status code (0 on a network error). */
export function postJson(url: string, body: unknown): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(payload);
  });
}

/** Sends `rate` events/s for `seconds`, stamped with their scheduled times. */
export async function produce(target: ProducerTarget, rate: number, seconds: number): Promise<ProducerResult> {
  const total = Math.round(rate * seconds);
  const intervalNs = 1e9 / rate;
  const start = process.hrtime.bigint();
  let next = 0;
  let sent = 0;
  let failedRequests = 0;
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const deadline = start + BigInt(Math.round((seconds + 30) * 1e9));
  while (next < total) {
    const now = process.hrtime.bigint();
    if (now > deadline) break;
    const due = Math.min(total, Math.floor(Number(now - start) / intervalNs) + 1);
    if (due > next && inFlight < 16) {
      const events = [];
      for (; next < due && events.length < 5000; next++)
        events.push(stampedLine(start + BigInt(Math.round(next * intervalNs)), PAD));
      inFlight++;
      const count = events.length;
      pending.push(
        postJson(target.url, { events }).then((status) => {
          inFlight--;
          if (status === 201) sent += count;
          else failedRequests++;
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  return { scheduled: total, sent, failedRequests, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
