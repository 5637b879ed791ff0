import { describe, expect, it } from 'vitest';
import { Announcer } from '../../../src/components/run-progress/internal/announcer.js';
import { ManualClock } from './test-feed.js';

describe('Announcer', () => {
  it('says the first thing at once, then at most one thing per interval, the newest', () => {
    const clock = new ManualClock();
    const said: string[] = [];
    const a = new Announcer(clock, (t) => said.push(t), 5_000);
    a.announce('one');
    a.announce('two');
    a.announce('three');
    expect(said).toEqual(['one']);
    clock.advance(4_999);
    expect(said).toEqual(['one']);
    clock.advance(1);
    expect(said).toEqual(['one', 'three']);
  });

  it('says urgent things at once and drops what was pending', () => {
    const clock = new ManualClock();
    const said: string[] = [];
    const a = new Announcer(clock, (t) => said.push(t), 5_000);
    a.announce('phase');
    a.announce('later phase');
    a.announce('failed', true);
    clock.advance(10_000);
    expect(said).toEqual(['phase', 'failed']);
  });
});
