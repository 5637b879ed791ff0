/**
 * `npm run bench [-- --quick|--smoke] [-- --only store,transports,…] [-- --out DIR]`: every
 * benchmark in one run, each measured beside its baselines on the same machine at the same
 * time; prints a table and writes DIR/report.json (default bench-results/). Exits non-zero
 * when a correctness check (exactly once, page log == server log) failed.
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, type ServerProcess } from './lib/proc.js';
import { printReport } from './lib/print.js';
import type { BenchContext, Json, SectionRunner } from './sections/context.js';
import { store } from './sections/store.js';
import { transports } from './sections/transports.js';
import { fanout } from './sections/fanout.js';
import { redis } from './sections/redis.js';
import { runProgress } from './sections/run-progress.js';
import { runLogTail } from './sections/run-log-tail.js';
import { drops } from './sections/drops.js';
import { endToEnd } from './sections/end-to-end.js';
import { chaos } from './sections/chaos.js';
import { hostileClients } from './sections/hostile-clients.js';
import { hostileText } from './sections/hostile-text.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    // Tiny counts, for the test that the report keeps its shape; figures are meaningless.
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench-results') },
  },
});

/** Every section, in report order; a section without a runner is reported as skipped. */
const runners: Record<string, SectionRunner | undefined> = {
  store,
  transports,
  fanout,
  redis,
  'run-progress': runProgress,
  'run-log-tail': runLogTail,
  'end-to-end': endToEnd,
  drops,
  chaos,
  'hostile-text': hostileText,
  'hostile-clients': hostileClients,
};
const only = values.only?.split(',').map((s) => s.trim());
for (const s of only ?? [])
  if (!(s in runners)) throw new Error(`--only: unknown section ${s} (${Object.keys(runners).join(', ')})`);

const tmp = mkdtempSync(join(tmpdir(), 'rpk-bench-'));
const servers = new Set<ServerProcess>();
const failures: string[] = [];
let dbs = 0;
const ctx: BenchContext = {
  mode: values.smoke ? 'smoke' : values.quick ? 'quick' : 'full',
  quick: values.quick || values.smoke,
  smoke: values.smoke,
  tmp,
  async track(p) {
    const s = await p;
    servers.add(s);
    return s;
  },
  async stop(s) {
    servers.delete(s);
    await s.stop();
  },
  sqliteSpec: () => join(tmp, `bench-${++dbs}.db`),
  log: (line) => process.stderr.write(`[bench] ${line}\n`),
  fail(check) {
    failures.push(check);
    process.stderr.write(`[bench] CHECK FAILED: ${check}\n`);
  },
};

const round2 = (l: number) => Math.round(l * 100) / 100;
const report: Json = {
  meta: {
    date: new Date().toISOString(),
    mode: ctx.mode,
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map(round2),
    eventBytes: 'about 200 bytes per event as framed by the reference backend',
  },
  sections: {} as Json,
};
const sections = report.sections as Json;

try {
  for (const [name, runner] of Object.entries(runners)) {
    if (only && !only.includes(name)) {
      sections[name] = { skipped: 'not selected with --only' };
      continue;
    }
    if (!runner) {
      sections[name] = { skipped: 'not written yet (see docs/performance.md)' };
      continue;
    }
    const started = Date.now();
    sections[name] = { ...(await runner(ctx)), seconds: Math.round((Date.now() - started) / 100) / 10 };
  }
} finally {
  await Promise.all([...servers].map((s) => s.stop()));
  rmSync(tmp, { recursive: true, force: true });
}
(report.meta as Json).loadAverageAtEnd = loadavg().map(round2);
(report.meta as Json).failedChecks = failures;

mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
process.stdout.write(printReport(report));
process.stdout.write(`\nreport: ${join(values.out, 'report.json')}\n`);
if (failures.length > 0) {
  process.stdout.write(`\nFAILED checks:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
  process.exitCode = 1;
}
