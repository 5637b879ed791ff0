/**
 * Where the simulator writes runs: a {@link RunSink}. Two exist: straight into a
 * `RunStore` through the Node API (the demo's own server), and over HTTP with a producer
 * token (`http-sink.ts`, for a server running elsewhere).
 * @module
 */
import type { CreateRunInput, RunEventInput } from '../../src/contract/index.js';
import type { RunStore } from '../store/run-store.js';

/** Something runs can be created in and appended to. */
export interface RunSink {
  createRun(input: CreateRunInput & { id: string }): Promise<void>;
  /**
   * Appends `events` in order. `idempotencyKey` is unique per batch, so a retried append
   * never doubles lines.
   */
  append(runId: string, events: readonly RunEventInput[], idempotencyKey: string): Promise<void>;
}

/** Thrown when a sink refuses a write; `detail` says why in the sink's words. */
export class SinkError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(detail === undefined ? message : `${message}: ${detail}`);
    this.name = 'SinkError';
  }
}

/** Options of {@link storeSink}. */
export interface StoreSinkOptions {
  /** The tenant runs belong to; must be the one the server shows to readers. */
  tenant: string;
  /** Clock for the stored times (default: now). */
  now?: () => Date;
}

/** A sink that writes into `store` directly. */
export function storeSink(store: RunStore, options: StoreSinkOptions): RunSink {
  const now = options.now ?? (() => new Date());
  return {
    async createRun(input) {
      const created = await store.createRun(options.tenant, input, now());
      if (created === 'exists') throw new SinkError(`Cannot create run ${input.id}`, 'the id is taken');
      if (created === 'tenant-full') throw new SinkError(`Cannot create run ${input.id}`, 'the tenant has too many runs');
    },
    async append(runId, events, idempotencyKey) {
      const outcome = await store.append(runId, events, { idempotencyKey, now: now() });
      if (!outcome.ok) throw new SinkError(`Cannot append to run ${runId} (${outcome.reason})`, outcome.detail);
    },
  };
}
