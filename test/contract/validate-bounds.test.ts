import { describe, expect, it } from 'vitest';
import {
  CreateRunInputSchema,
  MAX_BATCH,
  MAX_ISSUES,
  MAX_TIME_AHEAD_MS,
  MAX_TIME_BEHIND_MS,
  validate,
  validateAppendBody,
} from '../../src/contract/index.js';

// Issue 13, items 4 and 7: refusing a value must cost little however wrong it is, and
// producer times must stay near the server's clock.
describe('validation bounds', () => {
  it('reports at most MAX_ISSUES issues, in document order', () => {
    const result = validateAppendBody({ events: Array.from({ length: 1000 }, () => ({ type: 'log', text: 1 })) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(MAX_ISSUES);
    expect(result.issues[0]).toEqual({ pointer: '/events/0/text', message: expect.any(String) as string });
    expect(result.issues.at(-1)!.pointer).toBe(`/events/${MAX_ISSUES - 1}/text`);
  });

  it('checks the length of a batch before its events', () => {
    const result = validateAppendBody({ events: Array<number>(MAX_BATCH + 1).fill(1) });
    expect(result).toEqual({
      ok: false,
      issues: [
        { pointer: '/events', message: `Invalid length: Expected <=${MAX_BATCH} but received ${MAX_BATCH + 1}` },
      ],
    });
  });

  it('reports every issue of a small value and the first of a large one', () => {
    const small = validate(CreateRunInputSchema, { id: '?', title: 1, extra: true });
    expect(small.ok ? [] : small.issues.map((i) => i.pointer).sort()).toEqual(['/extra', '/id', '/title']);
    const large = validate(CreateRunInputSchema, { steps: Array.from({ length: 2000 }, () => ({ key: 1 })) });
    expect(large.ok ? [] : large.issues).toHaveLength(1);
  });

  it('refuses producer times outside the window around the clock, and only when given the clock', () => {
    const now = new Date('2026-12-02T12:00:00.000Z');
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const body = {
      events: [
        { type: 'log', text: 'ok', time: at(MAX_TIME_AHEAD_MS) },
        { type: 'log', text: 'ok', time: at(-MAX_TIME_BEHIND_MS) },
        { type: 'log', text: 'future', time: at(MAX_TIME_AHEAD_MS + 1) },
        { type: 'log', text: 'ancient', time: at(-MAX_TIME_BEHIND_MS - 1) },
        { type: 'progress', phase: 'p', steps: [{ key: 'k', state: 'done', startedAt: '0000-01-01T00:00:00Z' }] },
      ],
    };
    const result = validateAppendBody(body, { now });
    expect(result.ok ? [] : result.issues.map((i) => i.pointer)).toEqual([
      '/events/2/time',
      '/events/3/time',
      '/events/4/steps/0/startedAt',
    ]);
    expect(validateAppendBody(body).ok).toBe(true);
    expect(validateAppendBody({ type: 'log', text: 'x', time: '9999-01-01T00:00:00Z' }, { now })).toMatchObject({
      ok: false,
      issues: [{ pointer: '/time' }],
    });
  });
});
