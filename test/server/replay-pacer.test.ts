import { describe, expect, it } from 'vitest';
import { ReplayPacer } from '../../server/streams/replay-pacer.js';

/** Runs `replayers` loops of `slices` paced slices each, noting which turn of the loop each slice ran in. */
async function replay(pacer: ReplayPacer, replayers: number, slices: number) {
  let turn = 0;
  let ticking = true;
  // Counts turns of the event loop as another client's I/O would see them.
  const tick = () => {
    turn++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const ran: Array<{ who: number; turn: number }> = [];
  await Promise.all(
    Array.from({ length: replayers }, async (_, who) => {
      for (let i = 0; i < slices; i++) {
        await pacer.next();
        ran.push({ who, turn });
      }
    }),
  );
  ticking = false;
  return ran;
}

describe('ReplayPacer', () => {
  it('lets at most its slices per turn run, however many replays wait', async () => {
    const ran = await replay(new ReplayPacer(4), 40, 3);
    expect(ran).toHaveLength(120);
    const perTurn = new Map<number, number>();
    for (const r of ran) perTurn.set(r.turn, (perTurn.get(r.turn) ?? 0) + 1);
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(4);
    // 120 slices at 4 a turn need 30 turns: the loop went round between the batches.
    expect(perTurn.size).toBeGreaterThanOrEqual(30);
  });

  it('serves waiting replays first come first served, so none starves', async () => {
    const ran = await replay(new ReplayPacer(2), 5, 4);
    // Each round of five slices has one of each replayer, in the order they first asked.
    for (let round = 0; round < 4; round++) {
      expect(ran.slice(round * 5, round * 5 + 5).map((r) => r.who)).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('never resolves in the same turn it was asked, so a lone replay still yields', async () => {
    const pacer = new ReplayPacer();
    let other = false;
    setImmediate(() => (other = true));
    await pacer.next();
    expect(other).toBe(true);
    expect(pacer.waiting).toBe(0);
  });
});
