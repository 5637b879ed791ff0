/**
 * A subscriber that stops reading: a raw socket asks for a run's SSE stream, then never
 * reads, so the server's queue for it grows until its `maxBufferedBytes` bound cuts it.
 * Reading resumes only to learn whether the server had cut it (the stream ends) or not.
 * @module
 */
import { connect, type Socket } from 'node:net';

/** What happened to the slow client. */
export interface SlowClientResult {
  stalledMs: number;
  /** Bytes read once reading resumed (what the kernel still held; a reset discards it). */
  bytesRead: number;
  /** The stream ended while the client was not reading. */
  ended: boolean;
  /** The server counted a connection dropped for falling behind meanwhile. */
  serverDropped?: boolean;
}

/** Opens the stream from `after` (the run's live end, so it goes live at once) without reading. */
export function stallingSubscriber(
  apiUrl: string,
  runId: string,
  after: number,
): { socket: Socket; startedAt: number } {
  const url = new URL(`${apiUrl}/runs/${encodeURIComponent(runId)}/stream`);
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  socket.write(
    `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\nLast-Event-ID: ${after}\r\n\r\n`,
  );
  // Paused: Node reads at most its high-water mark, then stops reading the kernel socket.
  socket.pause();
  return { socket, startedAt: performance.now() };
}

/**
 * Resumes reading and waits (at most `ms`) for the end: a stream the server cut ends once
 * its queued bytes are read; one it kept keeps going.
 */
export function drainSlowClient(client: { socket: Socket; startedAt: number }, ms = 5000): Promise<SlowClientResult> {
  const stalledMs = Math.round(performance.now() - client.startedAt);
  const { socket } = client;
  return new Promise((resolve) => {
    let bytes = 0;
    const done = (ended: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.destroy();
      resolve({ stalledMs, bytesRead: bytes, ended });
    };
    const timer = setTimeout(() => done(false), ms);
    if (socket.destroyed) return done(true);
    socket.on('data', (d: Buffer) => (bytes += d.length));
    socket.once('close', () => done(true));
    socket.resume();
  });
}
