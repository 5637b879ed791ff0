/**
 * One connection attempt to a foreign backend, as a {@link Transport}: such backends have
 * one stream or resource per run, so the attempt holds one {@link RunLink} per run it
 * carries. The shared reconnect machine, backoff, liveness and ladder stay in charge:
 * when any link fails, the whole attempt ends and the machine starts a fresh one.
 * @module
 */
import type { RunEvent, ServerFrame } from '../contract/types.js';
import { CloseKind, type CloseReason } from '../transports/close-reason.js';
import type { TransportKind } from '../transports/kinds.js';
import type { SubscriptionSet, Transport, TransportFactory, TransportInit } from '../transports/transport.js';
import type { AdapterBinding } from './binding.js';

/** What a link can do with its run. */
export interface LinkIO {
  readonly runId: string;
  readonly init: TransportInit;
  readonly binding: AdapterBinding;
  /** The link's connection is up: the run's missed events and later ones start flowing. */
  opened(): void;
  /** Something arrived that proves the connection alive (a keepalive, an unchanged poll). */
  alive(): void;
  /** The link's connection ended or failed: the whole attempt ends with `reason`. */
  fail(reason: CloseReason): void;
}

/** One run's connection within an attempt. */
export interface RunLink {
  close(): void;
}

/** Opens a run's link. */
export type LinkOpener = (io: LinkIO) => RunLink;

class AdapterTransport implements Transport {
  #subscriptions: () => SubscriptionSet = () => new Map();
  readonly #links = new Map<string, { link: RunLink; off: (() => void) | undefined }>();
  #opened = false;
  #done = false;
  #offMalformed: (() => void) | undefined;

  constructor(
    readonly kind: TransportKind,
    private readonly init: TransportInit,
    private readonly binding: AdapterBinding,
    private readonly openLink: LinkOpener,
    private readonly heartbeatMs: number | undefined,
  ) {}

  open(subscriptions: () => SubscriptionSet): void {
    this.#subscriptions = subscriptions;
    this.#offMalformed = this.binding.onMalformed((error) => {
      if (!this.#done) this.init.callbacks.onMalformed(error);
    });
    this.update();
  }

  update(): void {
    if (this.#done) return;
    const wanted = this.#subscriptions();
    for (const [run, entry] of this.#links) {
      if (wanted.has(run)) continue;
      this.#links.delete(run);
      entry.off?.();
      entry.link.close();
    }
    for (const run of wanted.keys()) if (!this.#links.has(run)) this.#add(run);
  }

  close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#offMalformed?.();
    for (const { link, off } of this.#links.values()) {
      off?.();
      link.close();
    }
    this.#links.clear();
  }

  #add(runId: string): void {
    const entry: { link: RunLink; off: (() => void) | undefined } = { link: { close() {} }, off: undefined };
    this.#links.set(runId, entry);
    const live = () => !this.#done && this.#links.get(runId) === entry;
    const io: LinkIO = {
      runId,
      init: this.init,
      binding: this.binding,
      opened: () => {
        if (!live() || entry.off) return;
        if (!this.#opened) {
          this.#opened = true;
          this.init.callbacks.onOpen({ heartbeatMs: this.heartbeatMs });
          if (!live()) return;
        }
        const run = this.binding.run(runId);
        const after = this.#subscriptions().get(runId) ?? 0;
        const missed = run.eventsAfter(after);
        // Events made while no attempt was open (a snapshot read, another tab of the
        // ladder) go out first, so the feed sees one gap-free sequence.
        if (missed === undefined)
          this.init.callbacks.onFrames([{ type: 'reset', run: runId, reason: 'trimmed', snapshot: run.snapshot }]);
        else if (missed.length > 0) this.#send(runId, missed);
        if (live()) entry.off = run.listen((events) => live() && this.#send(runId, events));
      },
      alive: () => {
        if (!live() || !entry.off) return;
        const frame: ServerFrame = {
          type: 'heartbeat',
          time: new Date(this.init.clock.now()).toISOString(),
          runs: { [runId]: this.binding.run(runId).seq },
        };
        this.init.callbacks.onFrames([frame]);
      },
      fail: (reason) => {
        if (!live()) return;
        this.close();
        this.init.callbacks.onClose(reason);
      },
    };
    try {
      entry.link = this.openLink(io);
    } catch (error) {
      // A URL template or subscribe function of the page threw: report it like a failed connect.
      const message = `adapter could not open ${this.kind} for ${runId}: ${error instanceof Error ? error.message : String(error)}`;
      void Promise.resolve().then(() => io.fail({ kind: CloseKind.Network, message }));
    }
  }

  #send(runId: string, events: RunEvent[]): void {
    this.init.callbacks.onFrames(events.map((event) => ({ type: 'event', run: runId, event })));
  }
}

/** A transport factory for the client's ladder whose attempts open one link per run. */
export function adapterTransport(
  kind: TransportKind,
  binding: AdapterBinding,
  openLink: LinkOpener,
  heartbeatMs?: number,
): TransportFactory {
  return { kind, create: (init) => new AdapterTransport(kind, init, binding, openLink, heartbeatMs) };
}
