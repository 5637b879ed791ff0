/**
 * Three backends that do not speak the contract, on one node:http server, sharing one
 * scripted run model that tests move by hand (`advance`, `fail`, `drop`), over HTTP too
 * (`POST /control/{id}/{create|advance|fail|drop}`) for browser tests:
 * 1. `GET /jobs/{id}`: `{id, status, last_phase, progress_pct, error_message}`, polled;
 * 2. `ws /sessions/{id}`: after `{"action":"subscribe","session":id}`, replays every
 *    `{step, message, step_number, total_steps}` so far, then pushes new ones;
 * 3. `GET /v1/runs/{id}/progress` and `GET /v1/runs/{id}/stream`: SSE without ids,
 *    `keepalive` events, only what happens after connect, `update`/`log`/`finished`.
 * Unknown runs get a plain JSON 404 and `/private/...` an HTML 401: neither is a problem document.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

interface ForeignRun {
  steps: string[];
  /** Index of the current step, -1 before the first. */
  index: number;
  status: 'pending' | 'in_progress' | 'done' | 'error';
  error?: string;
  messages: Array<{ step: string; message: string; step_number: number; total_steps: number }>;
  sockets: Set<WebSocket>;
  streams: Set<ServerResponse>;
  /** `GET /jobs/{id}` requests still to cut off (a polled resource has no connection to drop). */
  cutPolls: number;
}

/** A started set of foreign backends. */
export interface ForeignBackends {
  url: string;
  create(id: string, steps: string[]): void;
  advance(id: string): void;
  fail(id: string, message: string): void;
  /**
   * Drops every live connection of the run (sockets and streams), as a proxy restart
   * would, and cuts off the next two polls of its `/jobs` resource.
   */
  drop(id: string): void;
  close(): Promise<void>;
}

/** Starts the servers on an ephemeral port; `keepaliveMs` paces the SSE keepalives. */
export async function startForeignBackends(options: { keepaliveMs?: number } = {}): Promise<ForeignBackends> {
  const runs = new Map<string, ForeignRun>();
  const sockets = new Set<Socket>();
  const get = (id: string): ForeignRun => {
    const run = runs.get(id);
    if (!run) throw new Error(`no run ${id}`);
    return run;
  };
  const send = (run: ForeignRun, event: string, data: unknown) => {
    for (const res of run.streams) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const push = (run: ForeignRun, step: string, message: string, stepNumber: number) => {
    const msg = { step, message, step_number: stepNumber, total_steps: run.steps.length };
    run.messages.push(msg);
    for (const ws of run.sockets) ws.send(JSON.stringify(msg));
  };
  const progressOf = (run: ForeignRun) => ({
    state:
      run.status === 'done'
        ? 'SUCCEEDED'
        : run.status === 'error'
          ? 'FAILED'
          : run.status === 'pending'
            ? 'QUEUED'
            : 'RUNNING',
    stage: run.index >= 0 ? run.steps[Math.min(run.index, run.steps.length - 1)] : null,
    pct: Math.round((Math.max(0, run.index) / run.steps.length) * 100),
    detail: run.error ?? null,
  });

  const backends = {
    create(id: string, steps: string[]) {
      runs.set(id, {
        steps,
        index: -1,
        status: 'pending',
        messages: [],
        sockets: new Set(),
        streams: new Set(),
        cutPolls: 0,
      });
    },
    advance(id: string) {
      const run = get(id);
      run.index += 1;
      if (run.index < run.steps.length) {
        run.status = 'in_progress';
        const step = run.steps[run.index] as string;
        push(run, step, `Running ${step}`, run.index + 1);
        send(run, 'update', { stage: step, pct: progressOf(run).pct });
        send(run, 'log', { line: `started ${step}` });
      } else {
        run.status = 'done';
        push(run, 'finished', 'All done', run.steps.length);
        send(run, 'finished', { state: 'SUCCEEDED' });
      }
    },
    fail(id: string, message: string) {
      const run = get(id);
      run.status = 'error';
      run.error = message;
      push(run, 'failed', message, Math.max(1, run.index + 1));
      send(run, 'finished', { state: 'FAILED', detail: message });
    },
    drop(id: string) {
      const run = get(id);
      for (const ws of run.sockets) ws.terminate();
      for (const res of run.streams) res.socket?.destroy();
      run.sockets.clear();
      run.streams.clear();
      run.cutPolls = 2;
    },
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'authorization, accept, content-type');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const path = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter(Boolean);
    const run = runs.get(path[1] ?? '') ?? runs.get(path[2] ?? '');
    if (path[0] === 'control' && req.method === 'POST') {
      const [, id = '', action] = path;
      if (action === 'create') backends.create(id, ['fetch_data', 'score', 'publish']);
      else if (!runs.has(id)) return json(res, 404, { error: 'no such run' });
      else if (action === 'advance') backends.advance(id);
      else if (action === 'fail') backends.fail(id, 'scoring model unavailable');
      else if (action === 'drop') backends.drop(id);
      return json(res, 200, { ok: true });
    }
    // A gateway that wants a login first, and answers with its own body, not a problem document.
    if (path[0] === 'private') {
      res.writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Bearer' });
      return void res.end('<html><body>Please log in</body></html>');
    }
    // A backend that answers an unknown job with a 500 and a body of its own.
    if (path[0] === 'legacy' && !run)
      return json(res, 500, { code: 'JOB_UNKNOWN', message: `job ${path[1] ?? ''} does not exist` });
    if (path[0] === 'jobs' && run) {
      if (run.cutPolls > 0) {
        run.cutPolls -= 1;
        return void req.socket.destroy();
      }
      return json(res, 200, {
        id: path[1],
        status: run.status,
        last_phase: run.index >= 0 ? run.steps[Math.min(run.index, run.steps.length - 1)] : null,
        progress_pct: progressOf(run).pct,
        error_message: run.error ?? null,
      });
    }
    if (path[0] === 'v1' && path[1] === 'runs' && run && path[3] === 'progress') return json(res, 200, progressOf(run));
    if (path[0] === 'v1' && path[1] === 'runs' && run && path[3] === 'stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': hello\n\n');
      run.streams.add(res);
      const keepalive = setInterval(() => res.write('event: keepalive\ndata: {}\n\n'), options.keepaliveMs ?? 500);
      res.on('close', () => {
        clearInterval(keepalive);
        run.streams.delete(res);
      });
      return;
    }
    json(res, 404, { error: 'not found' });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const [kind, id = ''] = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter(Boolean);
    if (kind !== 'sessions' || !runs.has(id)) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('message', (data) => {
        const hello = JSON.parse(String(data)) as { action?: string; session?: string };
        const run = runs.get(id);
        if (hello.action !== 'subscribe' || hello.session !== id || !run) return void ws.close(4400, 'subscribe first');
        for (const msg of run.messages) ws.send(JSON.stringify(msg));
        run.sockets.add(ws);
        ws.on('close', () => run.sockets.delete(ws));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ...backends,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
