import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, TransportLadder } from '../../src/transports/ladder.js';

describe('TransportLadder', () => {
  it('steps down WebSocket → SSE → polling while each fails before ever opening, and stays at the bottom', () => {
    const ladder = new TransportLadder(DEFAULT_LADDER);
    expect(ladder.current).toBe('websocket');
    expect(ladder.markFailed()).toBe(true);
    expect(ladder.current).toBe('sse');
    expect(ladder.markFailed()).toBe(true);
    expect(ladder.current).toBe('polling');
    expect(ladder.markFailed()).toBe(false);
    expect(ladder.current).toBe('polling');
  });

  it('never falls back from a transport that opened once (an outage is not a blocked transport)', () => {
    const ladder = new TransportLadder(DEFAULT_LADDER);
    ladder.markOpened('websocket');
    expect(ladder.markFailed()).toBe(false);
    expect(ladder.current).toBe('websocket');
  });

  it('starts from what worked before and offers the rung above it for a background probe', () => {
    const ladder = new TransportLadder(DEFAULT_LADDER, 'polling');
    expect(ladder.current).toBe('polling');
    expect(ladder.markFailed()).toBe(false);
    expect(ladder.upgradeCandidate()).toBe('sse');
    ladder.markOpened('sse');
    expect(ladder.upgradeCandidate()).toBe('websocket');
    ladder.markOpened('websocket');
    expect(ladder.upgradeCandidate()).toBeUndefined();
  });

  it('honours a custom order and a forced single transport', () => {
    const ladder = new TransportLadder(['sse', 'websocket']);
    expect(ladder.current).toBe('sse');
    expect(new TransportLadder(['polling']).markFailed()).toBe(false);
    expect(() => new TransportLadder([])).toThrow(RangeError);
  });
});
