import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem, RunEventInput, RunSnapshot } from '../../src/contract/index.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// Issue 13, item 4: estimates were keyed by kind alone, so a tenant could read another's
// step keys and durations, and overwrite them with fake runs stamped years 0000 and 9999.
describe('duration estimates against a hostile tenant', () => {
  let t: TestServer;
  const victim = 'victim-token';
  const intruder = 'intruder-token';
  const base = Date.now();
  const at = (s: number) => new Date(base + s * 1000).toISOString();
  const post = (path: string, token: string, body: unknown) =>
    t.api(path, {
      method: 'POST',
      token,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const finish = async (id: string, token: string, events: RunEventInput[]) => {
    expect((await post('/runs', token, { id, kind: 'payroll', steps: [{ key: 'sign-cheques' }] })).status).toBe(201);
    return post(`/runs/${id}/events`, token, { events });
  };
  const snapshotOf = async (id: string, token: string) =>
    (await (await t.api(`/runs/${id}`, { token })).json()) as RunSnapshot;

  beforeAll(async () => {
    t = await startTestServer({
      estimateTtlMs: 1,
      auth: {
        tokens: {
          [victim]: { tenant: 'victim', role: 'producer' },
          [intruder]: { tenant: 'intruder', role: 'producer' },
        },
      },
    });
    const steps = [{ key: 'sign-cheques', state: 'running' as const }];
    const res = await finish('victim-1', victim, [
      { type: 'progress', phase: 'sign-cheques', steps, time: at(0) },
      { type: 'status', status: 'succeeded', time: at(30) },
    ]);
    expect(res.status).toBe(201);
  });
  afterAll(() => t.close());

  it("does not show one tenant's step keys or durations to another", async () => {
    expect((await post('/runs', intruder, { id: 'probe', kind: 'payroll' })).status).toBe(201);
    expect((await snapshotOf('probe', intruder)).estimate).toBeUndefined();
    expect((await post('/runs', victim, { id: 'victim-2', kind: 'payroll' })).status).toBe(201);
    expect((await snapshotOf('victim-2', victim)).estimate).toEqual({
      basedOn: 1,
      stepsMs: { 'sign-cheques': 30_000 },
      totalMs: 30_000,
    });
  });

  it('refuses producer times far from the server clock, so no run can last 99 years', async () => {
    const steps = [
      { key: 'fake-step', state: 'done' as const, startedAt: '0000-01-01T00:00:00Z', endedAt: '9999-12-31T23:59:59Z' },
    ];
    for (let i = 0; i < 20; i++) {
      const res = await finish(`fake-${i}`, intruder, [
        { type: 'status', status: 'running', time: '0000-01-01T00:00:00.000Z' },
        { type: 'progress', phase: 'fake-step', steps },
        { type: 'status', status: 'succeeded', time: '9999-12-31T23:59:59.000Z' },
      ]);
      expect(res.status).toBe(422);
      const body = (await res.json()) as Problem;
      expect(body.errors?.map((e) => e.pointer)).toEqual([
        '/events/0/time',
        '/events/1/steps/0/startedAt',
        '/events/1/steps/0/endedAt',
        '/events/2/time',
      ]);
    }
    // Five minutes of skew either way are fine; the victim's estimate is untouched.
    const skewed = await finish('skewed', intruder, [{ type: 'status', status: 'succeeded', time: at(240) }]);
    expect(skewed.status).toBe(201);
    expect((await snapshotOf('victim-2', victim)).estimate).toMatchObject({
      basedOn: 1,
      stepsMs: { 'sign-cheques': 30_000 },
    });
  });
});
