/**
 * What a client is told when a connection bound refuses its stream: 503 when the server
 * is full (everyone backs off), 429 when this principal or address holds its share
 * already (only that client backs off).
 * @module
 */
import { ProblemType } from '../../src/contract/index.js';
import type { Principal } from '../auth/principal.js';
import { HttpProblem, problem } from '../shared/problem.js';
import { principalKey, type ConnectionOwner, type Refusal } from './connections.js';
import { OVERLOAD_RETRY_AFTER_S } from './services.js';

/** `Retry-After` for 429 answers when a principal or address holds its share of streams, in seconds. */
export const SHARE_RETRY_AFTER_S = 10;

/** Who a stream of `principal` over `req`'s socket is counted against. */
export function ownerOf(principal: Principal, address: string): ConnectionOwner {
  return { principal: principalKey(principal), address };
}

/** The answer to an SSE request a connection bound refused. */
export function refusedStream(refusal: Refusal): HttpProblem {
  if (refusal === 'full') {
    return new HttpProblem(problem(503, ProblemType.Unavailable, 'Too many open streams; retry later.'), {
      'Retry-After': String(OVERLOAD_RETRY_AFTER_S),
    });
  }
  const who = refusal === 'principal' ? 'this token' : 'this address';
  const detail = `Too many open streams for ${who}; close some first.`;
  return new HttpProblem(problem(429, ProblemType.RateLimited, detail), {
    'Retry-After': String(SHARE_RETRY_AFTER_S),
  });
}
