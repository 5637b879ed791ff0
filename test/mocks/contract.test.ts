import './node-globals.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupServer } from 'msw/node';
import { createParser } from 'eventsource-parser';
import { cancel, createRunHandlers, phaseStills, queued } from '../../mocks/index.js';
import type { RunSnapshot } from '../../src/contract/index.js';
import { freshBase, logSeqs, serve } from './support.js';

let server: SetupServer | undefined;

afterEach(() => {
  server?.close();
  server = undefined;
});

/** Reads a whole SSE response into its messages. */
async function readSse(
  response: Response,
): Promise<Array<{ event?: string | undefined; id?: string | undefined; data: string }>> {
  const messages: Array<{ event?: string | undefined; id?: string | undefined; data: string }> = [];
  const parser = createParser({ onEvent: (m) => messages.push({ event: m.event, id: m.id, data: m.data }) });
  parser.feed(await response.text());
  return messages;
}

describe('the mocks speak the contract', () => {
  it('the per-run SSE stream sends every event with its seq as id, then end; a reconnect after the end gets 204', async () => {
    const base = freshBase();
    server = serve(base, [cancel], 100);
    const response = await fetch(`${base}/runs/${cancel.id}/stream`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const messages = await readSse(response);

    const events = messages.filter((m) => m.event === undefined);
    expect(events.map((m) => Number(m.id))).toEqual(cancel.timeline.map((_, i) => i + 1));
    const end = messages.at(-1);
    expect(end?.event).toBe('end');
    expect(JSON.parse(end?.data ?? '{}')).toEqual({ seq: cancel.timeline.length, status: 'cancelled' });

    const again = await fetch(`${base}/runs/${cancel.id}/stream`, {
      headers: { 'last-event-id': String(cancel.timeline.length) },
    });
    expect(again.status).toBe(204);
  });

  it('the log tail and event pages agree with the script', async () => {
    const base = freshBase();
    server = serve(base, [cancel], 100);
    await (await fetch(`${base}/runs/${cancel.id}`)).json();
    await new Promise((r) => setTimeout(r, 200));
    const tail = (await (await fetch(`${base}/runs/${cancel.id}/logs?tail=3`)).json()) as {
      lines: Array<{ seq: number }>;
    };
    expect(tail.lines.map((l) => l.seq)).toEqual(logSeqs(cancel).slice(-3));
    const ahead = await fetch(`${base}/runs/${cancel.id}/events?after=9999`);
    expect(ahead.status).toBe(409);
    expect(ahead.headers.get('content-type')).toBe('application/problem+json');
  });

  it('still scenarios stay in their state: queued, and each phase', async () => {
    const base = freshBase();
    server = serve(base, [queued, ...phaseStills], 1);
    const read = async (id: string) => (await (await fetch(`${base}/runs/${id}`)).json()) as RunSnapshot;
    expect((await read(queued.id)).status).toBe('queued');
    for (const still of phaseStills) {
      const snapshot = await read(still.id);
      expect(snapshot.status).toBe('running');
      expect(`phase-${snapshot.phase}`).toBe(still.id);
      expect(snapshot.steps.find((s) => s.state === 'running')?.key).toBe(snapshot.phase);
    }
  });

  it('an unknown run is a 404 problem', async () => {
    const base = freshBase();
    server = serve(base, [queued], 1);
    const response = await fetch(`${base}/runs/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { status: number }).status).toBe(404);
  });
});

describe('the ready-made Node adapter', () => {
  it('serves every plain scenario at /api and each network scenario under its own base', async () => {
    const { server: defaults } = await import('../../mocks/node.js');
    defaults.listen({ onUnhandledRequest: 'error' });
    try {
      const list = (await (await fetch('http://localhost/api/runs')).json()) as { runs: Array<{ id: string }> };
      expect(list.runs.map((r) => r.id)).toContain('happy-path');
      const refused = await fetch('http://localhost/api/polling-only/stream?runs=polling-only:0');
      expect(refused.status).toBe(404);
      const poll = await fetch('http://localhost/api/polling-only/poll?runs=polling-only:0');
      expect(poll.status).toBe(200);
      const unauthorized = await fetch(
        'http://localhost/api/unauthorized-then-recovery/runs/unauthorized-then-recovery',
      );
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer');
    } finally {
      defaults.close();
    }
  });
});

describe('scripts the mocks refuse', () => {
  it('a timeline that goes back in time, or an event the contract would refuse, is a clear error on first request', async () => {
    const base = freshBase();
    const backwards = {
      ...queued,
      id: 'backwards',
      timeline: [
        { at: 5, event: queued.timeline[0]!.event },
        { at: 1, event: queued.timeline[0]!.event },
      ],
    };
    const invalid = {
      ...queued,
      id: 'invalid',
      timeline: [{ at: 0, event: { type: 'progress', phase: 'x', percent: 140 } as const }],
    };
    server = serve(base, [backwards, invalid], 1);
    const answers = await Promise.all([fetch(`${base}/runs/backwards`), fetch(`${base}/runs/invalid`)]);
    expect(answers.map((a) => a.status)).toEqual([500, 500]);
    expect(await answers[0]!.text()).toContain('timeline[1].at');
    expect(await answers[1]!.text()).toContain('timeline[0].event/percent');
  });

  it('a speed that is not a positive number', () => {
    expect(() => createRunHandlers({ baseUrl: freshBase(), scenarios: [queued], speed: 0 })).toThrow(/speed/);
  });
});
