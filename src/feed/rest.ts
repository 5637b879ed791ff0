/**
 * The feed's REST reads (snapshot, event pages, log tail) with auth, validation, and a
 * validator cache so a repeated snapshot read costs a 304.
 * @module
 */
import { contractPaths } from '../contract/paths.js';
import type { RunReader } from '../contract/reader.js';
import { shapeOf } from '../contract/shape.js';
import type { Clock } from '../transports/clock.js';
import type { TokenGetter } from '../transports/connection.js';
import { TransportError } from '../transports/errors.js';
import type { FetchLike } from '../transports/transport.js';
import { authHeaders, failureOf, joinUrl, networkFailure, tokenFor } from '../transports/http.js';
import { eventPageFits, logTailFits, runSnapshotFits, type Guard } from './run-guards.js';

// The port is the contract's; re-exported here, where the feed's users have always found it.
export type { RunReader };

/** Options of {@link restReader}. */
export interface RestReaderOptions {
  baseUrl: string;
  fetch: FetchLike;
  clock: Clock;
  getToken?: TokenGetter | undefined;
  credentials?: RequestCredentials | undefined;
  /** Abort a read that takes longer than this (default 30 s): a dead keep-alive socket never answers. */
  requestTimeoutMs?: number | undefined;
}

// Pure: a page that does not use this module must not keep the call (tree shaking).
const paths = /* @__PURE__ */ contractPaths('');

/**
 * Reads over `fetch`. A 401 asks the token getter for a fresh token and tries once more;
 * failures throw {@link TransportError} with the status, `Retry-After` and problem.
 */
export function restReader(options: RestReaderOptions): RunReader {
  const etags = new Map<string, { etag: string; body: unknown }>();

  async function once(url: string, refresh: boolean): Promise<{ response: Response; text: string }> {
    const token = await tokenFor(options.getToken, refresh);
    const headers = authHeaders(token, 'application/json');
    const cached = etags.get(url);
    if (cached) headers['if-none-match'] = cached.etag;
    const abort = new AbortController();
    const timer = options.clock.setTimeout(() => abort.abort(), options.requestTimeoutMs ?? 30_000);
    try {
      const response = await options.fetch(joinUrl(options.baseUrl, url), {
        headers,
        credentials: options.credentials,
        cache: 'no-store',
        signal: abort.signal,
      });
      // Read the body under the same deadline: a stream can die between headers and body.
      const text = response.status === 304 ? '' : await response.text();
      return { response, text };
    } catch (error) {
      throw new TransportError(networkFailure(error), { cause: error });
    } finally {
      options.clock.clearTimeout(timer);
    }
  }

  async function get<T>(url: string, guard: Guard<T>, cache: boolean): Promise<T> {
    let answer = await once(url, false);
    if (answer.response.status === 401) answer = await once(url, true);
    const { response, text } = answer;
    let body: unknown;
    if (response.status === 304 && etags.has(url)) body = etags.get(url)?.body;
    else if (!response.ok) throw new TransportError(failureOf(response, text, options.clock.now()));
    else {
      body = parseJson(text);
      const etag = response.headers.get('etag');
      if (cache && etag) etags.set(url, { etag, body });
    }
    const where = guard(body);
    if (where !== undefined) {
      throw new TransportError(
        {
          kind: 'protocol',
          message: `GET ${url}: body does not fit the contract${where ? ` at ${where}` : ''}`,
        },
        { cause: shapeOf(body) },
      );
    }
    return body as T;
  }

  return {
    snapshot: (runId) => get(paths.run(runId), runSnapshotFits, true),
    events: (runId, after) => get(`${paths.events(runId)}?after=${after}`, eventPageFits, false),
    logTail: (runId, count) => get(`${paths.logs(runId)}?tail=${count}`, logTailFits, false),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
