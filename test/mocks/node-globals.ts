/**
 * Node 20 has no global WebSocket or EventSource, and MSW's WebSocket interception patches
 * the global class: give it undici's before `server.listen()`, and take them away again
 * after the file so other test files see the plain Node globals. Import this first.
 */
import { EventSource, WebSocket } from 'undici';
import { afterAll } from 'vitest';

const g = globalThis as { WebSocket?: unknown; EventSource?: unknown };
const before = { WebSocket: g.WebSocket, EventSource: g.EventSource };
g.WebSocket ??= WebSocket;
g.EventSource ??= EventSource;

afterAll(() => {
  g.WebSocket = before.WebSocket;
  g.EventSource = before.EventSource;
  if (before.WebSocket === undefined) delete g.WebSocket;
  if (before.EventSource === undefined) delete g.EventSource;
});
