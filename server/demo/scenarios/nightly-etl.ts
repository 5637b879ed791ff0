import type { RunKindSpec } from '../scenario-types.js';

/** A nightly warehouse load: extract, transform, dedupe, load, maintenance. */
export const nightlyEtl: RunKindSpec = {
  kind: 'nightly-etl',
  titles: ['Nightly ETL {date}', 'Nightly ETL {date} (re-run)', 'Backfill {source} {date}'],
  words: {
    date: ['2026-11-22', '2026-11-23', '2026-11-24'],
    source: ['orders', 'customers', 'payments', 'shipments', 'web_events'],
    shard: ['eu-1', 'eu-2', 'us-1', 'ap-1'],
    file: ['orders_2026-11-24.jsonl.gz', 'customers_delta.parquet', 'payments.csv.gz'],
  },
  phases: [
    {
      key: 'extract',
      label: 'Extracting from source systems…',
      stepLabel: 'Extract',
      weight: 3,
      messages: ['{source}: {num:10000-900000} rows', 'Shard {shard}'],
      progressBar: 'Fetching {file}',
      lines: [
        { text: '[{green}extract{/}] {source}@{shard}: {num:10000-900000} rows in {float:0-30}s' },
        { text: '[{green}extract{/}] cursor {source} → {dim}lsn 0/{int:1000000-9999999}{/}', level: 'debug' },
        { text: '[{green}extract{/}] {yellow}slow query on {source}@{shard} ({int:5-40}s){/}', level: 'warn' },
      ],
    },
    {
      key: 'transform_orders',
      weight: 3,
      messages: ['{num:10000-900000} orders transformed'],
      lines: [
        { text: '[{blue}transform{/}] orders chunk {int:1-200}: {num:1000-9000} rows' },
        { text: '[{blue}transform{/}] currency rates as of {date}: {int:30-40} currencies', level: 'debug' },
        { text: '[{blue}transform{/}] {yellow}{int:1-50} orders with negative totals set aside{/}', level: 'warn' },
        { text: '[{blue}transform{/}] {c:141}schema v{int:3-9}{/} → {c:141}v{int:10-12}{/} for {source}' },
      ],
    },
    {
      key: 'dedupe_customers',
      weight: 2,
      indeterminate: true,
      messages: ['Comparing candidate pairs'],
      lines: [
        { text: '[{magenta}dedupe{/}] blocking on postcode: {num:1000-90000} candidate pairs' },
        { text: '[{magenta}dedupe{/}] merged {int:10-900} customer records' },
        {
          text: '[{magenta}dedupe{/}] {rgb:255,140,0}fuzzy match score {float:0-1}{/} for pair {int:1000-9999}/{int:1000-9999}',
          level: 'debug',
        },
      ],
    },
    {
      key: 'load_warehouse',
      label: 'Loading warehouse…',
      stepLabel: 'Load warehouse',
      weight: 3,
      messages: ['{source}: {num:10000-900000} rows merged'],
      lines: [
        { text: '[{cyan}load{/}] MERGE INTO dw.{source}: {num:1000-90000} inserted, {num:100-9000} updated' },
        { text: '[{cyan}load{/}] committed batch {int:1-90} in {int:100-9000} ms', level: 'debug' },
        {
          text: '[{cyan}load{/}] {red}deadlock detected on dw.{source}, retrying (attempt {int:1-3}){/}',
          level: 'warn',
          stream: 'stderr',
        },
      ],
    },
    {
      key: 'vacuum_analyze',
      weight: 1,
      indeterminate: true,
      messages: [],
      lines: [{ text: '[{gray}maint{/}] VACUUM ANALYZE dw.{source}' }],
    },
  ],
  failure: {
    phase: 3,
    message: 'COPY into dw.payments failed: disk quota exceeded on warehouse volume',
    code: 'WAREHOUSE_DISK_FULL',
    lines: [
      '[{cyan}load{/}] {red}{b}ERROR{/}{red}: could not extend file "base/16384/2619": No space left on device{/}',
      '[{cyan}load{/}] {red}HINT: Check free disk space.{/}',
      '[{cyan}load{/}] {red}CONTEXT: COPY payments, line {num:100000-900000}{/}',
    ],
  },
  stall: {
    phase: 0,
    before: '[{green}extract{/}] waiting for a replication slot on {shard}…',
    after: '[{green}extract{/}] replication slot acquired; resuming',
  },
  cancelLines: ['{yellow}Run cancelled from the scheduler UI{/}', '[{cyan}load{/}] rolling back open transaction'],
};
