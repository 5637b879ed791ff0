/**
 * The reference backend as the CLI runs it (`openStore` + `startRunServer`), with the
 * streaming-connection bound raised so the idle-subscriber measure can go past the default
 * 10 000 (the CLI has no flag for it). Open mode, CORS `*`, loopback only.
 *
 *   node --import tsx bench/servers/reference.ts STORE_SPEC HEARTBEAT_MS MAX_CONNECTIONS
 * Prints "listening URL".
 * @module
 */
import { openStore } from '../../server/store/open-store.js';
import { startRunServer } from '../../server/http/start.js';

const [spec, heartbeat, max] = process.argv.slice(2);
const store = await openStore(spec!);
const server = await startRunServer({
  store,
  port: 0,
  host: '127.0.0.1',
  heartbeatMs: Number(heartbeat),
  cors: { origins: '*' },
  limits: { maxConnections: Number(max) },
});
process.stdout.write(`listening ${server.url}\n`);
const stop = async () => {
  await server.close();
  await store.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
