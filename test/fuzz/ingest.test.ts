/**
 * Fuzz: the reference backend's ingest endpoint (`POST /runs/{id}/events`) against hostile
 * bodies and headers, on a server in its own process (a crash would show as a dead child).
 * Every body the contract refuses gets a 4xx problem+json with a detail saying what is
 * wrong; nothing gets a 5xx; the server's heap after a forced GC stays bounded; valid
 * appends still work afterwards. Random mutations of valid bodies come from a seeded
 * generator: replay a failure with FUZZ_SEED=<the printed seed>.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosServer, type ServerMemory } from '../../bench/lib/chaos-server.js';
import { prng } from './hostile.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MUTATIONS = 3000;
const dir = mkdtempSync(join(tmpdir(), 'rpk-fuzz-ingest-'));
const server = new ChaosServer({
  sqlitePath: join(dir, 'runs.db'),
  heartbeatMs: 15_000,
  maxBufferedBytes: 4 * 2 ** 20,
});

beforeAll(async () => {
  process.stdout.write(`ingest fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays it)\n`);
  await server.start();
  for (const id of ['fuzz', 'after-fuzz']) await post(`/runs`, JSON.stringify({ id }));
}, 20_000);
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  status: number;
  contentType: string;
  body: string;
}

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Outcome> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** A refusal as the contract asks: 4xx, problem+json, the status repeated, a detail in words. */
function expectProblem(o: Outcome, what: string): void {
  expect(o.status, `${what}: ${o.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(o.status, `${what}: ${o.body.slice(0, 200)}`).toBeLessThan(500);
  expect(o.contentType, what).toContain('application/problem+json');
  const problem = JSON.parse(o.body) as { type: string; title: string; status: number; detail?: string };
  expect(problem.status, what).toBe(o.status);
  expect(problem.type, what).toMatch(/\S/);
  expect(problem.detail, what).toMatch(/\S{3,}/);
}

const MiB = 2 ** 20;
const log = (extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'log', text: 'hello', ...extra });
/** Bodies the contract refuses, each named. */
const HOSTILE: [string, string | Buffer, Record<string, string>?][] = [
  ['empty body', ''],
  ['not JSON', 'not json'],
  ['truncated JSON', '{"type":"log","text":"x"'],
  ['JSON null', 'null'],
  ['JSON number', '42'],
  ['JSON string', '"log"'],
  ['JSON array', '[{"type":"log","text":"x"}]'],
  ['empty object', '{}'],
  ['events null', '{"events":null}'],
  ['events an object', '{"events":{"0":{"type":"log","text":"x"}}}'],
  ['events empty', '{"events":[]}'],
  ['events holding null', '{"events":[null]}'],
  ['log without text', '{"type":"log"}'],
  ['log text a number', log({ text: 42 })],
  ['unknown event type', '{"type":"telemetry","text":"x"}'],
  ['unknown level', log({ level: 'loud' })],
  ['unknown field', log({ colour: 'red' })],
  ['producer-supplied seq', log({ seq: 5 })],
  ['percent over 100', '{"type":"progress","phase":"a","percent":101}'],
  ['percent negative', '{"type":"progress","phase":"a","percent":-1}'],
  ['percent a string', '{"type":"progress","phase":"a","percent":"50"}'],
  ['unknown status', '{"type":"status","status":"exploded"}'],
  ['bad time', log({ time: 'yesterday' })],
  ['log text over 1 MiB', log({ text: 'x'.repeat(MiB + 1) })],
  ['5001 events', JSON.stringify({ events: Array.from({ length: 5001 }, () => ({ type: 'log', text: 'x' })) })],
  [
    'body over 4 MiB',
    JSON.stringify({ events: Array.from({ length: 5 }, () => ({ type: 'log', text: 'x'.repeat(MiB - 100) })) }),
  ],
  ['deeply nested arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
  ['deeply nested events', `{"events":${'['.repeat(50_000)}${']'.repeat(50_000)}}`],
  ['deeply nested field', `{"type":"log","text":"x","phase":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`],
  ['__proto__ key', '{"__proto__":{"type":"log","text":"x"}}'],
  ['constructor.prototype key', '{"type":"log","text":"x","constructor":{"prototype":{"polluted":true}}}'],
  [
    'invalid UTF-8 bytes',
    Buffer.concat([Buffer.from('{"type":"log","text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
  ],
  ['NUL bytes outside strings', '{"type":"log",\u0000"text":"x"}'],
  ['huge number', '{"type":"progress","phase":"a","percent":1e400}'],
  ['idempotency key too long', log(), { 'idempotency-key': 'k'.repeat(201) }],
  ['idempotency key with a space', log(), { 'idempotency-key': 'two words' }],
  ['form content type', 'type=log&text=x', { 'content-type': 'application/x-www-form-urlencoded' }],
];

/** A valid body, then one seeded mutation of it (which may or may not still be valid). */
function mutated(r: () => number): string | Buffer {
  const valid = JSON.stringify({
    events: [
      { type: 'log', text: 'line', level: 'info' },
      { type: 'progress', phase: 'load', percent: 10, message: 'm', steps: [{ key: 'a', state: 'running' }] },
    ],
  });
  const junk = [null, -1, 1e308, '', 'x'.repeat(5000), [], {}, true, '\u0000', '\ud800', 2 ** 53 + 1, { a: { b: [] } }];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  switch (Math.floor(r() * 4)) {
    case 0: {
      // Byte-level: flip, insert or delete a few bytes.
      const bytes = Buffer.from(valid);
      const out = [...bytes];
      for (let n = 1 + Math.floor(r() * 4); n > 0; n--) {
        const at = Math.floor(r() * out.length);
        const op = r();
        if (op < 0.4) out[at] = Math.floor(r() * 256);
        else if (op < 0.7) out.splice(at, 1);
        else out.splice(at, 0, Math.floor(r() * 256));
      }
      return Buffer.from(out);
    }
    case 1: {
      // A value replaced by one of the wrong kind.
      const body = JSON.parse(valid) as { events: Record<string, unknown>[] };
      const event = pick(body.events);
      event[pick(Object.keys(event))] = pick(junk);
      return JSON.stringify(body);
    }
    case 2: {
      // A key added or removed.
      const body = JSON.parse(valid) as { events: Record<string, unknown>[] };
      const event = pick(body.events);
      if (r() < 0.5) delete event[pick(Object.keys(event))];
      else event[pick(['seq', 'time', 'runId', 'type2', '', '__proto__', 'steps'])] = pick(junk);
      return JSON.stringify(body);
    }
    default:
      // Truncated at a random point.
      return valid.slice(0, Math.floor(r() * valid.length));
  }
}

describe('POST /runs/{id}/events under hostile input', () => {
  let before: ServerMemory;

  it('refuses every named hostile body with a 4xx problem that says what is wrong', { timeout: 20_000 }, async () => {
    await post('/runs/fuzz/events', log());
    before = await server.memory();
    for (const [what, body, headers] of HOSTILE) expectProblem(await post('/runs/fuzz/events', body, headers), what);
  });

  it(
    'answers random mutations of valid bodies with 201 or a 4xx problem, never a 5xx',
    { timeout: 20_000 },
    async () => {
      const r = prng(SEED);
      const outcomes: Record<number, number> = {};
      for (let i = 0; i < MUTATIONS; i++) {
        const body = mutated(r);
        const o = await post('/runs/fuzz/events', body);
        outcomes[o.status] = (outcomes[o.status] ?? 0) + 1;
        const what = `mutation ${i}: ${String(body).slice(0, 200)}`;
        if (o.status === 201) continue;
        // A mutation that happened to write a terminal status ends the run: later appends are 409s.
        expectProblem(o, what);
      }
      process.stdout.write(`ingest: ${MUTATIONS} mutations -> ${JSON.stringify(outcomes)}\n`);
    },
  );

  it('is still up, with its heap bounded, and takes valid appends afterwards', async () => {
    const after = await server.memory();
    process.stdout.write(
      `ingest: heap after GC ${(before.heapUsed / MiB).toFixed(1)} -> ${(after.heapUsed / MiB).toFixed(1)} MiB, RSS ${(before.rss / MiB).toFixed(1)} -> ${(after.rss / MiB).toFixed(1)} MiB\n`,
    );
    expect(after.heapUsed - before.heapUsed).toBeLessThan(16 * MiB);
    const ok = await post('/runs/after-fuzz/events', JSON.stringify({ events: [{ type: 'log', text: 'still here' }] }));
    expect(ok.status).toBe(201);
    const events = (await (await fetch(`${server.url}/runs/after-fuzz/events`)).json()) as {
      events: { text?: string }[];
    };
    expect(events.events.map((e) => e.text)).toEqual(['still here']);
  });
});
