/**
 * The SSE transport in real Chromium against the reference backend (started by the
 * browser project's global setup), with the pinned eventsource-parser. How the network
 * chunks the stream is up to the browser; splits at every point are covered by
 * sse.test.ts.
 */
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createRunClient, type RunClient } from '../../src/feed/index.js';

const apiBase = inject('apiBase');
let client: RunClient | undefined;
afterEach(() => client?.close());

async function post(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${apiBase}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

describe('SSE transport in the browser', () => {
  it('delivers a 512 KiB log line and the lines around it, in order, over the stream', async () => {
    const runId = `sse-${crypto.randomUUID().slice(0, 8)}`;
    await post('/runs', { id: runId });
    client = createRunClient({ baseUrl: apiBase, transport: 'sse' });
    const feed = client.watch(runId);
    await vi.waitFor(() => expect(feed.getState().connection.status).toBe('live'), { timeout: 10_000 });
    const long = 'z'.repeat(512 * 1024);
    await post(`/runs/${runId}/events`, {
      events: [
        { type: 'log', text: 'before' },
        { type: 'log', text: long },
        { type: 'log', text: 'after' },
      ],
    });
    await vi.waitFor(() => expect(feed.getState().logs.size).toBe(3), { timeout: 10_000, interval: 20 });
    expect(
      feed
        .getState()
        .logs.slice()
        .map((line) => line.text),
    ).toEqual(['before', long, 'after']);
    expect(feed.getState().connection.transport).toBe('sse');
    expect(feed.getState().malformed).toBe(0);
  });
});
