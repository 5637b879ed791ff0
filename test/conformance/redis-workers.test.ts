import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResult, runConformance } from '../../conformance/index.js';
import { startRunServer, type RunStore, type StartedRunServer } from '../../server/index.js';
import { openRedisStore } from '../../server/store/redis-store.js';
import { shouldSkipRedisTests, startRedisServer, type RedisProcess } from '../server/redis/redis-server-process.js';

// The contract must hold for a deployment, not just a process: two workers share one
// Redis behind a round-robin TCP balancer, so a run is created through one worker,
// appended through either, and streamed from either.

const MAX_EVENTS_PER_RUN = 50;
const TOKENS = {
  'a-producer': { tenant: 'a', role: 'producer' },
  'a-reader': { tenant: 'a', role: 'reader' },
  'b-producer': { tenant: 'b', role: 'producer' },
} as const;

/**
 * Hands each new TCP connection to the next worker in turn. Half-open connections pass
 * through as such (a FIN one way leaves the other way open), as in an L4 balancer.
 */
function roundRobin(ports: readonly number[]): Promise<{ server: Server; port: number; connections: () => number }> {
  let next = 0;
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ port: ports[next++ % ports.length] as number, host: '127.0.0.1', allowHalfOpen: true });
    client.pipe(upstream).pipe(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, connections: () => next }),
    ),
  );
}

describe.skipIf(shouldSkipRedisTests())('the conformance suite against two workers on one Redis', () => {
  let redis: RedisProcess;
  const stores: RunStore[] = [];
  const workers: StartedRunServer[] = [];
  let balancer: Awaited<ReturnType<typeof roundRobin>>;

  beforeAll(async () => {
    redis = await startRedisServer();
    for (let i = 0; i < 2; i++) {
      const store = await openRedisStore({ url: redis.url, retention: { maxEventsPerRun: MAX_EVENTS_PER_RUN } });
      stores.push(store);
      workers.push(await startRunServer({ store, heartbeatMs: 500, auth: { tokens: TOKENS } }));
    }
    balancer = await roundRobin(workers.map((w) => w.port));
  });

  afterAll(async () => {
    balancer?.server.close();
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(stores.map((s) => s.close()));
    await redis?.stop();
  });

  it('passes every check through the balancer', async () => {
    const results = await runConformance({
      baseUrl: `http://127.0.0.1:${balancer.port}/api`,
      token: 'a-reader',
      producerToken: 'a-producer',
      otherTenantToken: 'b-producer',
      trimmedAfter: MAX_EVENTS_PER_RUN,
      heartbeatTimeoutMs: 2_000,
    });
    const notPassed = results.filter((r) => r.outcome !== 'passed').map(formatResult);
    expect(notPassed, notPassed.join('\n')).toEqual([]);
    expect(balancer.connections()).toBeGreaterThan(results.length);
  }, 180_000);
});
