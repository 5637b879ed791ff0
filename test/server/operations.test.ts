/**
 * The server command as an operator runs it (issue 14): settings from the environment,
 * JSON logs with a request log and request ids, health and metrics without a run token,
 * and a graceful drain on SIGTERM that finishes the request in flight, tells streams to
 * reconnect and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SseClient } from './support/sse-client.js';
import { WsClient } from './support/ws-client.js';

const CLI = join(import.meta.dirname, '../../server/cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'rpk-ops-'));
const TOKENS = join(dir, 'tokens.json');
writeFileSync(TOKENS, JSON.stringify({ 'tok-p': { tenant: 't', role: 'producer' } }));

interface Cli {
  child: ChildProcess;
  url: string;
  origin: string;
  /** Every JSON line written to standard output so far. */
  lines: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the CLI with settings from the environment only. */
async function startCli(env: Record<string, string>): Promise<Cli> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '', RUN_PORT: '0', RUN_STORE: ':memory:', ...env },
  });
  children.push(child);
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout!.on('data', (d: Buffer) => {
      pending += String(d);
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const part of parts) {
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        if (typeof line.url === 'string') resolve(line.url);
      }
    });
    void exited.then((code) => reject(new Error(`cli exited with ${code}: ${stderr}`)));
  });
  return { child, url, origin: new URL(url).origin, lines, exited };
}

const auth = { Authorization: 'Bearer tok-p' };

describe('the server command in operation', () => {
  it('refuses a bad setting from the environment at start, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, RUN_PORT: '0', RUN_STORE: ':memory:', RUN_HEARTBEAT_MS: 'soon' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('RUN_HEARTBEAT_MS must be a positive integer, got "soon"');
  });

  it('answers health without a token, protects metrics with their own, and logs each request as JSON', async () => {
    const cli = await startCli({ RUN_TOKENS: TOKENS, RUN_METRICS_TOKEN: 'scrape-me' });
    const healthz = await fetch(`${cli.origin}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toEqual({ status: 'ok' });
    const readyz = await fetch(`${cli.origin}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ status: 'ready' });
    // The API itself still needs a token.
    expect((await fetch(`${cli.url}/runs`)).status).toBe(401);

    const listed = await fetch(`${cli.url}/runs`, { headers: { ...auth, 'X-Request-Id': 'trace-42' } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('x-request-id')).toBe('trace-42');
    const fresh = await fetch(`${cli.url}/runs`, { headers: auth });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    expect((await fetch(`${cli.origin}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${cli.origin}/metrics`, { headers: { Authorization: 'Bearer scrape-me' } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('run_progress_streams_open{transport="sse"} 0');
    expect(text).toContain('run_progress_store_up 1');
    expect(text).toContain('run_progress_draining 0');
    expect(text).toMatch(/run_progress_http_request_duration_seconds_count\{method="GET",route="runs",status="200"\} 2/);

    const logged = cli.lines.find((line) => line.reqId === 'trace-42');
    expect(logged).toMatchObject({ msg: 'request', method: 'GET', path: '/api/runs', status: 200, level: 30 });
    expect(typeof logged?.time).toBe('number');
    expect(typeof logged?.ms).toBe('number');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('drains on SIGTERM: the append in flight is answered, streams are told to reconnect, the process exits 0', async () => {
    const cli = await startCli({ RUN_DRAIN_TIMEOUT_MS: '5000' });
    const created = await fetch(`${cli.url}/runs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'drained', title: 'drained' }),
    });
    expect(created.status).toBe(201);
    const sse = await SseClient.open(`${cli.url}/runs/drained/stream`);
    const ws = await WsClient.connect(cli.url);
    ws.send({ type: 'subscribe', run: 'drained', after: 0 });
    await ws.until((frames) => frames.some((f) => f.type === 'heartbeat' || f.type === 'event' || f.type === 'ready'));

    // An append whose body is still on its way when the signal comes.
    const body = JSON.stringify({ events: [{ type: 'log', text: 'written during the drain' }] });
    const { port } = new URL(cli.url);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += String(d)));
    const answered = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /api/runs/drained/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nIdempotency-Key: drain-1\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));

    cli.child.kill('SIGTERM');
    await expect.poll(() => cli.lines.some((line) => line.msg === 'draining'), { timeout: 5000 }).toBe(true);
    // Streams are told to go elsewhere: SSE ends after a short retry, the WebSocket closes 1001.
    await sse.ended;
    expect(sse.retry).toBe(250);
    expect(await ws.closed).toBe(1001);

    socket.write(body.slice(10));
    await answered;
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(answer).toContain('"replayed":false');
    expect(await cli.exited).toBe(0);
    expect(cli.lines.find((line) => line.msg === 'stopped')).toMatchObject({ unfinished: 0 });
  });
});
