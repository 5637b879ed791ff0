/**
 * Reads a JSON request body with a size bound. Over the bound the server stops reading
 * (413 before a byte is read when `Content-Length` says so, else as soon as the count
 * passes it) and closes the connection, so an oversized upload costs little.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { ProblemType } from '../../src/contract/index.js';
import { HttpProblem, problem, ServerProblemType } from './problem.js';

/** Thrown for a body over the limit; the caller answers 413 and closes the connection. */
export class BodyTooLarge extends HttpProblem {
  constructor(limit: number) {
    super(problem(413, ProblemType.TooLarge, `The body exceeds ${limit} bytes; split the batch.`), {
      Connection: 'close',
    });
  }
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

/** Reads and parses the body: 413 over `limit`, 400 when it is not JSON. */
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
    const onError = (error: Error) => (cleanup(), reject(error));
    const onAborted = () => (cleanup(), reject(new Error('request aborted while reading the body')));
    const cleanup = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
  const text = Buffer.concat(chunks, size).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpProblem(
      problem(400, ProblemType.Malformed, `The body is not valid JSON: ${(error as Error).message}`),
    );
  }
}
