/**
 * The phases of the scripted "nightly import" run most scenarios walk through: four
 * phases, a handful of log lines each, about 24 scripted seconds.
 * @module
 */
import type { PhaseScript } from './build.js';

/** The phases of a nightly import, in order. */
export const importPhases: readonly PhaseScript[] = [
  {
    key: 'extract',
    label: 'Extract orders',
    ms: 6_000,
    messages: ['Reading partition 1 of 8', 'Reading partition 4 of 8', 'Reading partition 7 of 8'],
    lines: [
      'Connecting to warehouse replica-2',
      'Partition 2026-11-24/00 opened (184 211 rows)',
      { text: 'Schema drift: orders.coupon_code is new, kept as text', level: 'warn' },
      'Partition 2026-11-24/12 opened (201 930 rows)',
      { text: 'Spilled 32 MiB to disk while sorting', level: 'debug' },
      'Extracted 1 204 133 rows',
    ],
  },
  {
    key: 'transform',
    label: 'Transform and validate',
    ms: 8_000,
    messages: ['Validated 300 000 of 1 204 133 rows', 'Validated 900 000 of 1 204 133 rows'],
    lines: [
      'Applying currency conversion (ECB rates of 2026-11-24)',
      'Deduplicating by order_id',
      { text: '17 rows with negative quantity quarantined', level: 'warn' },
      'Joined customers: 98.7% matched',
      'Note from upstream: <img src=x onerror=alert(1)> (shown as text)',
      'Validation passed',
    ],
  },
  {
    key: 'load',
    label: 'Load into analytics',
    ms: 7_000,
    messages: ['Loading batch 3 of 12', 'Loading batch 9 of 12'],
    lines: [
      'COPY orders_staging: 1 204 116 rows',
      { text: 'Vacuum postponed: table busy', level: 'debug' },
      'Swapped orders_staging into orders',
      'Refreshed materialized view daily_revenue',
    ],
  },
  {
    key: 'report',
    label: 'Publish report',
    ms: 3_000,
    lines: ['Rendered revenue report (14 pages)', 'Sent to #finance-daily'],
  },
];
