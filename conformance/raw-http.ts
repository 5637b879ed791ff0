/**
 * One HTTP/1.1 request sent the way many producers send it: the whole body first, the
 * answer read only afterwards (Python's `http.client`, most blocking clients, buffering
 * proxies). `fetch` reads while it writes, so it can see an early answer that such clients
 * lose when the server resets the connection under them.
 * @module
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** What came back: the status line, or why nothing readable did. */
export type RawAnswer = { status: number; head: string } | { error: string };

/** Sends `body` completely before reading; answers within `withinMs`. */
export function postWholeBodyThenRead(
  url: URL,
  headers: Record<string, string>,
  body: Buffer,
  withinMs: number,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = openSocket(url);
    // Not reading until the body is written is the point: data that arrives meanwhile stays
    // in the kernel, where a reset discards it, as it would for a blocking client.
    socket.pause();
    let received = '';
    let writeError: string | undefined;
    const finish = (answer: RawAnswer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ error: `no answer within ${withinMs} ms` }), withinMs);
    const readAnswer = () => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        const match = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(received);
        if (match && received.includes('\r\n\r\n'))
          finish({ status: Number(match[1]), head: received.split('\r\n\r\n')[0] as string });
      });
      socket.on('end', () =>
        finish({
          error: `the connection closed after ${received.length} bytes${writeError ? ` (${writeError})` : ''}`,
        }),
      );
      socket.resume();
    };
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (writeError === undefined && received === '') writeError = error.code ?? error.message;
      finish({ error: `${error.code ?? error.message} after ${received.length} bytes of answer` });
    });
    const head =
      `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n` +
      Object.entries({ ...headers, 'content-length': String(body.length) })
        .map(([k, val]) => `${k}: ${val}\r\n`)
        .join('') +
      '\r\n';
    socket.write(head);
    socket.write(body, (error) => {
      if (error) writeError = (error as NodeJS.ErrnoException).code ?? error.message;
      readAnswer();
    });
  });
}

/** A whole answer read off the socket, with whatever bytes followed the head. */
export type RawResponse = { status: number; headers: Map<string, string>; body: string } | { error: string };

/**
 * Sends a request without a body over a fresh `Connection: close` connection and reads
 * until the server closes it, so bytes a server wrongly sends after the head of a `HEAD`
 * answer are seen (`fetch` would hide them, or take them for the next answer).
 */
export function rawRequest(
  method: string,
  url: URL,
  headers: Record<string, string>,
  withinMs: number,
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = openSocket(url);
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (answer: RawResponse) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const parse = (): RawResponse => {
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (end < 0 || !match) return { error: `no complete answer head in ${text.length} bytes` };
      const fields = new Map<string, string>();
      for (const line of text.slice(0, end).split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      return { status: Number(match[1]), headers: fields, body: text.slice(end + 4) };
    };
    // Waiting out a server that keeps the connection open despite `Connection: close`: what
    // came by the deadline is the answer.
    const timer = setTimeout(() => finish(parse()), withinMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => finish(parse()));
    socket.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
    socket.write(
      `${method} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n` +
        Object.entries(headers)
          .map(([k, val]) => `${k}: ${val}\r\n`)
          .join('') +
        '\r\n',
    );
  });
}

/** A TCP (or TLS, for https) socket to `url`'s host and port. */
function openSocket(url: URL): Socket {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return url.protocol === 'https:'
    ? connectTls({ host: url.hostname, port, servername: url.hostname })
    : connectTcp(port, url.hostname);
}
