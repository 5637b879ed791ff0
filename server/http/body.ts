/**
 * Reads a JSON request body with a size bound. Over the bound the server stops reading
 * (413 before a byte is read when `Content-Length` says so, else as soon as the count
 * passes it) and closes the connection, so an oversized upload costs little.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { ProblemType } from '../../src/contract/index.js';
import { HttpProblem, problem, ServerProblemType } from '../shared/problem.js';

/** Thrown for a body over the limit; the caller answers 413 and closes the connection. */
export class BodyTooLarge extends HttpProblem {
  constructor(limit: number) {
    super(problem(413, ProblemType.TooLarge, `The body exceeds ${limit} bytes; split the batch.`), {
      Connection: 'close',
    });
  }
}

/**
 * The client went away before its body arrived (closed the tab, lost the network, gave
 * up). Nothing is broken and nobody is left to answer: the server logs one short line
 * instead of a 500 with a stack trace.
 */
export class RequestAborted extends Error {
  constructor() {
    super('the client aborted the request before its body arrived');
    this.name = 'RequestAborted';
  }
}

/** How long the rest of an oversized upload is discarded before the connection is cut. */
export const TOO_LARGE_LINGER_MS = 5_000;
/** How many more bytes of an oversized upload are discarded (at least the body limit). */
export const TOO_LARGE_DISCARD_BYTES = 8 * 1024 * 1024;

/**
 * After a 413 has been sent: closes our side, then discards (never buffers or parses) what
 * the client is still uploading, for at most {@link TOO_LARGE_LINGER_MS} and
 * {@link TOO_LARGE_DISCARD_BYTES} (or `bodyLimit`, if larger) more bytes, before cutting
 * the connection. Closing at once would leave unread bytes in the kernel's receive
 * buffer, which makes it answer with a TCP reset; a client or a proxy still uploading then
 * sees ECONNRESET (a proxy answers 502) instead of the 413.
 */
export function lingerAfterTooLarge(req: IncomingMessage, bodyLimit: number): void {
  const maxBytes = Math.max(TOO_LARGE_DISCARD_BYTES, bodyLimit);
  const socket = req.socket;
  // Node ends a `Connection: close` response with `destroySoon()`, which is the reset
  // described above; half-close instead and let the timer or the byte count end it.
  socket.destroySoon = () => socket.end();
  let discarded = 0;
  const cut = setTimeout(() => socket.destroy(), TOO_LARGE_LINGER_MS);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxBytes) socket.destroy();
  });
  req.resume();
}

/** Checks the content type is JSON: 415 otherwise. */
export function requireJson(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
    throw new HttpProblem(problem(415, ServerProblemType.UnsupportedMediaType, 'Send the body as application/json.'), {
      Accept: 'application/json',
    });
  }
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2];
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    throw new HttpProblem(problem(415, ServerProblemType.UnsupportedMediaType, 'JSON bodies must be UTF-8.'));
  }
}

// ignoreBOM keeps a byte-order mark in the text, which JSON.parse refuses, as before.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads and parses the body: 413 over `limit`, 400 when it is not UTF-8 JSON. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (req.readableEnded) {
    // Waiting for 'end' would hang forever; say what is wrong instead (a 500, logged).
    throw new Error(
      'the request body was already read by another middleware: mount the run server before body parsers',
    );
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => (cleanup(), resolve());
    // Node reports a connection lost mid-body as 'aborted' and then as an 'error' with
    // ECONNRESET ("aborted"); either way it is the client's doing.
    const onError = (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(error.code === 'ECONNRESET' || req.destroyed ? new RequestAborted() : error);
    };
    const onAborted = () => (cleanup(), reject(new RequestAborted()));
    const cleanup = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
  let text: string;
  try {
    // Fatal: replacing bad bytes with U+FFFD would store text the producer never sent.
    text = strictUtf8.decode(Buffer.concat(chunks, size));
  } catch {
    throw new HttpProblem(
      problem(400, ProblemType.Malformed, 'The body is not valid UTF-8: JSON bodies must be UTF-8 encoded.'),
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpProblem(
      problem(400, ProblemType.Malformed, `The body is not valid JSON: ${(error as Error).message}`),
    );
  }
}
