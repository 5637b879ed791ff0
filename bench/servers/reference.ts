/**
 * The reference backend as the CLI runs it (`openStore` + `startRunServer`), with the
 * streaming-connection bound raised so the idle-subscriber measure can go past the default
 * 10 000 (the CLI has no flag for it). Open mode, CORS `*`, loopback only.
 *
 *   node --import tsx bench/servers/reference.ts STORE_SPEC HEARTBEAT_MS MAX_CONNECTIONS [PORT [MAX_BUFFERED_BYTES]]
 * Prints "listening URL". PORT lets the chaos run restart it where the proxy points; a
 * smaller MAX_BUFFERED_BYTES makes a reader that stopped reading reach the bound sooner.
 * Under `node --expose-gc`, SIGUSR2 collects garbage and prints
 * `memory {"rss":…,"heapUsed":…,"streams":{…}}` (bytes; the stream stats) on stdout.
 * @module
 */
import { openStore } from '../../server/store/open-store.js';
import { startRunServer } from '../../server/http/start.js';

const [spec, heartbeat, max, port, maxBuffered] = process.argv.slice(2);
const store = await openStore(spec!);
const server = await startRunServer({
  store,
  port: port ? Number(port) : 0,
  host: '127.0.0.1',
  heartbeatMs: Number(heartbeat),
  cors: { origins: '*' },
  // Every load child connects from 127.0.0.1: the bound per address goes up with the overall one.
  limits: {
    maxConnections: Number(max),
    maxConnectionsPerAddress: Number(max),
    maxBufferedBytes: maxBuffered ? Number(maxBuffered) : undefined,
  },
});
process.stdout.write(`listening ${server.url}\n`);
const stop = async () => {
  await server.close();
  await store.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
const gc = (globalThis as { gc?: () => void }).gc;
if (gc)
  process.on('SIGUSR2', () => {
    gc();
    const { rss, heapUsed } = process.memoryUsage();
    process.stdout.write(`memory ${JSON.stringify({ rss, heapUsed, streams: server.runServer.stats() })}\n`);
  });
