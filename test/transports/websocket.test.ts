import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { ServerFrame } from '../../src/contract/index.js';
import {
  webSocketTransport,
  type CloseReason,
  type Transport,
  type WebSocketConstructor,
} from '../../src/transports/index.js';
import { socketUrl } from '../../src/transports/websocket.js';
import { FakeClock, FakeEnvironment } from '../support/fake-clock.js';

/** A real WebSocket server playing the contract's server side by hand. */
async function wsServer() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const received: unknown[] = [];
  const urls: string[] = [];
  const sockets: ServerSocket[] = [];
  server.on('connection', (socket, req) => {
    urls.push(req.url ?? '');
    sockets.push(socket);
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
  });
  const { port } = server.address() as { port: number };
  return {
    server,
    port,
    received,
    urls,
    sockets,
    send: (frame: unknown) => sockets.at(-1)!.send(JSON.stringify(frame)),
  };
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

function connect(port: number, token: string | undefined, runs: Map<string, number>) {
  const got = { opened: [] as unknown[], frames: [] as ServerFrame[], closed: [] as CloseReason[] };
  const transport: Transport = webSocketTransport().create({
    baseUrl: `http://127.0.0.1:${port}/api`,
    token,
    credentials: undefined,
    fetch: globalThis.fetch,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    clock: new FakeClock(),
    environment: new FakeEnvironment(),
    callbacks: {
      onOpen: (info) => void got.opened.push(info),
      onFrames: (f) => void got.frames.push(...f),
      onMalformed: () => {},
      onClose: (r) => void got.closed.push(r),
    },
  });
  transport.open(() => runs);
  cleanup.push(() => transport.close());
  return { transport, got };
}

describe('WebSocket transport', () => {
  it('sends the token as the first message (never in the URL), subscribes after ready, and follows changes', async () => {
    const s = await wsServer();
    cleanup.push(() => s.server.close());
    const runs = new Map([['a', 5]]);
    const { transport, got } = connect(s.port, 'secret', runs);
    await waitFor(() => s.received.length === 1);
    expect(s.urls).toEqual(['/api/ws']);
    expect(s.received).toEqual([{ type: 'auth', token: 'secret' }]);
    s.send({ type: 'ready', heartbeatMs: 500 });
    await waitFor(() => s.received.length === 2);
    expect(got.opened).toEqual([{ heartbeatMs: 500 }]);
    expect(s.received[1]).toEqual({ type: 'subscribe', run: 'a', after: 5 });
    runs.delete('a');
    runs.set('b', 0);
    transport.update();
    await waitFor(() => s.received.length === 4);
    expect(s.received.slice(2)).toEqual([
      { type: 'unsubscribe', run: 'a' },
      { type: 'subscribe', run: 'b', after: 0 },
    ]);
    const frame: ServerFrame = { type: 'end', run: 'b', seq: 3, status: 'succeeded' };
    s.send(frame);
    await waitFor(() => got.frames.length === 1);
    expect(got.frames).toEqual([frame]);
  });

  it('maps close 4401 to a 401 and 1013 to a 503', async () => {
    const s = await wsServer();
    cleanup.push(() => s.server.close());
    const first = connect(s.port, 'bad', new Map([['a', 0]]));
    await waitFor(() => s.sockets.length === 1);
    s.sockets[0]!.close(4401, 'unauthorized');
    await waitFor(() => first.got.closed.length === 1);
    expect(first.got.closed[0]).toMatchObject({ kind: 'status', status: 401 });
    const second = connect(s.port, undefined, new Map([['a', 0]]));
    await waitFor(() => s.sockets.length === 2);
    s.sockets[1]!.close(1013, 'overloaded');
    await waitFor(() => second.got.closed.length === 1);
    expect(second.got.closed[0]).toMatchObject({ kind: 'status', status: 503 });
  });

  it('reports a refused connection as a network failure (the ladder then falls back)', async () => {
    const s = await wsServer();
    const port = s.port;
    await new Promise((r) => s.server.close(r));
    const { got } = connect(port, undefined, new Map());
    await waitFor(() => got.closed.length === 1);
    expect(got.closed[0]!.kind).toBe('network');
  });

  it('builds ws: and wss: URLs from the base URL', () => {
    expect(socketUrl('http://h:8/api')).toBe('ws://h:8/api/ws');
    expect(socketUrl('https://h/x/api/')).toBe('wss://h/x/api/ws');
  });
});
