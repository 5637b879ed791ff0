import { afterAll, beforeAll, describe } from 'vitest';
import { openRedisStore } from '../../../server/store/redis-store.js';
import { describeRunStore } from '../store/run-store-suite.js';
import { shouldSkipRedisTests, startRedisServer, type RedisProcess } from './redis-server-process.js';

// The behaviour every store shares, against a real redis-server. Each store the suite
// opens gets its own key prefix, so it starts empty on the one server.
describe.skipIf(shouldSkipRedisTests())('Redis store', () => {
  let redis: RedisProcess | undefined;
  let stores = 0;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  describeRunStore('shared run-store behaviour', async (options) =>
    openRedisStore({
      url: redis!.url,
      keyPrefix: `suite-${++stores}:`,
      retention: { ...options },
    }),
  );
});
