/**
 * `npx tsx scripts/redis-test-server.ts [--persist]`: starts a throwaway redis-server on
 * a free port with a temp data directory (the one the Redis tests use), prints its URL,
 * and removes it on Ctrl-C. For trying several workers by hand:
 *
 *   RUN_STORE=redis://127.0.0.1:PORT npm run serve -- --port 8081
 *   RUN_STORE=redis://127.0.0.1:PORT npm run serve -- --port 8082
 */
import { INSTALL_HINT, findRedisServer, startRedisServer } from '../test/server/redis/redis-server-process.js';

if (findRedisServer() === undefined) {
  console.error(INSTALL_HINT);
  process.exit(1);
}
const redis = await startRedisServer({ persist: process.argv.includes('--persist') });
console.log(redis.url);
const stop = async () => {
  await redis.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
