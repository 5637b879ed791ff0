/**
 * Turns a {@link RunAdapter} into what a run client runs on: transport factories for the
 * shared reconnect machine and ladder, and the reader for snapshots and gap filling.
 * @module
 */
import type { RunReader } from '../contract/reader.js';
import { TransportKind } from '../transports/kinds.js';
import type { TransportFactory } from '../transports/transport.js';
import { adapterTransport } from './adapter-transport.js';
import { adapterTransportKinds } from './transport-kinds.js';
import { AdapterBinding, type AdapterContext } from './binding.js';
import { pollLink } from './poll-link.js';
import { socketLink } from './socket-link.js';
import { sseLink } from './sse-link.js';
import type { RunAdapter } from './types.js';

export { adapterTransportKinds } from './transport-kinds.js';

/** A bound adapter: the client's transports and reader. */
export interface BoundAdapter {
  transports: TransportFactory[];
  reader: RunReader;
}

/** Binds `adapter` to one client (one run model per run, shared by its transports and reader). */
export function bindAdapter(adapter: RunAdapter, context: AdapterContext): BoundAdapter {
  const binding = new AdapterBinding(adapter, context);
  const transports = adapterTransportKinds(adapter).map((kind): TransportFactory => {
    if (kind === TransportKind.WebSocket && adapter.webSocket)
      return adapterTransport(kind, binding, socketLink(adapter.webSocket), adapter.webSocket.heartbeatMs);
    if (kind === TransportKind.Sse && adapter.sse)
      return adapterTransport(kind, binding, sseLink(adapter.sse, adapter.snapshot), adapter.sse.heartbeatMs);
    const poll = adapter.poll ?? { url: adapter.snapshot?.url ?? '', map: adapter.snapshot?.map ?? (() => undefined) };
    return adapterTransport(kind, binding, pollLink(poll));
  });
  if (transports.length === 0)
    throw new RangeError('adapter gives no endpoint to follow a run on (webSocket, sse, poll or snapshot)');
  return { transports, reader: binding.reader() };
}
