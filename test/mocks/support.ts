/** Helpers for the mock tests: follow a scenario with `watchRun` over one transport. */
import { setupServer, type SetupServer } from 'msw/node';
import { createRunHandlers, type MockNetwork, type MockScenario } from '../../mocks/index.js';
import { MockRun } from '../../mocks/mock-run.js';
import type { RunSnapshot } from '../../src/contract/index.js';
import { watchRun, type RunClientOptions, type RunFeed } from '../../src/feed/index.js';
import {
  pollingTransport,
  sseTransport,
  webSocketTransport,
  type TokenGetter,
  type TransportFactory,
} from '../../src/transports/index.js';

export const TRANSPORTS = {
  websocket: () => webSocketTransport(),
  sse: () => sseTransport(),
  // Fast polling: the mock plays 40x faster than scripted.
  polling: () => pollingTransport({ intervalMs: 20, maxIntervalMs: 50 }),
} satisfies Record<string, () => TransportFactory>;
export type TransportName = keyof typeof TRANSPORTS;

let nextBase = 0;

/** A fresh base URL per test: `watchRun` shares clients and remembers transports per base URL. */
export function freshBase(): string {
  nextBase += 1;
  return `http://localhost/m${nextBase}/api`;
}

/** Starts MSW with `scenarios` at `baseUrl`; returns the server to close. */
export function serve(baseUrl: string, scenarios: MockScenario[], speed: number, network?: MockNetwork): SetupServer {
  const server = setupServer(...createRunHandlers({ baseUrl, scenarios, speed, network }));
  server.listen({ onUnhandledRequest: 'error' });
  return server;
}

/** Watches `runId` at `baseUrl` with quick retries, over the given transports. */
export function follow(
  baseUrl: string,
  runId: string,
  transports: TransportFactory[],
  extra: Partial<RunClientOptions> & { getToken?: TokenGetter } = {},
): RunFeed {
  return watchRun({
    baseUrl,
    runId,
    transports,
    retryPolicy: { nextRetryDelay: () => 20 },
    upgradeAfterMs: 0,
    ...extra,
  });
}

/** What the scenario's run looks like once every event has happened. */
export function finalSnapshot(scenario: MockScenario): RunSnapshot {
  const run = new MockRun(scenario, 0, 1);
  return run.snapshot(Infinity);
}

/** The seqs of every log event of the scenario, in order. */
export function logSeqs(scenario: MockScenario): number[] {
  return scenario.timeline.flatMap((entry, index) => (entry.event.type === 'log' ? [index + 1] : []));
}

/** A snapshot without the fields that depend on when the run was played. */
export function timeless(snapshot: RunSnapshot | undefined): unknown {
  if (!snapshot) return undefined;
  const { createdAt, updatedAt, startedAt, endedAt, etaAt, ...rest } = snapshot;
  void [createdAt, updatedAt, startedAt, endedAt, etaAt];
  return { ...rest, steps: rest.steps.map(({ startedAt: s, endedAt: e, ...step }) => (void [s, e], step)) };
}
