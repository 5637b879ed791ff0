/**
 * A load child: holds `count` subscribers of one kind and records, for every event it
 * receives, the time since the producer *scheduled* it (open-loop latency; the stamp
 * `t=<hrtime ns>` is in the log text, and `process.hrtime` is one clock per machine).
 * Driven over IPC by bench/run.ts: connect → reset → report → close.
 * @module
 */
import { request } from 'node:http';
import { createParser } from 'eventsource-parser';
import WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';
import { EventSource } from 'eventsource';
import { createRunClient, type RunClient } from '../../src/feed/index.js';
import { pollingTransport, sseTransport, webSocketTransport } from '../../src/transports/index.js';
import type { WebSocketConstructor } from '../../src/transports/index.js';
import { encode, newHistogram, recordSince } from '../lib/hist.js';
import { openChaosSubscriber } from './chaos-subscriber.js';

/** Kinds of subscriber this child can hold. */
export type SubscriberKind =
  | 'ref-sse'
  | 'ref-ws'
  | 'bare-sse'
  | 'socketio'
  | 'eventsource'
  | 'feed-websocket'
  | 'feed-sse'
  | 'feed-polling'
  | 'ref-sse-chaos';

/** Messages from the runner. */
export type ChildCommand =
  | { cmd: 'connect'; kind: SubscriberKind; url: string; runId: string; after: number; count: number; dropMs?: number }
  | { cmd: 'reset' }
  | { cmd: 'report' }
  | { cmd: 'close' };

let histogram = newHistogram();
let deliveries = 0;
let errors = 0;
/** Forced-drop bookkeeping of `ref-sse-chaos` subscribers. */
let chaos = { drops: 0, duplicates: 0, gaps: 0, missing: 0, failedReconnects: 0 };
let resumes = newHistogram();
/** Subscribers whose connection is open now (the server may close some after accepting). */
let open = 0;
const lost = () => open--;
let firstNs = 0n;
let lastNs = 0n;
const closers: (() => void)[] = [];
const STAMP = /t=(\d+);/;

function onText(text: unknown): void {
  const now = process.hrtime.bigint();
  if (typeof text !== 'string') return;
  const m = STAMP.exec(text);
  if (!m) return;
  if (deliveries === 0) firstNs = now;
  lastNs = now;
  deliveries++;
  recordSince(histogram, BigInt(m[1]!), now);
}

