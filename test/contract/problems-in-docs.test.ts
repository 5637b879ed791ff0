/**
 * Every problem type of the contract (`ProblemType`) and of the reference server
 * (`ServerProblemType`) is in docs/contract.md's table of problem types, with its status.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProblemType } from '../../src/contract/index.js';
import { ServerProblemType } from '../../server/shared/problem.js';

const contract = readFileSync(fileURLToPath(new URL('../../docs/contract.md', import.meta.url)), 'utf8');
const rows = new Map(
  [...contract.matchAll(/^\| `(urn:run-progress-kit:problem:[a-z-]+)` \| (\d{3}) \|/gm)].map((m) => [
    m[1],
    Number(m[2]),
  ]),
);

describe('problem types in docs/contract.md', () => {
  it('lists every type of the contract and of the reference server, and no other', () => {
    const known = [...Object.values(ProblemType), ...Object.values(ServerProblemType)];
    expect([...rows.keys()].sort()).toEqual([...known].sort());
  });

  it('gives each the status the reference server answers it with', () => {
    expect(Object.fromEntries(rows)).toEqual({
      [ProblemType.Malformed]: 400,
      [ProblemType.Validation]: 422,
      [ProblemType.Unauthorized]: 401,
      [ProblemType.Forbidden]: 403,
      [ProblemType.NotFound]: 404,
      [ProblemType.Conflict]: 409,
      [ProblemType.RunEnded]: 409,
      [ProblemType.HistoryTrimmed]: 410,
      [ProblemType.CursorAhead]: 409,
      [ProblemType.TooLarge]: 413,
      [ProblemType.RateLimited]: 429,
      [ProblemType.Unavailable]: 503,
      [ProblemType.Internal]: 500,
      [ServerProblemType.MethodNotAllowed]: 405,
      [ServerProblemType.UnsupportedMediaType]: 415,
      [ServerProblemType.UpgradeRequired]: 426,
      [ServerProblemType.StoreFull]: 507,
    });
  });
});
