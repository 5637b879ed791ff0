// The ready-made server of `run-progress-kit/mocks/node`: every scenario at http://localhost/api.
import { EventSource, WebSocket } from 'undici';
globalThis.WebSocket ??= WebSocket as typeof globalThis.WebSocket;
globalThis.EventSource ??= EventSource as typeof globalThis.EventSource;

import { afterAll, beforeAll, expect, test } from 'vitest';
import { server } from 'run-progress-kit/mocks/node';
import { watchRun } from 'run-progress-kit/feed';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

test('plays the queued scenario', async () => {
  const feed = watchRun({ baseUrl: 'http://localhost/api', runId: 'queued' });
  await expect.poll(() => feed.getState().run?.status, { timeout: 10_000 }).toBe('queued');
  feed.close();
});
