/**
 * The WebSocket transport: one socket multiplexes every run of the page
 * (`subscribe`/`unsubscribe` messages). The token goes in the first message, never in
 * the URL, where proxies and browser history would keep it.
 * @module
 */
import { SOCKET_PATH } from '../contract/paths.js';
import type { ClientMessage } from '../contract/types.js';
import { attemptOf } from './attempt.js';
import { statusOfCloseCode } from './close-reason.js';
import { joinUrl } from './http.js';
import type { SubscriptionSet, TransportFactory, WebSocketLike } from './transport.js';

/** The `ws:`/`wss:` URL of the socket endpoint under `baseUrl` (resolved against the page when relative). */
export function socketUrl(baseUrl: string): string {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  const url = new URL(joinUrl(baseUrl, SOCKET_PATH), page);
  url.protocol = url.protocol.replace(/^http/, 'ws');
  return url.href;
}

/** The WebSocket transport, for the client's transport list. */
export function webSocketTransport(): TransportFactory {
  const kind = 'websocket';
  return {
    kind,
    create(init) {
      let socket: WebSocketLike | undefined;
      let subscriptions: () => SubscriptionSet;
      let subscribed = new Set<string>();
      const send = (message: ClientMessage) => {
        if (socket?.readyState === 1) socket.send(JSON.stringify(message));
      };
      const attempt = attemptOf(init, () => {
        if (!socket) return;
        socket.onmessage = socket.onclose = socket.onopen = null;
        try {
          socket.close(1000, 'client closed');
        } catch {
          // Closing a socket that is still connecting throws in some implementations.
        }
      });
      const update = () => {
        if (!attempt.opened || attempt.done) return;
        const wanted = subscriptions();
        for (const run of subscribed) if (!wanted.has(run)) send({ type: 'unsubscribe', run });
        for (const [run, after] of wanted) if (!subscribed.has(run)) send({ type: 'subscribe', run, after });
        subscribed = new Set(wanted.keys());
      };
      return {
        kind,
        open(runs) {
          subscriptions = runs;
          try {
            if (!init.WebSocket) throw new Error('none in this environment');
            socket = new init.WebSocket(socketUrl(init.baseUrl));
          } catch (error) {
            // Queue the report: callbacks never run inside open().
            return queueMicrotask(() => attempt.end({ kind: 'network', message: `WebSocket: ${String(error)}` }));
          }
          socket.onopen = () => {
            if (init.token !== undefined && !attempt.done) send({ type: 'auth', token: init.token });
          };
          socket.onerror = () => {};
          socket.onmessage = ({ data }) => {
            if (attempt.done) return;
            if (typeof data !== 'string')
              return init.callbacks.onMalformed({ message: 'binary message', shape: typeof data });
            const wasOpen = attempt.opened;
            const frames = attempt.read([data]);
            // Subscribe once the server said ready; frames before it belong to no subscription.
            if (!wasOpen) update();
            else if (frames.length) init.callbacks.onFrames(frames);
          };
          socket.onclose = ({ code, reason }) => {
            const status = statusOfCloseCode(code);
            const message = `WebSocket closed ${code}${reason ? `: ${reason}` : ''}`;
            attempt.end(
              status !== undefined
                ? { kind: 'status', status, message }
                : { kind: code === 1000 && attempt.opened ? 'ended' : 'network', message },
            );
          };
        },
        update,
        close: () => attempt.end(),
      };
    },
  };
}
