/**
 * The shape of one conformance check.
 * @module
 */
import type { CheckContext } from './context.js';
import type { ResolvedOptions } from './options.js';

/** One named property of the contract, checked against a live backend. */
export interface Check {
  /** Printed in the report; `area: what it shows`. */
  name: string;
  /** Time limit of the check; defaults to `checkTimeoutMs`. */
  timeoutMs?: ((options: ResolvedOptions) => number) | undefined;
  /** Resolves when the backend conforms; throws `CheckFailure` (or calls `ctx.skip`) otherwise. */
  run(ctx: CheckContext): Promise<void>;
}
