import { describe, expect, it } from 'vitest';
import { RunEventSchema, ServerFrameSchema, validate, validateAppendBody } from '../../src/contract/index.js';

describe('validate', () => {
  it('rejects unknown fields in producer input with their pointer', () => {
    const r = validateAppendBody({ events: [{ type: 'log', text: 'x', colour: 'red' }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toContainEqual({ pointer: '/events/0/colour', message: 'unknown field' });
  });

  it('says "missing required field" for a required field left out, not "unknown field" (issue 17)', () => {
    const r = validateAppendBody({ events: [{ type: 'log', text: 'x' }, { type: 'progress', percent: 5 }] });
    expect(r).toEqual({ ok: false, issues: [{ pointer: '/events/1/phase', message: 'missing required field' }] });
    const nested = validateAppendBody({ type: 'status', status: 'failed', error: { code: 'E1' } });
    expect(nested).toEqual({ ok: false, issues: [{ pointer: '/error/message', message: 'missing required field' }] });
    const both = validateAppendBody({ type: 'log', colour: 'red' });
    expect(both.ok).toBe(false);
    if (!both.ok)
      expect(both.issues).toEqual(
        expect.arrayContaining([
          { pointer: '/text', message: 'missing required field' },
          { pointer: '/colour', message: 'unknown field' },
        ]),
      );
  });

  it('reports a present field of the wrong type as a type error, not as missing', () => {
    const r = validateAppendBody({ type: 'progress', phase: 5 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ pointer: '/phase', message: 'Invalid type: Expected string but received 5' }]);
  });

  it('reports wrong types precisely', () => {
    const r = validateAppendBody({ type: 'progress', phase: 'a', percent: 'ten' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.pointer)).toContain('/percent');
  });

  it('drops unknown fields in what servers send, so newer servers do not break clients', () => {
    const r = validate(RunEventSchema, { seq: 3, type: 'log', time: '2026-01-01T00:00:00.000Z', text: 'x', extra: 1 });
    expect(r).toEqual({ ok: true, value: { seq: 3, type: 'log', time: '2026-01-01T00:00:00.000Z', text: 'x' } });
  });

  it('accepts every stream frame kind and rejects an unknown one', () => {
    expect(validate(ServerFrameSchema, { type: 'heartbeat', time: '2026-01-01T00:00:00Z', runs: { a: 3 } }).ok).toBe(true);
    expect(validate(ServerFrameSchema, { type: 'gossip' }).ok).toBe(false);
  });
});
