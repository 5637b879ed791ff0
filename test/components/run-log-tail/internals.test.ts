import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describe, expect, it } from 'vitest';
import { LogFormat } from '../../../src/components/run-log-tail/internal/format.js';
import { FrameBatchedHost } from '../../../src/components/run-log-tail/internal/frame-host.js';
import { defaultStrings, mergeStrings } from '../../../src/components/run-log-tail/internal/strings.js';

describe('FrameBatchedHost', () => {
  it('turns many update requests within a frame into one ingest and one update', () => {
    const frames: Array<() => void> = [];
    let updates = 0;
    const controllers: ReactiveController[] = [];
    const host: ReactiveControllerHost = {
      addController: (c) => void controllers.push(c),
      removeController: () => undefined,
      requestUpdate: () => void updates++,
      updateComplete: Promise.resolve(true),
    };
    let ingests = 0;
    const batched = new FrameBatchedHost(
      host,
      () => ingests++,
      (cb) => void frames.push(cb),
    );
    for (let i = 0; i < 1000; i++) batched.requestUpdate();
    expect(frames.length).toBe(1);
    expect(updates).toBe(0);
    frames.shift()?.();
    expect([ingests, updates]).toEqual([1, 1]);
    batched.requestUpdate();
    expect(frames.length).toBe(1);
    batched.addController({});
    expect(controllers.length).toBe(1);
  });
});

describe('LogFormat', () => {
  const fmt = new LogFormat('en');
  it('formats offsets from the run start', () => {
    const start = Date.parse('2026-11-25T10:00:00.000Z');
    expect(fmt.offset('2026-11-25T10:00:01.250Z', start)).toBe('+0:01.250');
    expect(fmt.offset('2026-11-25T11:02:03.004Z', start)).toBe('+1:02:03.004');
    expect(fmt.offset('2026-11-25T09:59:59.000Z', start)).toBe('−0:01.000');
    expect(fmt.offset('not a time', start)).toBe('not a time');
  });

  it('formats durations and counts', () => {
    expect(fmt.duration(850)).toBe('850 ms');
    expect(fmt.duration(12_400)).toBe('12 s');
    expect(fmt.duration(185_000)).toBe('3 min 5 s');
    expect(fmt.duration(3_720_000)).toBe('1 h 2 min');
    expect(fmt.count(100000)).toBe('100,000');
    expect(new LogFormat('de').count(100000)).toBe('100.000');
  });

  it('falls back to the default locale for a language tag Intl rejects (WebKitGTK reports "C")', () => {
    expect(new LogFormat('C').count(100000)).toBe(new Intl.NumberFormat().format(100000));
  });
});

describe('strings', () => {
  it('merges the page strings over the defaults', () => {
    const t = mergeStrings({ copy: 'Kopieren' });
    expect(t.copy).toBe('Kopieren');
    expect(t.download).toBe(defaultStrings.download);
    expect(t.newLines('1')).toBe('1 new line — jump to end');
  });
});
