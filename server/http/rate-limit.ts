/**
 * Per-client request rate limit: a token bucket per client key (its authenticated
 * principal, else its address). A client over its rate gets `429` with `Retry-After` (a
 * WebSocket upgrade is accepted and closed with 4429), which every transport of the kit
 * backs off on.
 * @module
 */
import type { AuthFailure } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';

/** How many requests one client may make. */
export interface RateLimitOptions {
  /** Sustained requests per second per client (authenticated principal, or address without one). */
  perSecond: number;
  /** Requests a client may make at once after being idle (default `2 × perSecond`, at least 10). */
  burst?: number;
}

/** Counts one request of a client key: 0 when allowed, else the ms until one would be. */
export interface RequestLimiter {
  take(key: string): number | Promise<number>;
}

/** The burst of `options` with its default filled in. */
export function burstOf(options: RateLimitOptions): number {
  return options.burst ?? Math.max(10, 2 * options.perSecond);
}

/**
 * A budget shared by every worker through the store (see `RunStore.sharedRateLimit`),
 * falling back to this process's own buckets while the store cannot answer: a Redis
 * outage then limits per worker, never not at all, and never refuses a request the
 * store could not count.
 */
export class SharedRateLimiter implements RequestLimiter {
  constructor(
    private readonly shared: (key: string) => Promise<number>,
    private readonly local: RateLimiter,
  ) {}

  async take(key: string): Promise<number> {
    try {
      return await this.shared(key);
    } catch {
      return this.local.take(key);
    }
  }
}

/** Buckets kept at most; idle (full) ones are dropped first, so memory stays bounded under many clients. */
const MAX_CLIENTS = 50_000;

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, ms. */
  at: number;
}

/** Token buckets for every client seen recently, in this process. */
export class RateLimiter implements RequestLimiter {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isFinite(options.perSecond) || options.perSecond <= 0)
      throw new RangeError(`rateLimit.perSecond must be a positive number, got ${options.perSecond}`);
    const burst = burstOf(options);
    if (!Number.isFinite(burst) || burst < 1) throw new RangeError(`rateLimit.burst must be at least 1, got ${burst}`);
    this.#perMs = options.perSecond / 1000;
    this.#burst = burst;
  }

  /** Counts one request of `key`: 0 when allowed, else the ms until one would be. */
  take(key: string): number {
    const now = this.now();
    let bucket = this.#buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#perMs);
      bucket.at = now;
    } else {
      if (this.#buckets.size >= MAX_CLIENTS) this.#evict(now);
      bucket = { tokens: this.#burst, at: now };
      this.#buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.#perMs);
  }

  /** Clients being tracked (for tests and stats). */
  get size(): number {
    return this.#buckets.size;
  }

  #evict(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.#burst) this.#buckets.delete(key);
    }
    // Every client is busy: forget the longest-tracked ones (Map keeps insertion order).
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size < MAX_CLIENTS) break;
      this.#buckets.delete(key);
    }
  }
}

/**
 * The client a request counts against: the principal its credential authenticates as
 * (tenant and role), so clients behind one proxy do not share a budget; else (no
 * credential, an invalid one, open mode, a CORS preflight, which carries none) its
 * address, so made-up tokens buy no fresh buckets.
 *
 * Keyed by what the credential *means*, never by its spelling: keyed by the raw
 * `Authorization` text, `bearer X`, `BEARER  X`, … each had a bucket of its own (issue 13:
 * 200 of 200 requests passed a limit of 5 a second).
 * @param principal - what the authenticator made of the request's `Authorization`
 *   (`undefined` in open mode, where nobody is authenticated).
 */
export function clientKey(address: string, principal: Principal | AuthFailure | undefined): string {
  if (typeof principal === 'object' && !principal.anonymous) {
    return `principal:${JSON.stringify([principal.tenant, principal.role])}`;
  }
  return `addr:${address}`;
}

/** `Retry-After` seconds for a wait in ms (at least 1). */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
