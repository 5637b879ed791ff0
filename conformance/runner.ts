/**
 * Runs checks one after another (so checks that count runs or time heartbeats do not
 * disturb each other), each with its own context, time limit and cleanup.
 * @module
 */
import { CheckFailure, CheckSkipped } from './assert.js';
import type { Check } from './check.js';
import { allChecks } from './checks/index.js';
import { CheckContext } from './context.js';
import { describeError } from './http.js';
import { resolveOptions, type CheckResult, type ConformanceOptions, type ResolvedOptions } from './options.js';

/**
 * Checks the backend at `options.baseUrl` against the contract and answers one result per
 * check, in order. Never throws for a non-conforming backend; throws `TypeError` for
 * unusable options.
 */
export async function runConformance(options: ConformanceOptions): Promise<CheckResult[]> {
  const resolved = resolveOptions(options);
  const results: CheckResult[] = [];
  for (const check of allChecks) {
    if (options.filter && !options.filter(check.name)) continue;
    const result = await runCheck(check, resolved);
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

/** Runs one check with a fresh context; its sockets are closed whatever the outcome. */
export async function runCheck(check: Check, options: ResolvedOptions): Promise<CheckResult> {
  const started = performance.now();
  const abort = new AbortController();
  const ctx = new CheckContext(options, abort.signal);
  const limit = check.timeoutMs?.(options) ?? options.checkTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailure(`timed out after ${limit} ms`)), limit);
  });
  let outcome: CheckResult['outcome'] = 'passed';
  let reason: string | undefined;
  try {
    await Promise.race([check.run(ctx), timedOut]);
  } catch (error) {
    if (error instanceof CheckSkipped) {
      outcome = 'skipped';
      reason = error.message;
    } else {
      outcome = 'failed';
      reason = error instanceof CheckFailure ? error.message : `unexpected error: ${describeError(error)}`;
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
    ctx.dispose();
  }
  const result: CheckResult = { name: check.name, outcome, durationMs: Math.round(performance.now() - started) };
  if (reason !== undefined) result.reason = reason;
  return result;
}

/** `N passed, N failed` (plus `, N skipped` when any were). */
export function summarize(results: readonly CheckResult[]): string {
  const count = (o: CheckResult['outcome']) => results.filter((r) => r.outcome === o).length;
  const skipped = count('skipped');
  return `${count('passed')} passed, ${count('failed')} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/** One report line: `✓ name`, `✗ name — reason` or `- name (skipped: why)`. */
export function formatResult(result: CheckResult): string {
  if (result.outcome === 'passed') return `✓ ${result.name}`;
  if (result.outcome === 'failed') return `✗ ${result.name} — ${result.reason ?? 'failed'}`;
  return `- ${result.name} (skipped: ${result.reason ?? 'not applicable'})`;
}
