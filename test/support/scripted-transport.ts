/**
 * A transport the test plays by hand: it records every attempt the reconnect machine
 * makes and lets the test open, feed and close each one. Stands in for the network,
 * not for the machine under test.
 */
import type { ServerFrame } from '../../src/contract/index.js';
import type { CloseReason } from '../../src/transports/close-reason.js';
import type { TransportKind } from '../../src/transports/kinds.js';
import type { SubscriptionSet, Transport, TransportFactory, TransportInit } from '../../src/transports/transport.js';

export class ScriptedTransport implements Transport {
  closed = false;
  updates = 0;
  subscriptions: () => SubscriptionSet = () => new Map();

  constructor(
    readonly kind: TransportKind,
    readonly init: TransportInit,
  ) {}

  open(subscriptions: () => SubscriptionSet): void {
    this.subscriptions = subscriptions;
  }

  update(): void {
    this.updates += 1;
  }

  close(): void {
    this.closed = true;
  }

  /** The server's side: the connection opened. */
  opened(heartbeatMs?: number): void {
    this.init.callbacks.onOpen({ heartbeatMs });
  }

  frames(...frames: ServerFrame[]): void {
    this.init.callbacks.onFrames(frames);
  }

  fail(reason: Partial<CloseReason> = {}): void {
    this.init.callbacks.onClose({ kind: 'network', message: 'connection reset', ...reason });
  }
}

/** Factories of scripted transports, with the log of attempts across all kinds. */
export function scriptedTransports(kinds: TransportKind[]) {
  const attempts: ScriptedTransport[] = [];
  const factories: TransportFactory[] = kinds.map((kind) => ({
    kind,
    create(init: TransportInit) {
      const t = new ScriptedTransport(kind, init);
      attempts.push(t);
      return t;
    },
  }));
  return {
    factories,
    attempts,
    /** The most recent attempt. */
    get last(): ScriptedTransport {
      const t = attempts[attempts.length - 1];
      if (!t) throw new Error('no attempt yet');
      return t;
    },
  };
}