/** Opens a raw SSE stream with node:http; resolves once headers arrive. */
function rawSse(url: string, onEvent: (data: string, event: string | undefined) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${url}: HTTP ${res.statusCode}`));
        return;
      }
      const parser = createParser({ onEvent: (e) => onEvent(e.data, e.event) });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => parser.feed(chunk));
      res.on('error', () => errors++);
      res.on('close', lost);
      closers.push(() => req.destroy());
      resolve();
    });
    req.on('error', reject);
    req.end();
  });
}

function openOne(c: Extract<ChildCommand, { cmd: 'connect' }>): Promise<void> {
  const { kind, url, runId, after } = c;
  switch (kind) {
    case 'ref-sse':
      return rawSse(`${url}/runs/${runId}/stream?after=${after}`, (data, event) => {
        if (event === undefined) onText((JSON.parse(data) as { text?: unknown }).text);
      });
    case 'ref-sse-chaos':
      return openChaosSubscriber(url, runId, after, c.dropMs ?? 15_000, {
        onFresh: onText,
        onDuplicate: () => chaos.duplicates++,
        onGap: (missing) => {
          chaos.gaps++;
          chaos.missing += missing;
        },
        onResume: (ms) => {
          chaos.drops++;
          resumes.recordValue(Math.max(1, Math.round(ms * 1000)));
        },
        onFailedReconnect: () => chaos.failedReconnects++,
        onCloser: (close) => closers.push(close),
      });
    case 'bare-sse':
      return rawSse(`${url}/stream`, (data, event) => {
        if (event === undefined) onText((JSON.parse(data) as { text?: unknown }).text);
      });
    case 'ref-ws':
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { perMessageDeflate: false });
        ws.on('open', () => {
          ws.send(JSON.stringify({ type: 'subscribe', run: runId, after }));
          closers.push(() => ws.terminate());
          resolve();
        });
        ws.on('close', lost);
        ws.on('message', (raw) => {
          const frame = JSON.parse(raw.toString()) as { type: string; event?: { text?: unknown } };
          if (frame.type === 'event') onText(frame.event?.text);
        });
        ws.on('error', (error) => (ws.readyState === WebSocket.CONNECTING ? reject(error) : errors++));
      });
    case 'socketio':
      return new Promise((resolve, reject) => {
        const socket: Socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
        socket.on('connect', () => {
          closers.push(() => socket.close());
          resolve();
        });
        socket.on('connect_error', reject);
        socket.on('disconnect', lost);
        socket.on('event', (e: { text?: unknown }) => onText(e.text));
      });
    case 'eventsource':
      return new Promise((resolve, reject) => {
        const es = new EventSource(`${url}/runs/${runId}/stream?after=${after}`);
        es.onopen = () => {
          closers.push(() => es.close());
          resolve();
        };
        es.onmessage = (e) => onText((JSON.parse(e.data as string) as { text?: unknown }).text);
        es.onerror = () => {
          if (es.readyState === EventSource.CLOSED) lost();
          if (es.readyState === EventSource.CLOSED) reject(new Error('eventsource closed'));
          else errors++;
        };
      });
    default: {
      const transport = kind.slice('feed-'.length) as 'websocket' | 'sse' | 'polling';
      const client: RunClient = createRunClient({
        baseUrl: url,
        transports: [webSocketTransport(), sseTransport(), pollingTransport({ intervalMs: 1000 })],
        transport,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
        tailLines: 0,
        memory: { get: () => undefined, set: () => {} },
      });
      const feed = client.watch(runId);
      closers.push(() => client.close());
      return new Promise((resolve) => {
        feed.subscribe((state, change) => {
          if (state.connection.status === 'live') resolve();
          const n = change.logsReset ? 0 : change.appendedLines;
          const logs = state.logs;
          for (let i = Math.max(0, logs.size - n); i < logs.size; i++) onText(logs.at(i)?.text);
        });
      });
    }
  }
}

async function connect(c: Extract<ChildCommand, { cmd: 'connect' }>): Promise<{ ok: number; failed: number }> {
  let ok = 0;
  let failed = 0;
  // Bounded concurrency so the listen backlog is not the thing measured.
  const batch = 200;
  for (let i = 0; i < c.count; i += batch) {
    const results = await Promise.allSettled(Array.from({ length: Math.min(batch, c.count - i) }, () => openOne(c)));
    for (const r of results) {
      if (r.status === 'fulfilled') {
        ok++;
        open++;
      } else failed++;
    }
  }
  return { ok, failed };
}

process.on('message', (message: ChildCommand) => {
  const reply = (m: object) => process.send?.(m);
  switch (message.cmd) {
    case 'connect':
      void connect(message).then((r) => reply({ type: 'connected', ...r }));
      break;
    case 'reset':
      histogram = newHistogram();
      deliveries = 0;
      errors = 0;
      chaos = { drops: 0, duplicates: 0, gaps: 0, missing: 0, failedReconnects: 0 };
      resumes = newHistogram();
      firstNs = lastNs = 0n;
      reply({ type: 'reset' });
      break;
    case 'report':
      reply({
        type: 'report',
        deliveries,
        errors,
        open,
        spanMs: Number(lastNs - firstNs) / 1e6,
        firstNs: String(firstNs),
        lastNs: String(lastNs),
        histogram: encode(histogram),
        chaos: { ...chaos, resumes: encode(resumes) },
      });
      break;
    case 'close':
      for (const close of closers) close();
      reply({ type: 'closed' });
      setTimeout(() => process.exit(0), 50).unref();
      break;
  }
});
