import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunEventInput, RunSnapshot } from '../../../src/contract/index.js';
import { createRunClient, type RunClient } from '../../../src/feed/index.js';
import {
  exponentialBackoff,
  mapLadderMemory,
  type TransportKind,
  type WebSocketConstructor,
} from '../../../src/transports/index.js';
import { FaultProxy } from '../../support/fault-proxy.js';
import { lines, until } from '../../support/feed-helpers.js';
import { shouldSkipRedisTests, startRedisServer, type RedisProcess } from './redis-server-process.js';

const cli = fileURLToPath(new URL('../../../server/cli.ts', import.meta.url));

/** One worker: the reference server's CLI, in its own process, on the Redis store. */
interface Worker {
  url: string;
  port: number;
  process: ChildProcess;
}

async function startWorker(store: string): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--heartbeat-ms', '500'], {
    env: { ...process.env, RUN_STORE: store },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on ([^\s"]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output}`));
    });
  });
  return { url, port: Number(new URL(url).port), process: child };
}

async function stopWorker(worker: Worker, signal: NodeJS.Signals): Promise<void> {
  if (worker.process.exitCode !== null || worker.process.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.process.once('exit', resolve));
  worker.process.kill(signal);
  await exited;
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
}

describe.skipIf(shouldSkipRedisTests())('two server processes on one Redis', () => {
  let redis: RedisProcess | undefined;
  const workers: Worker[] = [];
  let proxy: FaultProxy | undefined;
  let client: RunClient | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    client?.close();
    await proxy?.close();
    await Promise.all(workers.splice(0).map((w) => stopWorker(w, 'SIGTERM')));
  });

  describe.each<TransportKind>(['sse', 'websocket'])('following over %s', (kind) => {
    it('resumes on worker A when worker B dies mid-stream, with every event exactly once', async () => {
      const store = `${redis!.url}?prefix=two-workers-${kind}:`;
      const [a, b] = await Promise.all([startWorker(store), startWorker(store)]);
      workers.push(a, b);
      // The load balancer: sends the client to B until B dies, then to A.
      proxy = await FaultProxy.start(b.port);
      const runId = `r-${kind}`;
      const appendThroughA = (events: RunEventInput[]) => post(`${a.url}/runs/${runId}/events`, { events });

      await post(`${a.url}/runs`, { id: runId });
      await appendThroughA(lines(1, 20));
      client = createRunClient({
        baseUrl: proxy.url(b.url),
        transport: kind,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
        retryPolicy: exponentialBackoff({ baseMs: 20, maxMs: 200 }),
        memory: mapLadderMemory(),
      });
      const feed = client.watch(runId);
      await until(feed, (s) => s.run?.seq === 20 && s.connection.status === 'live');

      // Live through B what the producer appends through A.
      await appendThroughA(lines(21, 20));
      await until(feed, (s) => s.run?.seq === 40);

      // B dies while the producer keeps appending through A: events up to 100 may be in
      // flight when it dies; 101 to 160 are appended after it died.
      let bDied!: () => void;
      const died = new Promise<void>((resolve) => (bDied = resolve));
      const producing = (async () => {
        for (let i = 41; i <= 160; i += 2) {
          if (i === 101) await died;
          await appendThroughA(lines(i, 2));
        }
      })();
      await until(feed, (s) => (s.run?.seq ?? 0) >= 60);
      const acceptedBefore = proxy.accepted;
      await stopWorker(b, 'SIGKILL');
      proxy.retarget(a.port);
      bDied();
      await producing;
      await appendThroughA([{ type: 'status', status: 'succeeded' }]);

      const end = await until(feed, (s) => s.connection.status === 'stopped');
      expect(proxy.accepted).toBeGreaterThan(acceptedBefore); // it did reconnect, to A
      expect(end.logs.slice().map((line) => line.text)).toEqual(Array.from({ length: 160 }, (_, i) => `line ${i + 1}`));
      const snapshot = (await (await fetch(`${a.url}/runs/${runId}`)).json()) as RunSnapshot;
      expect(end.run).toEqual(snapshot);
      expect(snapshot).toMatchObject({ seq: 161, status: 'succeeded', logLines: 160 });
    }, 60_000);
  });
});
