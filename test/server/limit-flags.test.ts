/**
 * Every resource bound has a CLI flag (issue 13): the flags map to `limits.*`, bad values
 * are refused, and `--help` shows each default.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../server/config.js';
import { LIMIT_FLAG_OPTIONS, limitFlagsUsage, limitsFromFlags } from '../../server/limit-flags.js';

const fail = (message: string): never => {
  throw new Error(message);
};

describe('limit flags', () => {
  it('has one flag per limit, named after it', () => {
    const fromFlags = Object.keys(LIMIT_FLAG_OPTIONS).map((f) =>
      f.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
    );
    expect(fromFlags.sort()).toEqual(Object.keys(DEFAULT_LIMITS).sort());
  });

  it('turns the flags given into limits and leaves the others to their defaults', () => {
    expect(limitsFromFlags({ 'max-page-bytes': '1048576', 'max-connections-per-principal': '50' }, fail)).toEqual({
      maxPageBytes: 1_048_576,
      maxConnectionsPerPrincipal: 50,
    });
    expect(limitsFromFlags({}, fail)).toEqual({});
  });

  it('refuses values that are not positive integers', () => {
    for (const bad of ['0', '-1', '1.5', 'lots', ''])
      expect(() => limitsFromFlags({ 'max-unsent-bytes-per-principal': bad }, fail)).toThrow(
        /--max-unsent-bytes-per-principal must be a positive integer/,
      );
  });

  it('shows every flag with its default in the usage', () => {
    const usage = limitFlagsUsage();
    expect(usage).toMatch(/--catch-up-page-bytes N\s+default 1048576/);
    expect(usage).toMatch(/--max-unauthenticated-sockets-per-address N\s+default 100\b/);
  });
});
