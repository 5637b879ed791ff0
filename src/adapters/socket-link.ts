/**
 * The WebSocket link: one socket per run. Backends of this shape often replay earlier
 * messages on connect; the run model drops those whose `key` it has seen.
 * @module
 */
import { CloseKind, statusOfCloseCode } from '../transports/close-reason.js';
import type { WebSocketLike } from '../transports/transport.js';
import type { LinkOpener } from './adapter-transport.js';
import type { WebSocketEndpoint } from './types.js';
import { expandSocketUrl } from './urls.js';

const OPEN = 1;

/** Opens WebSocket links on `endpoint`. */
export function socketLink(endpoint: WebSocketEndpoint): LinkOpener {
  return (io) => {
    let socket: WebSocketLike | undefined;
    let closed = false;
    const Ctor = io.init.WebSocket;
    // Reports are queued: a link never calls back inside its opener.
    const failSoon = (message: string) =>
      void Promise.resolve().then(() => !closed && io.fail({ kind: CloseKind.Network, message }));
    if (!Ctor) failSoon('no WebSocket in this environment');
    else {
      try {
        socket = new Ctor(expandSocketUrl(endpoint.url, io.runId, io.init.baseUrl));
      } catch (error) {
        failSoon(`WebSocket: ${String(error)}`);
      }
    }
    if (socket) {
      const ws = socket;
      ws.onopen = () => {
        if (closed) return;
        const first = endpoint.subscribe?.({ runId: io.runId, token: io.init.token });
        if (first !== undefined && ws.readyState === OPEN) ws.send(JSON.stringify(first));
        io.opened();
      };
      ws.onmessage = (event) => {
        if (closed) return;
        const payload = typeof event.data === 'string' ? parseData(event.data) : event.data;
        const before = io.binding.run(io.runId).seq;
        io.binding.apply(io.runId, endpoint.map, payload);
        if (io.binding.run(io.runId).seq === before) io.alive();
      };
      ws.onerror = () => {};
      ws.onclose = (event) => {
        if (closed) return;
        const status = statusOfCloseCode(event.code);
        const message = `WebSocket closed ${event.code}${event.reason ? `: ${event.reason}` : ''}`;
        io.fail(
          status === undefined
            ? { kind: CloseKind.Network, message }
            : io.binding.explain(io.runId, { kind: CloseKind.Status, status, message }),
        );
      };
    }
    return {
      close() {
        if (closed) return;
        closed = true;
        if (!socket) return;
        socket.onmessage = socket.onclose = socket.onopen = null;
        try {
          socket.close(1000, 'client closed');
        } catch {
          // Closing a socket that is still connecting throws in some implementations.
        }
      },
    };
  };
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
