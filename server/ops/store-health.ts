/**
 * Whether the run store answers, told once: the first failure of an outage logs one
 * line ("store lost"), a probe then asks the store every second, and its first answer
 * logs one line ("store back"). Requests that fail meanwhile are counted, not logged
 * (a 5 s Redis outage used to print 48 stack traces). `/readyz` reads the same state.
 * @module
 */
import type { RunStore } from '../store/run-store.js';
import { isStoreUnavailable } from '../store/run-store-errors.js';
import { errorField, type RunServerLogger } from './logger.js';
import type { RunServerMetrics } from './metrics.js';

/** A run id that cannot exist (ids never start with a dot), so probing reads no data. */
const PROBE_RUN_ID = '.readyz';
/** How often a lost store is asked again, and how long a probe's answer is reused. */
const PROBE_INTERVAL_MS = 1000;

/** The store's health as the server last saw it. */
export class StoreHealth {
  #up = true;
  #lostAt = 0;
  #checkedAt = -Infinity;
  #probe: ReturnType<typeof setInterval> | undefined;
  #inFlight: Promise<boolean> | undefined;

  constructor(
    private readonly store: RunStore,
    private readonly logger: RunServerLogger,
    private readonly metrics: RunServerMetrics | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** False from the first failure of an outage until the store answers again. */
  get up(): boolean {
    return this.#up;
  }

  /** Reports a failure that says the store cannot answer now. */
  lost(error: unknown): void {
    this.metrics?.storeError(isStoreFull(error) ? 'full' : 'unavailable');
    if (!this.#up) return;
    this.#up = false;
    this.#lostAt = this.now();
    this.metrics?.storeUp(false);
    this.logger.warn(
      { ...errorField(error), full: isStoreFull(error) || undefined },
      isStoreFull(error) ? 'run store full: appends are refused until it has room' : 'run store lost',
    );
    this.#probe ??= setInterval(() => void this.check(), PROBE_INTERVAL_MS);
    this.#probe.unref();
  }

  /** Asks the store now (at most once a second unless `fresh`): true when it answered. */
  check(fresh = false): Promise<boolean> {
    if (!fresh && this.#up && this.now() - this.#checkedAt < PROBE_INTERVAL_MS) return Promise.resolve(true);
    this.#inFlight ??= this.store.getRun(PROBE_RUN_ID).then(
      () => {
        this.#inFlight = undefined;
        this.#checkedAt = this.now();
        if (!this.#up) this.#back();
        return true;
      },
      (error: unknown) => {
        this.#inFlight = undefined;
        this.lost(error);
        return false;
      },
    );
    return this.#inFlight;
  }

  /** Stops probing (server shutdown). */
  close(): void {
    if (this.#probe) clearInterval(this.#probe);
    this.#probe = undefined;
  }

  #back(): void {
    this.#up = true;
    this.metrics?.storeUp(true);
    this.close();
    this.logger.info({ downMs: Math.round(this.now() - this.#lostAt) }, 'run store back');
  }
}

/** Whether `error` says the store is out of memory or disk (see `StoreUnavailableError.full`). */
export function isStoreFull(error: unknown): boolean {
  return isStoreUnavailable(error) && error.full === true;
}
