import { describe, expect, it } from 'vitest';
import { classifyClose, parseRetryAfter, statusOfCloseCode } from '../../src/transports/close-reason.js';

describe('close classification', () => {
  it('refreshes the token on 401, stops on 403/404/410, backs off on 429, 5xx and network trouble', () => {
    const status = (s: number) => classifyClose({ kind: 'status', status: s, message: '' });
    expect(status(401)).toBe('refresh-token');
    expect([403, 404, 410].map(status)).toEqual(['stop', 'stop', 'stop']);
    expect([429, 500, 502, 503, 504].map(status)).toEqual(Array(5).fill('back-off'));
    expect(classifyClose({ kind: 'network', message: '' })).toBe('back-off');
    expect(classifyClose({ kind: 'timeout', message: '' })).toBe('back-off');
    expect(classifyClose({ kind: 'ended', message: '' })).toBe('back-off');
  });

  it('maps the WebSocket close codes of the contract to the statuses they stand for', () => {
    expect([4401, 4403, 4429, 1013, 4404].map(statusOfCloseCode)).toEqual([401, 403, 429, 503, 404]);
    expect([1000, 1001, 1006, 1008, 4408].map(statusOfCloseCode)).toEqual(Array(5).fill(undefined));
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 25, 5, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(new Date(now + 12_000).toUTCString(), now)).toBe(12_000);
    expect(parseRetryAfter(new Date(now - 5_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
