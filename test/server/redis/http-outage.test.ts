import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunServer, type StartedRunServer } from '../../../server/index.js';
import { openRedisStore } from '../../../server/store/redis-store.js';
import type { RunStore } from '../../../server/store/run-store.js';
import { shouldSkipRedisTests, startRedisServer, type RedisProcess } from './redis-server-process.js';
import { silentLogger } from '../../../server/ops/logger.js';

const append = (server: StartedRunServer, runId: string, text: string, key: string) =>
  fetch(`${server.url}/runs/${runId}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ type: 'log', text }),
  });

// What a producer sees over HTTP while the server's Redis is down: 503 with Retry-After
// (back off and retry), never a 500 or a hang, and 201 again once Redis is back.
describe.skipIf(shouldSkipRedisTests())('the reference server on Redis, when Redis goes away', () => {
  let redis: RedisProcess | undefined;
  let store: RunStore | undefined;
  let server: StartedRunServer | undefined;
  beforeAll(async () => {
    redis = await startRedisServer({ persist: true });
    store = await openRedisStore({ url: redis.url, keyPrefix: 'http-outage:', onError: () => {} });
    server = await startRunServer({ store, logger: silentLogger() });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await redis?.stop();
  });

  it('answers 503 with Retry-After while Redis is down, then serves the run again', async () => {
    const created = await fetch(`${server!.url}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'r1' }),
    });
    expect(created.status).toBe(201);
    expect((await append(server!, 'r1', 'one', 'k1')).status).toBe(201);

    await redis!.kill();
    const refused = await append(server!, 'r1', 'two', 'k2');
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await fetch(`${server!.url}/runs/r1`)).status).toBe(503);

    await redis!.restart();
    let retried: Response | undefined;
    for (let attempt = 0; attempt < 100 && retried?.status !== 201; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      retried = await append(server!, 'r1', 'two', 'k2');
    }
    expect(retried!.status).toBe(201);
    const events = (await (await fetch(`${server!.url}/runs/r1/events`)).json()) as { events: { text: string }[] };
    expect(events.events.map((e) => e.text)).toEqual(['one', 'two']);
  }, 30_000);
});
