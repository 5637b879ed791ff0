/**
 * What the transport layer checks of a stream frame: the envelope it acts on (the
 * frame's type, the run it is routed to, cursors, heartbeat interval and runs, the
 * problem of an error frame). The run payloads (`event.event`, `reset.snapshot`) are
 * checked where they are folded: the run feed holds each frame to the whole contract
 * (`serverFrameFits` in src/feed/run-guards.ts) before using it, so a page that only moves frames does
 * not carry every run schema.
 * @module
 */
import type { Problem, ServerFrame } from '../contract/types.js';
import { cursorInt, int, list, millis, object, opt, ostr, record, seqInt, str, variant, type Guard } from './guard.js';

/** An RFC 9457 problem. */
export const problemFits: Guard<Problem> = object({
  type: str,
  title: str,
  status: int,
  detail: ostr,
  instance: ostr,
  errors: opt(list(object({ pointer: str, message: str }))),
  firstSeq: opt(int),
});

/** A stream frame's envelope; see the module note for what it leaves to the feed. */
export const frameEnvelopeFits: Guard<ServerFrame> = variant({
  ready: object({ heartbeatMs: millis }),
  event: object({ run: str, event: object({ seq: seqInt }) }),
  reset: object({ run: str, snapshot: object({}) }),
  end: object({ run: str, seq: cursorInt, status: str }),
  error: object({ run: ostr, problem: problemFits }),
  heartbeat: object({ time: str, runs: opt(record(cursorInt)) }),
});
