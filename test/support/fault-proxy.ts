/**
 * A fault-injecting TCP proxy (node:net) to put between a client and a real server: it
 * cuts connections (all at once, or each after a random number of bytes, i.e. at random
 * points inside frames), blackholes established connections (bytes stop, sockets stay
 * open, as a dead NAT or a sleeping laptop looks), refuses connections, and answers
 * chosen HTTP requests itself (a 503 burst, a refused WebSocket upgrade).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes from the server this pair may still forward before it is cut. */
  budget: number;
  stalled: boolean;
}

/** What to do with an HTTP request, decided from its head (`GET /api/stream?… HTTP/1.1\r\n…`). */
export type RequestFilter = (head: string) => string | 'drop' | undefined;

export class FaultProxy {
  readonly pairs = new Set<Pair>();
  /** Connections cut by the proxy so far. */
  cuts = 0;
  /** Connections accepted so far. */
  accepted = 0;
  /** Each new connection is cut after this many server bytes (undefined: never). */
  cutAfterBytes: (() => number | undefined) | undefined;
  /** Refuse new connections outright. */
  refusing = false;
  /** Answers some requests in place of the server. */
  filter: RequestFilter | undefined;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private targetPort: number,
  ) {}

  /** Starts a proxy on an ephemeral port in front of `127.0.0.1:targetPort`. */
  static async start(targetPort: number): Promise<FaultProxy> {
    const holder: { proxy?: FaultProxy } = {};
    const server = createServer((client) => holder.proxy?.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    holder.proxy = new FaultProxy(server, typeof address === 'object' && address ? address.port : 0, targetPort);
    return holder.proxy;
  }

  /** Rewrites the API base URL of the server to go through the proxy. */
  url(serverUrl: string): string {
    const url = new URL(serverUrl);
    url.port = String(this.port);
    return url.href.replace(/\/$/, '');
  }

  /** Points the proxy at another port (a restarted server). */
  retarget(port: number): void {
    this.targetPort = port;
  }

  /** Cuts every open connection now; returns how many. */
  cutAll(): number {
    let n = 0;
    for (const pair of [...this.pairs]) {
      this.cut(pair);
      n += 1;
    }
    return n;
  }

  /** Stops forwarding on every open connection, leaving the sockets open. New ones flow. */
  blackholeExisting(): number {
    for (const pair of this.pairs) pair.stalled = true;
    return this.pairs.size;
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Takes over one client connection (called by the listening server). */
  accept(client: Socket): void {
    this.accepted += 1;
    if (this.refusing) return void client.destroy();
    const upstream = connect(this.targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream, budget: this.cutAfterBytes?.() ?? Infinity, stalled: false };
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    // A blackholed connection passes nothing, not even the server closing it: the client
    // must find out by itself that it is dead.
    const upstreamGone = () => (pair.stalled ? upstream.destroy() : drop());
    upstream.on('error', upstreamGone).on('close', upstreamGone);
    client.on('data', (chunk: Buffer) => {
      if (pair.stalled) return;
      const filtered = this.filterRequest(chunk);
      if (filtered === 'drop') return this.cut(pair);
      if (filtered !== undefined) {
        this.pairs.delete(pair);
        upstream.destroy();
        client.end(filtered);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (pair.stalled) return;
      if (chunk.length < pair.budget) {
        pair.budget -= chunk.length;
        client.write(chunk);
        return;
      }
      // Forward part of the chunk and close: the client gets a frame broken mid-way. A FIN
      // after the write (an RST could discard the bytes still in flight, so that a big
      // catch-up chunk would never get through and the test would only test a livelock).
      client.write(chunk.subarray(0, pair.budget));
      this.cut(pair, 'fin');
    });
  }

  private filterRequest(chunk: Buffer): string | 'drop' | undefined {
    if (!this.filter) return undefined;
    const head = chunk.subarray(0, 2048).toString('latin1');
    return /^[A-Z]+ \S+ HTTP\/1\.1\r\n/.test(head) ? this.filter(head) : undefined;
  }

  private cut(pair: Pair, how: 'rst' | 'fin' = 'rst'): void {
    if (!this.pairs.delete(pair)) return;
    this.cuts += 1;
    pair.upstream.destroy();
    if (how === 'fin') {
      pair.client.end();
      return;
    }
    // resetAndDestroy sends RST (a crash or a dropped NAT entry), not a polite FIN.
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
  }
}

/** A raw HTTP response, for {@link FaultProxy.filter}. */
export function rawResponse(status: number, reason: string, headers: Record<string, string> = {}, body = ''): string {
  const lines = [`HTTP/1.1 ${status} ${reason}`, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
