/**
 * How an adapter turns backend messages into contract events: a seq of its own with no
 * gaps, nothing for a message that says nothing new, replays dropped by key, terminal is
 * final, and a message that breaks the contract reported rather than thrown.
 */
import { describe, expect, it } from 'vitest';
import { AdapterRun } from '../../src/adapters/run-model.js';
import { adapterTransportKinds } from '../../src/adapters/bind.js';
import type * as registry from '../../src/adapters/registry.js';
import { getAdapter, registerAdapter } from '../../src/adapters/registry.js';

const T0 = Date.parse('2026-11-25T06:00:00Z');

describe('an adapter run', () => {
  it('numbers the events of what changed, gap-free, and makes none for a repeated state', () => {
    const run = new AdapterRun('r1', T0, 100);
    run.ingest({ status: 'running', phase: 'fetch_data', percent: 10 }, T0 + 1);
    run.ingest({ status: 'running', phase: 'fetch_data', percent: 10 }, T0 + 2);
    run.ingest({ phase: 'score', percent: 50, logs: ['a', { text: 'b', level: 'warn' }] }, T0 + 3);
    const events = run.eventsAfter(0) ?? [];
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'status'],
      [2, 'progress'],
      [3, 'progress'],
      [4, 'log'],
      [5, 'log'],
    ]);
    expect(run.snapshot).toMatchObject({ seq: 5, status: 'running', phase: 'score', percent: 50, logLines: 2 });
    expect(run.logTail(1)).toMatchObject([{ text: 'b', level: 'warn', seq: 5 }]);
  });

  it('does not start a queued run for a "0 %" answer', () => {
    const run = new AdapterRun('r1', T0, 100);
    run.ingest({ status: 'queued', percent: 0 }, T0);
    expect(run.snapshot).toMatchObject({ status: 'queued', seq: 0 });
  });

  it('drops a replayed message by its key', () => {
    const run = new AdapterRun('r1', T0, 100);
    run.ingest({ key: '1', phase: 'a', logs: ['step a'] }, T0);
    run.ingest({ key: '1', phase: 'a', logs: ['step a'] }, T0);
    expect(run.logTail(10).map((l) => l.text)).toEqual(['step a']);
  });

  it('ends at a terminal status and ignores what comes after', () => {
    const run = new AdapterRun('r1', T0, 100);
    run.ingest({ phase: 'a', status: 'failed', error: { message: 'boom' }, logs: ['last words'] }, T0);
    run.ingest({ status: 'running', phase: 'b' }, T0);
    const types = (run.eventsAfter(0) ?? []).map((e) => e.type);
    expect(types).toEqual(['progress', 'log', 'status']);
    expect(run.snapshot).toMatchObject({ status: 'failed', error: { message: 'boom', phase: 'a' } });
  });

  it('reports an update that breaks the contract and keeps the run as it was', () => {
    const run = new AdapterRun('r1', T0, 100);
    const problems = run.ingest({ phase: 'a', percent: 150 }, T0);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/does not fit the contract/);
    expect(run.seq).toBe(0);
  });

  it('says so when the events after a cursor are no longer kept', () => {
    const run = new AdapterRun('r1', T0, 10);
    for (let i = 0; i < 40; i += 1) run.ingest({ logs: [`line ${i}`] }, T0);
    expect(run.eventsAfter(0)).toBeUndefined();
    expect(run.eventsAfter(35)?.map((e) => e.seq)).toEqual([36, 37, 38, 39, 40]);
  });

  it('tells listeners about each update that made events', () => {
    const run = new AdapterRun('r1', T0, 100);
    const heard: number[][] = [];
    run.listen((events) => heard.push(events.map((e) => e.seq)));
    run.ingest({ logs: ['x', 'y'] }, T0);
    run.ingest({}, T0);
    expect(heard).toEqual([[1, 2]]);
  });

  it("keeps the backend's own line times, in any of the forms a backend sends", () => {
    const run = new AdapterRun('r1', T0, 100);
    const written = T0 - 60_000;
    run.ingest(
      {
        logs: [
          { text: 'iso', time: new Date(written).toISOString() },
          { text: 'ms', time: written + 1 },
          { text: 'date', time: new Date(written + 2) },
          'arrived',
        ],
      },
      T0,
    );
    expect(run.logTail(4).map((l) => [l.text, Date.parse(l.time) - written])).toEqual([
      ['iso', 0],
      ['ms', 1],
      ['date', 2],
      ['arrived', 60_000],
    ]);
  });

  it('keeps a line whose time is not a date, at its arrival time, and says what was wrong', () => {
    const run = new AdapterRun('r1', T0, 100);
    const problems = run.ingest({ logs: [{ text: 'kept', time: 'yesterday-ish' }] }, T0);
    expect(run.logTail(1)).toMatchObject([{ text: 'kept', time: new Date(T0).toISOString() }]);
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/not a date/) })]);
  });

  it("starts the run at the backend's start time, so elapsed time counts from it", () => {
    const run = new AdapterRun('r1', T0, 100);
    const started = T0 - 15_000;
    run.ingest({ status: 'running', startedAt: started, phase: 'score', percent: 58 }, T0);
    expect(run.snapshot).toMatchObject({ status: 'running', startedAt: new Date(started).toISOString(), percent: 58 });
    expect((run.eventsAfter(0) ?? []).map((e) => e.type)).toEqual(['status', 'progress']);
    // A later update cannot move the start.
    run.ingest({ startedAt: T0, percent: 60 }, T0 + 1000);
    expect(run.snapshot.startedAt).toBe(new Date(started).toISOString());
  });

  it('starts a run first seen finished at its start time, then ends it', () => {
    const run = new AdapterRun('r1', T0, 100);
    run.ingest({ status: 'succeeded', startedAt: T0 - 5000 }, T0);
    expect(run.snapshot).toMatchObject({
      status: 'succeeded',
      startedAt: new Date(T0 - 5000).toISOString(),
      endedAt: new Date(T0).toISOString(),
    });
  });

  it('does not start a queued run for a start time', () => {
    const run = new AdapterRun('r1', T0, 100);
    run.ingest({ status: 'queued', startedAt: T0 }, T0);
    expect(run.snapshot).toMatchObject({ status: 'queued', seq: 0 });
  });
});

describe('adapter declarations', () => {
  it('supports the transports it has endpoints for, in the order given', () => {
    expect(
      adapterTransportKinds({
        webSocket: { url: '/ws', map: () => undefined },
        snapshot: { url: '/r', map: () => undefined },
      }),
    ).toEqual(['websocket', 'polling']);
    expect(() => adapterTransportKinds({ snapshot: { url: '/r', map: () => undefined }, transports: ['sse'] })).toThrow(
      /lists transport sse but gives no endpoint/,
    );
  });

  it('names a missing registration clearly', () => {
    registerAdapter('known', { snapshot: { url: '/r', map: () => undefined } });
    expect(getAdapter('known')).toBeDefined();
    expect(() => getAdapter('unknwon')).toThrow(/no adapter registered as "unknwon"/);
  });

  it('shares registrations between two copies of the kit on one page', async () => {
    // A second instance of the module, as a second bundle of the kit would load it.
    const secondCopy = '../../src/adapters/registry.js?second-copy';
    const copy = (await import(/* @vite-ignore */ secondCopy)) as typeof registry;
    expect(copy.getAdapter).not.toBe(getAdapter);
    const adapter = { snapshot: { url: '/jobs/{runId}', map: () => undefined } };
    copy.registerAdapter('from-the-app-bundle', adapter);
    expect(getAdapter('from-the-app-bundle')).toBe(adapter);
  });
});
