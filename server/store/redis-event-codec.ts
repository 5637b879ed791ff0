/**
 * How the Redis store encodes events for its append script and rebuilds what the script
 * stored, without a second round trip (see APPEND in redis-scripts.ts).
 * @module
 */
import type { RunEvent, RunEventInput } from '../../src/contract/index.js';

/** What the append script needs to know of an event besides its body; see APPEND. */
export function auxOf(input: RunEventInput): string {
  switch (input.type) {
    case 'progress':
      return JSON.stringify(input.phase);
    case 'status':
      return input.status;
    case 'log':
      return input.phase === undefined ? '' : '1';
  }
}

/** The event's JSON without `seq` (the script prepends it); undefined fields vanish. */
export function bodyOf(input: RunEventInput, defaultTime: string): string {
  return JSON.stringify({ ...input, time: input.time ?? defaultTime });
}

/** The events as the script stored them (same fields as `planAppend` gives). */
export function storedEvents(
  inputs: readonly RunEventInput[],
  bodies: readonly string[],
  firstSeq: number,
  phaseBefore: string | undefined,
): RunEvent[] {
  let phase = phaseBefore;
  return inputs.map((input, index) => {
    const event = JSON.parse(bodies[index]!) as Record<string, unknown>;
    event['seq'] = firstSeq + index;
    if (input.type === 'progress') phase = input.phase;
    else if (input.type === 'log' && input.phase === undefined && phase !== undefined) event['phase'] = phase;
    return event as RunEvent;
  });
}
