import { describe, expect, inject, it } from 'vitest';

// What a dashboard developer gets with no kit at all: the browser's own EventSource and
// WebSocket against the reference server, using only the documented framing.
const apiBase = inject('apiBase');

async function post(path: string, body: unknown): Promise<Response> {
  const res = await fetch(apiBase + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res;
}

const uniqueId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

describe('plain browser clients', () => {
  it('EventSource follows a run to its end with onmessage, named events and ids', async () => {
    const id = uniqueId('es');
    await post('/runs', { id, steps: [{ key: 'load' }] });
    await post(`/runs/${id}/events`, {
      events: [
        { type: 'progress', phase: 'load', percent: 5 },
        { type: 'log', text: 'first' },
      ],
    });

    const source = new EventSource(`${apiBase}/runs/${id}/stream`);
    const seqs: number[] = [];
    const ids: string[] = [];
    const end = new Promise<{ seq: number; status: string }>((resolve, reject) => {
      source.onmessage = (message) => {
        seqs.push((JSON.parse(message.data as string) as { seq: number }).seq);
        ids.push(message.lastEventId);
        // Appending after the first live event shows the handover from history to live.
        if (seqs.length === 2) {
          void post(`/runs/${id}/events`, {
            events: [
              { type: 'log', text: 'live' },
              { type: 'status', status: 'succeeded' },
            ],
          });
        }
      };
      source.addEventListener('end', (event) => {
        source.close();
        resolve(JSON.parse((event as MessageEvent<string>).data) as { seq: number; status: string });
      });
      setTimeout(() => reject(new Error(`no end; got ${seqs.join(',')}`)), 10_000);
    });
    expect(await end).toEqual({ seq: 4, status: 'succeeded' });
    expect(seqs).toEqual([1, 2, 3, 4]);
    expect(ids).toEqual(['1', '2', '3', '4']);
  });

  it('EventSource that does not close on end reconnects once, gets 204 and stops for good', async () => {
    const id = uniqueId('es204');
    await post('/runs', { id });
    await post(`/runs/${id}/events`, {
      events: [
        { type: 'log', text: 'only' },
        { type: 'status', status: 'cancelled' },
      ],
    });
    const source = new EventSource(`${apiBase}/runs/${id}/stream`);
    let messages = 0;
    source.onmessage = () => messages++;
    const stopped = new Promise<number>((resolve) => {
      source.onerror = () => {
        if (source.readyState === EventSource.CLOSED) resolve(source.readyState);
      };
    });
    expect(await stopped).toBe(EventSource.CLOSED);
    expect(messages).toBe(2);
  });

  it('WebSocket subscribes and receives every event of a run, then its end', async () => {
    const id = uniqueId('ws');
    await post('/runs', { id });
    await post(`/runs/${id}/events`, {
      events: [
        { type: 'log', text: 'a' },
        { type: 'log', text: 'b' },
      ],
    });

    const socket = new WebSocket(`${apiBase.replace(/^http/, 'ws')}/ws`);
    const frames: Array<{ type: string; event?: { seq: number }; seq?: number }> = [];
    const done = new Promise<void>((resolve, reject) => {
      socket.onmessage = (message) => {
        const frame = JSON.parse(message.data as string) as (typeof frames)[number];
        frames.push(frame);
        if (frame.type === 'ready') socket.send(JSON.stringify({ type: 'subscribe', run: id, after: 0 }));
        if (frame.type === 'event' && frame.event?.seq === 2) {
          void post(`/runs/${id}/events`, {
            events: [
              { type: 'log', text: 'c' },
              { type: 'status', status: 'failed', error: { message: 'boom' } },
            ],
          });
        }
        if (frame.type === 'end') resolve();
      };
      socket.onclose = (event) => reject(new Error(`closed ${event.code}`));
      setTimeout(() => reject(new Error(`no end; got ${JSON.stringify(frames)}`)), 10_000);
    });
    await done;
    socket.onclose = null;
    socket.close();
    expect(frames[0]).toMatchObject({ type: 'ready', heartbeatMs: 1000 });
    expect(frames.filter((f) => f.type === 'event').map((f) => f.event!.seq)).toEqual([1, 2, 3, 4]);
    expect(frames.at(-1)).toEqual({ type: 'end', run: id, seq: 4, status: 'failed' });
  });
});
