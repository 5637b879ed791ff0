/**
 * What the suite is run with, and the defaults filled in.
 * @module
 */

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** The contract's base URL, including its base path, e.g. `http://localhost:8080/api`. */
  baseUrl: string;
  /** Bearer token for reads. Without it the suite sends no `Authorization` header. */
  token?: string | undefined;
  /** Bearer token for creating runs and appending; defaults to `token`. */
  producerToken?: string | undefined;
  /** A token of another tenant: enables the tenant isolation checks. */
  otherTenantToken?: string | undefined;
  /** The backend keeps at most this many events per run: enables the trimmed-history checks. */
  trimmedAfter?: number | undefined;
  /** Heartbeat checks are skipped when the advertised interval is longer than this (default 20 000). */
  heartbeatTimeoutMs?: number | undefined;
  /** The backend's request body limit in bytes (default 4 MiB): the 413 check sends more. */
  maxBodyBytes?: number | undefined;
  /** Default time limit of one check (default 15 000 ms); heartbeat checks get more. */
  checkTimeoutMs?: number | undefined;
  /** Longest wait for one expected message or response inside a check (default 5 000 ms). */
  waitMs?: number | undefined;
  /**
   * Seed of the randomized fold check's event sequences (default: a random one). The
   * check's failure names it; pass it back to replay the same sequences.
   */
  seed?: number | undefined;
  /** How many random event sequences the fold check appends (default 200). */
  sequences?: number | undefined;
  /** Runs only the checks whose name this accepts. */
  filter?: ((name: string) => boolean) | undefined;
  /** Called with each result as soon as its check finishes (the CLI prints from here). */
  onResult?: ((result: CheckResult) => void) | undefined;
}

/** The options with defaults applied. */
export interface ResolvedOptions {
  baseUrl: URL;
  token: string | undefined;
  producerToken: string | undefined;
  otherTenantToken: string | undefined;
  trimmedAfter: number | undefined;
  heartbeatTimeoutMs: number;
  maxBodyBytes: number;
  checkTimeoutMs: number;
  waitMs: number;
  /** The fold check's seed (random when none was given). */
  seed: number;
  /** How many sequences the fold check appends. */
  sequences: number;
}

/** The outcome of one check. */
export interface CheckResult {
  name: string;
  outcome: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped. */
  reason?: string;
  durationMs: number;
}

/** Applies defaults and validates the options; throws `TypeError` on unusable ones. */
export function resolveOptions(options: ConformanceOptions): ResolvedOptions {
  let baseUrl: URL;
  try {
    baseUrl = new URL(options.baseUrl);
  } catch {
    throw new TypeError(`base URL ${JSON.stringify(options.baseUrl)} is not a URL`);
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
    throw new TypeError(`base URL must be http: or https:, got ${baseUrl.protocol}`);
  }
  if (options.trimmedAfter !== undefined && !(Number.isInteger(options.trimmedAfter) && options.trimmedAfter > 0)) {
    throw new TypeError(`trimmedAfter must be a positive integer, got ${options.trimmedAfter}`);
  }
  if (
    options.seed !== undefined &&
    !(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff)
  ) {
    throw new TypeError(`seed must be an integer from 0 to 4294967295, got ${options.seed}`);
  }
  if (options.sequences !== undefined && !(Number.isInteger(options.sequences) && options.sequences > 0)) {
    throw new TypeError(`sequences must be a positive integer, got ${options.sequences}`);
  }
  return {
    baseUrl,
    token: options.token,
    producerToken: options.producerToken ?? options.token,
    otherTenantToken: options.otherTenantToken,
    trimmedAfter: options.trimmedAfter,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 20_000,
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    checkTimeoutMs: options.checkTimeoutMs ?? 15_000,
    waitMs: options.waitMs ?? 5_000,
    seed: options.seed ?? randomSeed(),
    sequences: options.sequences ?? 200,
  };
}

/** A seed for the fold check when none is given. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}
