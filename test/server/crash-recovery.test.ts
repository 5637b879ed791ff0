import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppendResult, EventPage, LogEvent } from '../../src/contract/index.js';
import { SseClient } from './support/sse-client.js';

const CLI = join(import.meta.dirname, '../../server/cli.ts');

/** Starts `server/cli.ts` as a child on `db` and resolves with its API base URL. */
async function startCli(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, '--port', '0', '--store', db, '--heartbeat-ms', '500'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: '' },
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const match = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

async function post(url: string, body: unknown, key?: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key) headers['Idempotency-Key'] = key;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

describe('crash recovery of the CLI server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rpk-crash-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged event after SIGKILL, and a resuming SSE client gets exactly the rest', async () => {
    const db = join(dir, 'runs.db');
    const first = await startCli(db);
    children.push(first.child);
    expect((await post(`${first.url}/runs`, { id: 'chatty', title: 'Chatty run' })).status).toBe(201);

    const watcher = await SseClient.open(`${first.url}/runs/chatty/stream`);
    const acked: AppendResult[] = [];
    let batch = 0;
    let unacked: { key: string; events: unknown[] } | undefined;
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    // A producer writing batches of log lines as fast as the server acknowledges them.
    const producer = (async () => {
      for (;;) {
        const events = Array.from({ length: 20 }, (_, i) => ({ type: 'log', text: `batch ${batch} line ${i}` }));
        const key = `batch-${batch}`;
        unacked = { key, events };
        let res: Response;
        try {
          res = await post(`${first.url}/runs/chatty/events`, { events }, key);
        } catch {
          return; // the server died mid-request: this batch is not acknowledged
        }
        if (res.status !== 201) throw new Error(`append answered ${res.status}`);
        acked.push((await res.json()) as AppendResult);
        unacked = undefined;
        batch++;
      }
    })();
    await watcher.until(() => acked.length >= 25 && watcher.runEvents().length >= 200, 20_000);
    first.child.kill('SIGKILL');
    await exited;
    await producer;
    await watcher.ended;
    const seen = watcher.runEvents().map((e) => e.seq);
    expect(seen).toEqual(seen.map((_, i) => i + 1));
    const lastSeen = seen.at(-1)!;

    const second = await startCli(db);
    children.push(second.child);
    const resumed = await SseClient.open(`${second.url}/runs/chatty/stream`, { 'Last-Event-ID': String(lastSeen) });
    expect(resumed.response.status).toBe(200);
    // The producer retries the batch it never saw acknowledged (stored at most once), then finishes.
    if (unacked) {
      const retry = await post(`${second.url}/runs/chatty/events`, { events: unacked.events }, unacked.key);
      expect(retry.status).toBe(201);
      acked.push((await retry.json()) as AppendResult);
    }
    const final = await post(`${second.url}/runs/chatty/events`, { type: 'status', status: 'succeeded' });
    const finalSeq = ((await final.json()) as AppendResult).lastSeq;
    await resumed.ended;

    const rest = resumed.runEvents().map((e) => e.seq);
    expect(rest).toEqual(Array.from({ length: finalSeq - lastSeen }, (_, i) => lastSeen + 1 + i));
    expect(JSON.parse(resumed.messages.at(-1)!.data)).toEqual({ seq: finalSeq, status: 'succeeded' });

    // Every acknowledged event is stored, with contiguous seqs and its own text.
    const events: LogEvent[] = [];
    for (let after = 0; ;) {
      const page = (await (await fetch(`${second.url}/runs/chatty/events?after=${after}`)).json()) as EventPage;
      if (page.events.length === 0) break;
      events.push(...(page.events.filter((e) => e.type === 'log') as LogEvent[]));
      after = page.events.at(-1)!.seq;
    }
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const [n, result] of acked.entries()) {
      const stored = events.slice(result.firstSeq - 1, result.lastSeq);
      expect(
        stored.map((e) => e.text),
        `batch ${n}`,
      ).toEqual(Array.from({ length: 20 }, (_, i) => `batch ${n} line ${i}`));
    }
    expect(events.length).toBe(acked.length * 20);
    second.child.kill('SIGTERM');
  }, 60_000);
});
