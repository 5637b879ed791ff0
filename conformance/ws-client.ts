/**
 * A WebSocket client for checks (the `ws` package): frames are parsed as JSON and queued
 * in an {@link Inbox}; the close code and reason are kept for checks about refusals.
 * @module
 */
import WebSocket from 'ws';
import type { ClientMessage } from '../src/contract/index.js';
import { brief, CheckFailure } from './assert.js';
import { describeError } from './http.js';
import { Inbox, type InboxReader } from './inbox.js';

/** An open WebSocket to the contract's `/ws`. */
export interface WsClient {
  /** Parsed JSON frames in arrival order (a frame that is not JSON fails the read). */
  frames: InboxReader<unknown>;
  /** Set once the server closed the socket. */
  closeCode: number | undefined;
  closeReason: string;
  /** Resolves when the socket has closed (for whatever reason). */
  closed: Promise<void>;
  send(message: ClientMessage | Record<string, unknown>): void;
  /** Closes the socket (1000) and forgets it. */
  close(): void;
}

/** Connects to `url`; fails the check when the upgrade is refused or does not happen in time. */
export function openWs(url: string, signal: AbortSignal, withinMs: number): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new CheckFailure('the check ended before the WebSocket opened'));
      return;
    }
    const socket = new WebSocket(url);
    const frames = new Inbox<unknown>();
    let markClosed: () => void = () => {};
    const client: WsClient = {
      frames,
      closeCode: undefined,
      closeReason: '',
      closed: new Promise<void>((r) => (markClosed = r)),
      send: (message) => socket.send(JSON.stringify(message)),
      close: () => {
        if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
        if (socket.readyState !== WebSocket.OPEN) return;
        socket.close(1000);
        // A server that never answers the close handshake must not keep the process alive.
        setTimeout(() => socket.terminate(), 1000).unref();
      },
    };
    const onAbort = () => client.close();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      client.close();
      reject(new CheckFailure(`WebSocket ${url} did not open within ${withinMs} ms`));
    }, withinMs);
    socket.on('open', () => {
      clearTimeout(timer);
      resolve(client);
    });
    socket.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      res.resume();
      socket.terminate();
      reject(new CheckFailure(`WebSocket upgrade to ${url} was refused with HTTP ${res.statusCode}`));
    });
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      try {
        frames.push(JSON.parse(text) as unknown);
      } catch {
        frames.push({ type: '(not JSON)', text: brief(text, 200) });
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(new CheckFailure(`WebSocket ${url} failed: ${describeError(error)}`));
    });
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      client.closeCode = code;
      client.closeReason = reason.toString();
      frames.close(`the server closed the socket (${code}${client.closeReason ? ` ${client.closeReason}` : ''})`);
      markClosed();
    });
  });
}

/** Whether the server closed the socket within `ms`. */
export async function closedWithin(client: WsClient, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([client.closed.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
