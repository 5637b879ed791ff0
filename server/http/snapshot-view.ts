/**
 * The snapshot as `GET /runs/{id}` answers it: the stored fold plus the duration
 * estimate of its tenant's kind (cached briefly: it changes only as other runs finish),
 * and an ETag over exactly those bytes.
 * @module
 */
import { createHash } from 'node:crypto';
import type { RunEstimate, RunSnapshot } from '../../src/contract/index.js';
import type { RunStore } from '../store/run-store.js';

/** Most (tenant, kind) pairs whose estimate is kept. */
const MAX_CACHED_KINDS = 1000;

/** Adds estimates to snapshots. */
export class SnapshotView {
  readonly #cache = new Map<string, { at: number; value: Promise<RunEstimate | undefined> }>();

  constructor(
    private readonly store: RunStore,
    private readonly ttlMs: number,
    private readonly clock: () => Date,
    private readonly fail: (message: string, error: unknown) => void,
  ) {}

  /**
   * The snapshot with `estimate` when the run has a kind with finished runs in its
   * tenant, `tenant` (the run's owner: estimates never cross tenants).
   */
  async decorate(snapshot: RunSnapshot, tenant: string): Promise<RunSnapshot> {
    if (snapshot.kind === undefined) return snapshot;
    const estimate = await this.#estimate(tenant, snapshot.kind);
    return estimate ? { ...snapshot, estimate } : snapshot;
  }

  #estimate(tenant: string, kind: string): Promise<RunEstimate | undefined> {
    const now = this.clock().getTime();
    const key = JSON.stringify([tenant, kind]);
    const hit = this.#cache.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    // An estimate is a nicety: a failing estimate query must not fail the snapshot.
    const value = this.store.estimate(tenant, kind).catch((error: unknown) => {
      this.fail(`estimate for kind ${JSON.stringify(kind)} failed`, error);
      this.#cache.delete(key);
      return undefined;
    });
    this.#cache.delete(key);
    this.#cache.set(key, { at: now, value });
    if (this.#cache.size > MAX_CACHED_KINDS) this.#cache.delete(this.#cache.keys().next().value as string);
    return value;
  }
}

/** A strong ETag over the body's bytes, led by the seq so it is readable in logs. */
export function etagOf(snapshot: RunSnapshot, body: string): string {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return `"${snapshot.seq}-${hash}"`;
}

/** Whether `If-None-Match` matches `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}
