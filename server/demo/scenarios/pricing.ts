import type { RunKindSpec } from '../scenario-types.js';

/** An insurance pricing batch: reference data, underwriting rules, rating, reports. */
export const pricing: RunKindSpec = {
  kind: 'pricing',
  titles: [
    'Pricing batch {month} ({book})',
    'Repricing {book} renewals',
    'What-if pricing: {book}, +{int:2-9}% base rate',
  ],
  words: {
    month: ['2026-11', '2026-12', '2027-01'],
    book: ['EU motor', 'UK home', 'DE commercial property', 'NL travel', 'FR fleet'],
    table: ['tariff_zones', 'vehicle_groups', 'postcode_risk', 'claims_history', 'reinsurance_layers'],
    rule: [
      'UW-017 young driver surcharge',
      'UW-102 flood zone decline',
      'UW-044 no-claims discount',
      'UW-210 fleet size cap',
    ],
    file: ['rates_eu_motor.parquet', 'uw_rules_v42.yaml', 'postcode_risk_2026q4.csv.gz'],
    report: ['premium_summary.xlsx', 'loss_ratio_by_segment.pdf', 'rate_change_distribution.csv'],
    user: ['a.moreau', 'j.schmidt', 'p.okafor'],
  },
  phases: [
    {
      key: 'load_reference_data',
      label: 'Loading reference data…',
      stepLabel: 'Load reference data',
      weight: 2,
      messages: ['Loaded {int:2-5} of 5 tables', 'Reading {table}'],
      progressBar: 'Downloading {file}',
      lines: [
        { text: 'Reading {b}{table}{/} ({num:1000-250000} rows)' },
        { text: 'Connected to reference store {dim}pg://ref-replica-{int:1-3}:5432/pricing{/}' },
        { text: 'Schema check passed for {table}', level: 'debug' },
        { text: '{yellow}Column {table}.valid_to has {int:1-40} NULLs; treating as open-ended{/}', level: 'warn' },
        { text: 'Cache hit for {file} {gray}(etag {int:100000-999999}){/}', level: 'debug' },
      ],
    },
    {
      key: 'underwriting',
      label: 'Running underwriting checks…',
      stepLabel: 'Underwriting checks',
      weight: 5,
      messages: ['Checked {num:1000-48000} of 48,000 policies', '{int:0-120} referrals so far'],
      lines: [
        { text: 'Rule {cyan}{rule}{/}: {num:10-4000} policies matched' },
        { text: 'Policy {int:1000000-9999999} {green}accepted{/} in {int:1-40} ms', level: 'debug' },
        { text: 'Policy {int:1000000-9999999} {c:208}referred{/}: {rule}', level: 'warn' },
        { text: 'Batch {int:1-400}/400 {green}✓{/} {dim}{num:100-120} policies, {int:80-900} ms{/}' },
        {
          text: 'Skipped malformed broker note on policy {int:1000000-9999999}: <img src=x onerror=alert(1)>',
          level: 'warn',
        },
      ],
    },
    {
      key: 'rate_calculation',
      weight: 4,
      messages: ['{num:1000-48000} premiums computed', 'Applying {rule}'],
      lines: [
        { text: 'Segment {b}{book}{/} base rate {rgb:0,168,150}{float:0-2}{/} → {rgb:230,120,40}{float:0-2}{/}' },
        { text: 'GLM factor table {table}: {int:8-60} levels', level: 'debug' },
        { text: 'Premium delta {c:34}+{float:0-9}%{/} for {num:100-9000} policies' },
        { text: 'Premium delta {c:196}-{float:0-9}%{/} for {num:100-9000} policies' },
        { text: '{yellow}Capped {int:1-90} premiums at the +25% renewal limit{/}', level: 'warn' },
      ],
    },
    {
      key: 'export_reports',
      label: 'Exporting reports…',
      weight: 2,
      messages: ['Writing {report}'],
      progressBar: 'Uploading {report}',
      lines: [
        { text: 'Wrote {b}{report}{/} ({num:20-9000} KiB)' },
        { text: 'Uploaded {report} to {dim}s3://pricing-out/{month}/{/}' },
        { text: 'Notified {user} by e-mail', level: 'debug' },
      ],
    },
  ],
  failure: {
    phase: 2,
    message: 'Rate table for segment "DE commercial property" has overlapping validity periods',
    code: 'RATE_TABLE_OVERLAP',
    lines: [
      '{red}{b}RateTableError{/}{red}: overlapping validity periods in tariff_zones (2026-10-01..2027-03-31 and 2026-12-01..2027-06-30){/}',
      '    at RateTable.resolve (pricing/engine/rate_table.py:214)',
      '    at Segment.price (pricing/engine/segment.py:88)',
      '    at run_batch (pricing/jobs/batch.py:41)',
    ],
  },
  stall: {
    phase: 1,
    before: 'Waiting for the underwriting rules service ({dim}uw-rules.internal:8443{/})…',
    after: '{yellow}Underwriting rules service answered after a long wait; continuing{/}',
  },
  cancelLines: [
    '{yellow}Cancellation requested by {user}{/}',
    'Stopping {int:2-8} workers…',
    'Discarded partial results',
  ],
};
