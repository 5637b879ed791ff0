/**
 * A rate limit shared by every worker on one Redis: GCRA (the generic cell rate
 * algorithm, one "theoretical arrival time" per client) in a Lua script on Redis's own
 * clock, so workers whose clocks differ still agree, and a client spread over N workers
 * by a load balancer gets one budget, not N.
 * @module
 */
import type { Redis } from 'ioredis';
import { LuaScript } from './redis-scripts.js';

/**
 * KEYS: the client's key. ARGV: emission interval (ms per request), tolerance (ms:
 * (burst - 1) × interval). Returns 0 when the request is allowed, else the ms to wait.
 */
const TAKE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval, tolerance = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait > 0 then return math.ceil(wait) end
local next = tat + interval
redis.call('SET', KEYS[1], next, 'PX', math.ceil(next - now) + 1)
return 0
`);

/** The shared limiter of a Redis store: keys under `prefix`. */
export function redisRateLimit(
  redis: Redis,
  prefix: string,
  perSecond: number,
  burst: number,
): (key: string) => Promise<number> {
  const interval = 1000 / perSecond;
  const tolerance = Math.max(0, burst - 1) * interval;
  return async (key) => Number(await TAKE.run(redis, [`${prefix}rate:${key}`], [interval, tolerance]));
}
