/**
 * Latency histograms shared by the load children and the runner: recorded in
 * microseconds, shipped between processes as compressed base64, summarised in ms.
 * @module
 */
import * as hdr from 'hdr-histogram-js';

/** A latency summary in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** A histogram of microseconds from 1 µs to 5 min, 3 significant digits. */
export function newHistogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 300_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** Records `now - scheduledNs` (both from `process.hrtime.bigint()`, which is per machine) in µs. */
export function recordSince(histogram: hdr.Histogram, scheduledNs: bigint, now = process.hrtime.bigint()): void {
  const us = Number(now - scheduledNs) / 1000;
  histogram.recordValue(Math.min(Math.max(1, Math.round(us)), 300_000_000));
}

/** Encodes for IPC. */
export function encode(histogram: hdr.Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Adds every encoded histogram into one and summarises it. */
export function summarise(encoded: readonly string[]): LatencySummary {
  const total = newHistogram();
  for (const e of encoded) total.add(hdr.decodeFromCompressedBase64(e));
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    count: total.totalCount,
    p50: ms(total.getValueAtPercentile(50)),
    p99: ms(total.getValueAtPercentile(99)),
    max: ms(total.maxValue),
  };
}
