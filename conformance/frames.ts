/**
 * Stream frames grouped by run, for the multiplexed transports (WebSocket, `GET /stream`,
 * `GET /poll`): checks wait until each run's frames are complete, then compare.
 * @module
 */
import type { EndFrame, ErrorFrame, HeartbeatFrame, ResetFrame, RunEvent, ServerFrame } from '../src/contract/index.js';
import { brief, CheckFailure, ensure } from './assert.js';
import type { CheckContext } from './context.js';
import type { InboxReader } from './inbox.js';
import type { SseStream } from './sse-client.js';
import { frameOf, messageJson } from './streams.js';

/** What one run's frames said. */
export interface RunFrames {
  events: RunEvent[];
  resets: ResetFrame[];
  errors: ErrorFrame[];
  end: EndFrame | undefined;
  /** Frames for the run after its `end` (there must be none). */
  afterEnd: ServerFrame[];
}

/** Every frame received so far, by run. */
export class FrameLog {
  private readonly byRun = new Map<string, RunFrames>();
  readonly heartbeats: HeartbeatFrame[] = [];
  /** Frames without a run other than heartbeats (`ready`, connection errors). */
  readonly other: ServerFrame[] = [];

  /** The frames of one run (empty when none came). */
  of(run: string): RunFrames {
    let frames = this.byRun.get(run);
    if (!frames) {
      frames = { events: [], resets: [], errors: [], end: undefined, afterEnd: [] };
      this.byRun.set(run, frames);
    }
    return frames;
  }

  /** Runs that got any frame. */
  runs(): string[] {
    return [...this.byRun.keys()];
  }

  add(frame: ServerFrame): void {
    if (frame.type === 'heartbeat') {
      this.heartbeats.push(frame);
      return;
    }
    if (frame.type === 'ready' || (frame.type === 'error' && frame.run === undefined)) {
      this.other.push(frame);
      return;
    }
    const run = this.of(frame.run as string);
    if (run.end) run.afterEnd.push(frame);
    else if (frame.type === 'event') run.events.push(frame.event);
    else if (frame.type === 'reset') run.resets.push(frame);
    else if (frame.type === 'error') run.errors.push(frame);
    else if (frame.type === 'end') run.end = frame;
  }

  /** A short account of what arrived, for timeout messages. */
  describe(): string {
    const parts = [...this.byRun].map(([run, f]) => {
      const seqs = f.events.map((e) => e.seq).join(',');
      return `${run}: events [${seqs}]${f.end ? ' end' : ''}${f.resets.length ? ' reset' : ''}${f.errors.length ? ' error' : ''}`;
    });
    return parts.length > 0 ? parts.join('; ') : 'no run frames';
  }
}

/** Where frames come from: a WebSocket's JSON frames or a multiplexed SSE stream's messages. */
export type FrameSource = { kind: 'ws'; frames: InboxReader<unknown> } | { kind: 'sse'; stream: SseStream };

/** The next frame of a source, checked against the contract. */
export async function nextFrame(ctx: CheckContext, source: FrameSource, what: string, withinMs?: number) {
  if (source.kind === 'ws') return frameOf(await ctx.expect(source.frames, what, withinMs), 'WebSocket frame');
  const message = await ctx.expect(source.stream.messages, what, withinMs);
  ensure(
    message.event === 'message',
    `GET /stream sent a named message (event: ${message.event}): ${brief(message.data)}`,
  );
  return frameOf(messageJson(message), 'GET /stream frame');
}

/** Reads frames into `log` until `done` holds, failing with what arrived when it never does. */
export async function collectFrames(
  ctx: CheckContext,
  source: FrameSource,
  log: FrameLog,
  done: () => boolean,
  what: string,
): Promise<void> {
  // Heartbeats do not count as progress: a stream that only beats fails within waitMs.
  let deadline = performance.now() + ctx.options.waitMs;
  while (!done()) {
    const left = deadline - performance.now();
    if (left <= 0) {
      throw new CheckFailure(
        `waiting for ${what}: nothing but heartbeats came within ${ctx.options.waitMs} ms (so far: ${log.describe()})`,
      );
    }
    let frame: ServerFrame;
    try {
      frame = await nextFrame(ctx, source, `${what} (so far: ${log.describe()})`, left);
    } catch (error) {
      if (error instanceof CheckFailure && /nothing came within/.test(error.message)) {
        throw new CheckFailure(
          `waiting for ${what}: nothing but heartbeats came within ${ctx.options.waitMs} ms (so far: ${log.describe()})`,
        );
      }
      throw error;
    }
    log.add(frame);
    if (frame.type !== 'heartbeat') deadline = performance.now() + ctx.options.waitMs;
  }
}
