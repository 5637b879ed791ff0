/**
 * What the streaming handlers share, built once per server.
 * @module
 */
import type { RunSnapshot } from '../../src/contract/index.js';
import type { AccessPolicy } from '../auth/access.js';
import type { ResolvedOptions } from '../config.js';
import type { ConnectionRegistry } from './connections.js';
import type { StreamHub } from './hub.js';

/** The server's shared streaming state. */
export interface StreamServices {
  options: ResolvedOptions;
  hub: StreamHub;
  registry: ConnectionRegistry;
  access: AccessPolicy;
  /** Adds the estimate to a snapshot of a run of `tenant`, as `GET /runs/{id}` does. */
  decorate(snapshot: RunSnapshot, tenant: string): Promise<RunSnapshot>;
}

/** `Retry-After` for 503 answers when the connection bound is reached, in seconds. */
export const OVERLOAD_RETRY_AFTER_S = 5;
