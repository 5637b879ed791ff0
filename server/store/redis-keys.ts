/**
 * Key and channel names of the Redis store. A run's keys share the hash tag `{runId}`,
 * so the per-run scripts touch one slot (a Redis Cluster could serve them; creation and
 * the kind sample cross slots, so today the store needs one primary).
 * @module
 */
import type { RunStatus } from '../../src/contract/index.js';

/** The Redis names of one run. */
export interface RunKeys {
  /**
   * Hash: tenant, gen (incarnation), base (snapshot JSON), baseSeq, lastSeq, firstSeq,
   * status, phase (JSON literal), member (in the tenant's lists), index (the key of the
   * tenant's list of all runs).
   */
  meta: string;
  /** Stream of the run's events, entry id `<seq>-0`, fields `t` (type) and `e` (event JSON). */
  events: string;
  /** Hash: idempotency key -> `firstSeq:lastSeq` of the append it stored. */
  idem: string;
  /** Sorted set: idempotency key scored by its append's lastSeq, to drop keys of trimmed events. */
  idemBySeq: string;
  /** Pub/sub channel: the run's lastSeq after each append (a wake-up, not the data). */
  channel: string;
}

/** Names of everything the store writes, under one prefix. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  run(runId: string): RunKeys {
    const base = `${this.prefix}run:{${runId}}`;
    return {
      meta: `${base}:meta`,
      events: `${base}:events`,
      idem: `${base}:idem`,
      idemBySeq: `${base}:idem-seq`,
      channel: `${base}:appended`,
    };
  }

  /**
   * Lex-sorted set of a tenant's runs (see {@link listMember}), or of those with one
   * status. The per-status sets are `<all-runs key>:<status>`, a name the append script
   * builds itself when a run's status changes.
   */
  tenantRuns(tenant: string, status?: RunStatus): string {
    // JSON-quoted so no tenant name can collide with another key's shape.
    const all = `${this.prefix}tenant:${JSON.stringify(tenant)}:runs`;
    return status === undefined ? all : `${all}:${status}`;
  }

  /** Count of the bytes of stored events over a tenant's runs (see `maxBytesPerTenant`). */
  tenantBytes(tenant: string): string {
    return `${this.prefix}tenant:${JSON.stringify(tenant)}:bytes`;
  }

  /**
   * Set of every tenant's all-runs list key, so the sweep finds the lists (and their
   * per-status siblings) without scanning the keyspace.
   */
  indexes(): string {
    return `${this.prefix}indexes`;
  }

  /**
   * List of the final snapshots of the latest succeeded runs of a tenant's kind, newest
   * first: the sample of its estimates, which are per tenant (issue 13). Releases before
   * that kept one list per kind (`<prefix>kind:"<kind>":succeeded`, mixing tenants); those
   * lists are no longer read and expire with the finished-run TTL.
   */
  kindSucceeded(tenant: string, kind: string): string {
    return `${this.prefix}tenant:${JSON.stringify(tenant)}:kind:${JSON.stringify(kind)}:succeeded`;
  }
}

/**
 * The member of a run in its tenant's list: creation time (fixed width) then id, so
 * Redis's byte-wise lex order, reversed, is SQLite's `ORDER BY created_ms DESC, id DESC`.
 */
export function listMember(createdMs: number, runId: string): string {
  return `${String(Math.max(0, Math.trunc(createdMs))).padStart(15, '0')}:${runId}`;
}

/** The run id of a {@link listMember}. */
export function runIdOfMember(member: string): string {
  return member.slice(member.indexOf(':') + 1);
}
