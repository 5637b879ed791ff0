/**
 * A fault-injecting HTTP and WebSocket proxy in front of a backend: faults are planted
 * in what goes over the wire (a status, a header, a JSON field, an SSE message, a
 * WebSocket frame) without touching the server's code. With no hooks it forwards every
 * request, stream and socket as it is, so the suite passes through it.
 * @module
 */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/** A request as the proxy received it (hooks may change it before it is forwarded). */
export interface ProxiedRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}

/** A buffered answer (hooks may change it before it is sent). */
export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Where a fault is planted. Every hook is optional; a proxy without hooks changes nothing. */
export interface FaultHooks {
  /** Before forwarding: change `req` in place, or answer it here instead. */
  request?(req: ProxiedRequest): ProxiedResponse | undefined;
  /** A whole (non-stream) answer before it is sent: change it in place. */
  response?(req: ProxiedRequest, res: ProxiedResponse): void;
  /** The head of an SSE answer (`text/event-stream`): change status or headers in place. */
  streamHead?(req: ProxiedRequest, head: { status: number; headers: Record<string, string> }): void;
  /** One SSE message block (its lines, without the blank line after it): the blocks to send instead. */
  sseMessage?(req: ProxiedRequest, block: string): string[];
  /** One WebSocket text frame from the server: the frames to send to the client instead. */
  wsFromServer?(frame: string): string[];
  /** One WebSocket text frame from the client: the frames to send to the server instead. */
  wsFromClient?(frame: string): string[];
  /** The code the server closed a WebSocket with: the code to close the client's with instead. */
  wsCloseCode?(code: number): number;
}

/** A running proxy. */
export interface Proxy {
  /** The proxy's API base URL (the upstream base with the proxy's origin). */
  url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(key)) continue;
    out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** WebSocket close codes that may be sent; others (1005, 1006, …) close without a code. */
function sendableCode(code: number): number | undefined {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)
    ? code
    : undefined;
}

/** Starts a proxy in front of `upstreamUrl` (an API base such as `http://127.0.0.1:8080/api`). */
export async function startProxy(upstreamUrl: string, hooks: FaultHooks = {}): Promise<Proxy> {
  const upstream = new URL(upstreamUrl);
  const sockets = new Set<Duplex>();
  const server = createServer((req, res) => {
    void forward(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const proxied: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: flatten(req.headers),
      body: await readAll(req),
    };
    const answered = hooks.request?.(proxied);
    if (answered) return sendBuffered(res, proxied, answered);
    const headers: Record<string, string> = { ...proxied.headers, host: upstream.host };
    delete headers['content-length'];
    if (proxied.body.length > 0) headers['content-length'] = String(proxied.body.length);
    const query = proxied.query.toString();
    const out = httpRequest({
      host: upstream.hostname,
      port: upstream.port,
      method: proxied.method,
      path: `${proxied.path}${query ? `?${query}` : ''}`,
      headers,
    });
    let answeredUpstream = false;
    res.on('close', () => out.destroy());
    out.on('error', () => {
      if (!answeredUpstream && !res.headersSent)
        sendBuffered(res, proxied, { status: 502, headers: {}, body: Buffer.alloc(0) });
      else res.destroy();
    });
    out.on('response', (answer) => {
      answeredUpstream = true;
      const status = answer.statusCode ?? 502;
      const answerHeaders = flatten(answer.headers);
      if (/^text\/event-stream\b/i.test(answerHeaders['content-type'] ?? '') && status === 200) {
        streamSse(proxied, answer, res, { status, headers: answerHeaders });
        return;
      }
      void readAll(answer).then(
        (body) => {
          const buffered: ProxiedResponse = { status, headers: answerHeaders, body };
          hooks.response?.(proxied, buffered);
          sendBuffered(res, proxied, buffered);
        },
        () => res.destroy(),
      );
    });
    out.end(proxied.body);
  }

  function sendBuffered(res: ServerResponse, req: ProxiedRequest, answer: ProxiedResponse): void {
    const headers = { ...answer.headers };
    // A HEAD answer states the GET's length; every other answer the length of what is sent.
    if (req.method !== 'HEAD') {
      delete headers['content-length'];
      if (answer.status !== 204 && answer.status !== 304) headers['content-length'] = String(answer.body.length);
    }
    res.writeHead(answer.status, headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  }

  function streamSse(
    req: ProxiedRequest,
    answer: IncomingMessage,
    res: ServerResponse,
    head: { status: number; headers: Record<string, string> },
  ): void {
    hooks.streamHead?.(req, head);
    delete head.headers['content-length'];
    res.writeHead(head.status, head.headers);
    res.flushHeaders();
    let pending = '';
    answer.setEncoding('utf8');
    answer.on('data', (chunk: string) => {
      pending += chunk;
      for (;;) {
        const end = pending.search(/\r?\n\r?\n/);
        if (end < 0) break;
        const block = pending.slice(0, end);
        pending = pending.slice(end).replace(/^\r?\n\r?\n/, '');
        const blocks = hooks.sseMessage ? hooks.sseMessage(req, block) : [block];
        for (const b of blocks) res.write(`${b}\n\n`);
      }
    });
    answer.on('end', () => res.end(pending));
    answer.on('error', () => res.destroy());
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(req, socket, head, (client) => relaySocket(req, client));
  });

  function relaySocket(req: IncomingMessage, client: WebSocket): void {
    const target = new URL(req.url ?? '/', upstreamUrl);
    target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
    const headers: Record<string, string> = {};
    if (req.headers.origin) headers['origin'] = req.headers.origin;
    const server = new WebSocket(target, { headers });
    const queued: Array<{ data: RawData; binary: boolean }> = [];
    server.on('open', () => {
      for (const m of queued.splice(0)) server.send(m.data, { binary: m.binary });
    });
    const toServer = (data: RawData, binary: boolean) => {
      if (server.readyState === WebSocket.OPEN) server.send(data, { binary });
      else queued.push({ data, binary });
    };
    client.on('message', (data, binary) => {
      if (binary || !hooks.wsFromClient) toServer(data, binary);
      else for (const frame of hooks.wsFromClient(rawText(data))) toServer(Buffer.from(frame), false);
    });
    server.on('message', (data, binary) => {
      if (client.readyState !== WebSocket.OPEN) return;
      if (binary || !hooks.wsFromServer) {
        client.send(data, { binary });
        return;
      }
      for (const frame of hooks.wsFromServer(rawText(data))) client.send(frame);
    });
    server.on('close', (code, reason) => {
      const sendable = sendableCode(hooks.wsCloseCode ? hooks.wsCloseCode(code) : code);
      if (client.readyState === WebSocket.OPEN) client.close(sendable, sendable === undefined ? undefined : reason);
      else client.terminate();
    });
    client.on('close', (code) => {
      const sendable = sendableCode(code);
      if (server.readyState === WebSocket.OPEN) server.close(sendable);
      else server.terminate();
    });
    server.on('error', () => client.terminate());
    client.on('error', () => server.terminate());
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(upstreamUrl);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString().replace(/\/$/, ''),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
