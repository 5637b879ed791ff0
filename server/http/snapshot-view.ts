/**
 * The snapshot as `GET /runs/{id}` answers it: the stored fold plus the duration
 * estimate of its kind (cached briefly: it changes only as other runs finish), and an
 * ETag over exactly those bytes.
 * @module
 */
import { createHash } from 'node:crypto';
import type { RunEstimate, RunSnapshot } from '../../src/contract/index.js';
import type { RunStore } from '../store/run-store.js';

/** Most kinds whose estimate is kept. */
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

  /** The snapshot with `estimate` when the run has a kind with finished runs. */
  async decorate(snapshot: RunSnapshot): Promise<RunSnapshot> {
    if (snapshot.kind === undefined) return snapshot;
    const estimate = await this.#estimate(snapshot.kind);
    return estimate ? { ...snapshot, estimate } : snapshot;
  }

  #estimate(kind: string): Promise<RunEstimate | undefined> {
    const now = this.clock().getTime();
    const hit = this.#cache.get(kind);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    // An estimate is a nicety: a failing estimate query must not fail the snapshot.
    const value = this.store.estimate(kind).catch((error: unknown) => {
      this.fail(`estimate for kind ${JSON.stringify(kind)} failed`, error);
      this.#cache.delete(kind);
      return undefined;
    });
    this.#cache.delete(kind);
    this.#cache.set(kind, { at: now, value });
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
