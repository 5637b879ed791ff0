/**
 * How long stores keep things: events per run and finished runs. Shared by every store
 * so the limits mean the same whatever the engine.
 * @module
 */

/** Retention limits of a store; every field has a default. */
export interface RetentionOptions {
  /** Most events kept per run; older ones are deleted (default 1 000 000). */
  maxEventsPerRun?: number | undefined;
  /** How long a run is kept after it ended, in ms (default 7 days). */
  finishedRunTtlMs?: number | undefined;
  /**
   * How long a run that has not ended is kept after its last event (or its creation), in
   * ms (default 7 days; 0 keeps such runs for ever). A producer that died without ending
   * its run would otherwise hold the run's events in the store for good.
   */
  idleRunTtlMs?: number | undefined;
  /**
   * Most runs one tenant may have that have not ended (default 10 000; 0 for no cap).
   * Past it, creating a run is refused (`'tenant-full'`, HTTP 429) until some end or
   * expire, so one tenant's runaway producer cannot fill the store for the others.
   */
  maxActiveRunsPerTenant?: number | undefined;
  /**
   * Most bytes of stored events (their JSON) over all the runs of one tenant (default 0:
   * no cap). An append that would pass it is refused (`'tenant-full'`, HTTP 507) until
   * runs expire or are trimmed. Exact on SQLite; on Redis, expired runs stop counting at
   * the next sweep (`sweepIntervalMs`).
   */
  maxBytesPerTenant?: number | undefined;
  /** How often the store looks for runs past their TTL (and, on Redis, stale list entries), in ms (default 1 minute). */
  sweepIntervalMs?: number | undefined;
}

/** {@link RetentionOptions} with the defaults filled in. */
export type Retention = Required<{ [K in keyof RetentionOptions]: number }>;

/** Default {@link RetentionOptions.maxEventsPerRun}. */
export const DEFAULT_MAX_EVENTS_PER_RUN = 1_000_000;
/** Default {@link RetentionOptions.finishedRunTtlMs}: 7 days. */
export const DEFAULT_FINISHED_RUN_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Default {@link RetentionOptions.idleRunTtlMs}: 7 days. */
export const DEFAULT_IDLE_RUN_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Default {@link RetentionOptions.maxActiveRunsPerTenant}. */
export const DEFAULT_MAX_ACTIVE_RUNS_PER_TENANT = 10_000;
/** Default {@link RetentionOptions.sweepIntervalMs}: 1 minute. */
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/**
 * Most events one trim deletes beyond what the limit requires. Trimming to a little
 * under the limit means a long run pays for one bulk delete every this-many appended
 * events instead of a one-row delete on every append; the cap keeps that delete short
 * (milliseconds) so it never stalls other requests.
 */
export const MAX_TRIM_SLACK = 10_000;

/**
 * Most events one append deletes. In steady state an append deletes its own size plus
 * at most {@link MAX_TRIM_SLACK}, well under this; the cap matters when the limit is
 * lowered on a file holding long runs: the excess then goes over several appends
 * instead of one transaction that blocks the process for seconds.
 */
export const MAX_TRIM_PER_APPEND = 50_000;

/** Fills in defaults and rejects limits that cannot work. */
export function resolveRetention(options: RetentionOptions | undefined): Retention {
  const retention: Retention = {
    maxEventsPerRun: options?.maxEventsPerRun ?? DEFAULT_MAX_EVENTS_PER_RUN,
    finishedRunTtlMs: options?.finishedRunTtlMs ?? DEFAULT_FINISHED_RUN_TTL_MS,
    idleRunTtlMs: options?.idleRunTtlMs ?? DEFAULT_IDLE_RUN_TTL_MS,
    maxActiveRunsPerTenant: options?.maxActiveRunsPerTenant ?? DEFAULT_MAX_ACTIVE_RUNS_PER_TENANT,
    maxBytesPerTenant: options?.maxBytesPerTenant ?? 0,
    sweepIntervalMs: options?.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
  };
  if (!Number.isSafeInteger(retention.maxEventsPerRun) || retention.maxEventsPerRun < 1) {
    throw new RangeError(`retention.maxEventsPerRun must be a positive integer, got ${retention.maxEventsPerRun}`);
  }
  if (!(retention.finishedRunTtlMs >= 0)) {
    throw new RangeError(`retention.finishedRunTtlMs must be >= 0, got ${retention.finishedRunTtlMs}`);
  }
  if (!Number.isSafeInteger(retention.maxActiveRunsPerTenant) || retention.maxActiveRunsPerTenant < 0) {
    throw new RangeError(
      `retention.maxActiveRunsPerTenant must be a non-negative integer, got ${retention.maxActiveRunsPerTenant}`,
    );
  }
  if (!Number.isSafeInteger(retention.maxBytesPerTenant) || retention.maxBytesPerTenant < 0) {
    throw new RangeError(
      `retention.maxBytesPerTenant must be a non-negative integer, got ${retention.maxBytesPerTenant}`,
    );
  }
  if (!(retention.idleRunTtlMs >= 0)) {
    throw new RangeError(`retention.idleRunTtlMs must be >= 0, got ${retention.idleRunTtlMs}`);
  }
  if (!(retention.sweepIntervalMs > 0) || retention.sweepIntervalMs > 2 ** 31 - 1) {
    throw new RangeError(`retention.sweepIntervalMs must be > 0 and fit a timer, got ${retention.sweepIntervalMs}`);
  }
  return retention;
}

/**
 * The oldest seq a run should keep once it holds events `firstSeq..lastSeq`, or
 * `undefined` when it is within `maxEvents` and nothing should be deleted. Trims to
 * `maxEvents` minus a slack (a tenth, at most {@link MAX_TRIM_SLACK}), so the retained
 * count stays within the limit and deletes come in batches; at most
 * {@link MAX_TRIM_PER_APPEND} events go at once.
 */
export function trimFloor(firstSeq: number, lastSeq: number, maxEvents: number): number | undefined {
  if (lastSeq - firstSeq + 1 <= maxEvents) return undefined;
  const slack = Math.min(Math.floor(maxEvents / 10), MAX_TRIM_SLACK);
  return Math.min(lastSeq - (maxEvents - slack) + 1, firstSeq + MAX_TRIM_PER_APPEND);
}
