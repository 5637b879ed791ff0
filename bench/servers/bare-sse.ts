/**
 * The floor: a bare node:http SSE fan-out with no store, no resume and no framing beyond
 * `id:`/`data:`. `POST /publish {events}` stamps seq and time like the reference backend
 * and writes each frame once to every open stream.
 *
 *   node --import tsx bench/servers/bare-sse.ts HEARTBEAT_MS   (prints "listening PORT")
 * @module
 */
import { createServer, type ServerResponse } from 'node:http';
import { readPublish } from './read-body.js';

const heartbeatMs = Number(process.argv[2] ?? 15_000);
const streams = new Set<ServerResponse>();
let seq = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url?.startsWith('/stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('retry: 1000\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/publish') {
    readPublish(req).then(
      ({ events }) => {
        let frames = '';
        for (const e of events) {
          seq++;
          frames += `id: ${seq}\ndata: ${JSON.stringify({ seq, time: new Date().toISOString(), ...e })}\n\n`;
        }
        for (const s of streams) s.write(frames);
        res.writeHead(201).end();
      },
      (error: Error) => res.writeHead(400).end(error.message),
    );
    return;
  }
  res.writeHead(404).end();
});

setInterval(() => {
  const frame = `event: heartbeat\ndata: {"seq":${seq}}\n\n`;
  for (const s of streams) s.write(frame);
}, heartbeatMs).unref();

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
