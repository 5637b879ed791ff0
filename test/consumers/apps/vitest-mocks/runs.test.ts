// The shipped mocks in a Vitest project, exactly as docs/mocks.md shows them.
import { EventSource, WebSocket } from 'undici';
globalThis.WebSocket ??= WebSocket as typeof globalThis.WebSocket;
globalThis.EventSource ??= EventSource as typeof globalThis.EventSource;

import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRunHandlers, failure } from 'run-progress-kit/mocks';
import { watchRun } from 'run-progress-kit/feed';

const server = setupServer(...createRunHandlers({ baseUrl: 'http://localhost/api', scenarios: [failure], speed: 40 }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

test('shows the failure', async () => {
  const feed = watchRun({ baseUrl: 'http://localhost/api', runId: 'failure' });
  await expect.poll(() => feed.getState().run?.status, { timeout: 10_000 }).toBe('failed');
  expect(feed.getState().run?.error?.code).toBe('E_QUOTA');
  feed.close();
});
