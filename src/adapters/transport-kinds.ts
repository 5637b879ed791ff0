/**
 * Which transports an adapter supports, in ladder order. Apart from the binding so the
 * client can read it without loading the adapter code (see src/feed/lazy-adapter.ts).
 * @module
 */
import { TransportKind } from '../transports/kinds.js';
import type { RunAdapter } from './types.js';

const DEFAULT_ORDER: readonly TransportKind[] = [TransportKind.WebSocket, TransportKind.Sse, TransportKind.Polling];

/** The transports `adapter` supports, best first. */
export function adapterTransportKinds(adapter: RunAdapter): TransportKind[] {
  const supported = new Set<TransportKind>();
  if (adapter.webSocket) supported.add(TransportKind.WebSocket);
  if (adapter.sse) supported.add(TransportKind.Sse);
  if (adapter.poll ?? adapter.snapshot) supported.add(TransportKind.Polling);
  if (!adapter.transports) return DEFAULT_ORDER.filter((kind) => supported.has(kind));
  for (const kind of adapter.transports) {
    // A listed transport without its endpoint is a mistake in the adapter: say so now.
    if (!supported.has(kind)) throw new RangeError(`adapter lists transport ${kind} but gives no endpoint for it`);
  }
  return [...adapter.transports];
}
