import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Load = { subscribers: number; deliveriesPerSec: number; deliveredPct: number; latencyMs: Record<string, number> };

describe('npm run bench', () => {
  it('reports the fan-out of every contender with numbers and names every other section', async () => {
    const { stdout } = await run('npx', ['tsx', 'bench/run.ts', '--smoke', '--only', 'fanout', '--out', out], {
      timeout: 110_000,
    });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      meta: Record<string, unknown>;
      sections: Record<
        string,
        { skipped?: string; rows?: Record<string, { idle: Record<string, number>; throughput: Load; latency: Load[] }> }
      >;
    };
    expect(Object.keys(report.sections)).toEqual([
      'store',
      'transports',
      'fanout',
      'redis',
      'run-progress',
      'run-log-tail',
      'end-to-end',
      'drops',
      'chaos',
      'hostile-text',
      'hostile-clients',
    ]);
    const others = ['store', 'transports', 'redis', 'run-progress', 'run-log-tail', 'end-to-end', 'drops', 'chaos'];
    for (const name of [...others, 'hostile-text', 'hostile-clients'])
      expect(report.sections[name]!.skipped).toBeTypeOf('string');
    const rows = report.sections.fanout!.rows!;
    expect(Object.keys(rows)).toEqual([
      'reference sse',
      'reference websocket',
      'socket.io (websocket)',
      'bare node:http sse (floor)',
    ]);
    for (const row of Object.values(rows)) {
      expect(row.idle.subscribers).toBe(20);
      expect(Number.isFinite(row.idle.perConnectionKB)).toBe(true);
      for (const load of [row.throughput, ...row.latency]) {
        expect(load.deliveredPct).toBe(100);
        expect(load.deliveriesPerSec).toBeGreaterThan(0);
        expect(load.latencyMs.p99).toBeGreaterThan(0);
        expect(load.latencyMs.p99).toBeGreaterThanOrEqual(load.latencyMs.p50!);
      }
    }
    expect(stdout).toContain('== fanout');
    expect(stdout).toContain('socket.io (websocket)');
  }, 120_000);
});
