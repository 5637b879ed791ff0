import { describe, expect, it } from 'vitest';
import { applyEvent, initialSnapshot, SequenceGapError, type RunEvent } from '../../src/contract/index.js';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const base = () =>
  initialSnapshot({ id: 'r1', createdAt: t(0), kind: 'pricing', steps: [{ key: 'load', label: 'Load' }, { key: 'score' }] });

describe('applyEvent', () => {
  it('starts a queued run on its first progress and stamps step times from event times', () => {
    const s = applyEvent(base(), {
      seq: 1,
      type: 'progress',
      time: t(5),
      phase: 'load',
      percent: 10,
      steps: [
        { key: 'load', state: 'running' },
        { key: 'score', state: 'waiting' },
      ],
    });
    expect(s.status).toBe('running');
    expect(s.startedAt).toBe(t(5));
    expect(s.steps[0]).toEqual({ key: 'load', label: 'Load', state: 'running', startedAt: t(5) });
    const s2 = applyEvent(s, {
      seq: 2,
      type: 'progress',
      time: t(9),
      phase: 'score',
      steps: [
        { key: 'load', state: 'done' },
        { key: 'score', state: 'running' },
      ],
    });
    expect(s2.steps[0]).toMatchObject({ state: 'done', startedAt: t(5), endedAt: t(9) });
    expect(s2.percent).toBeUndefined();
    expect(s2.seq).toBe(2);
  });

  it('ignores duplicates and refuses gaps', () => {
    const e: RunEvent = { seq: 1, type: 'log', time: t(1), text: 'hello' };
    const s = applyEvent(base(), e);
    expect(applyEvent(s, e)).toBe(s);
    expect(() => applyEvent(s, { ...e, seq: 3 })).toThrow(SequenceGapError);
  });

  it('records the failing phase and fails the running step', () => {
    let s = applyEvent(base(), {
      seq: 1,
      type: 'progress',
      time: t(1),
      phase: 'score',
      steps: [
        { key: 'load', state: 'done' },
        { key: 'score', state: 'running' },
      ],
    });
    s = applyEvent(s, { seq: 2, type: 'status', time: t(2), status: 'failed', error: { message: 'boom' } });
    expect(s.status).toBe('failed');
    expect(s.error).toEqual({ message: 'boom', phase: 'score' });
    expect(s.steps[1]).toMatchObject({ state: 'failed', endedAt: t(2) });
    expect(s.endedAt).toBe(t(2));
  });
});
