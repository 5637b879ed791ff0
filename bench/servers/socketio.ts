/**
 * The socket.io baseline: the same job as the reference backend's fan-out, on socket.io's
 * own WebSocket transport (no long-polling), with its ping/pong as the heartbeat. Clients
 * join room `run`; `POST /publish {events}` stamps seq and time and emits each event to
 * the room.
 *
 *   node --import tsx bench/servers/socketio.ts HEARTBEAT_MS   (prints "listening PORT")
 * @module
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { readPublish } from './read-body.js';

const heartbeatMs = Number(process.argv[2] ?? 15_000);
let seq = 0;

const http = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/publish') {
    readPublish(req).then(
      ({ events }) => {
        for (const e of events) {
          seq++;
          io.to('run').emit('event', { seq, time: new Date().toISOString(), ...e });
        }
        res.writeHead(201).end();
      },
      (error: Error) => res.writeHead(400).end(error.message),
    );
    return;
  }
  // socket.io answers its own path; everything else is not ours.
  if (!req.url?.startsWith('/socket.io')) res.writeHead(404).end();
});

const io = new Server(http, {
  transports: ['websocket'],
  pingInterval: heartbeatMs,
  pingTimeout: Math.max(5000, heartbeatMs),
  serveClient: false,
});
io.on('connection', (socket) => void socket.join('run'));

http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
