/**
 * The Lua scripts of the Redis store. Each runs atomically inside Redis, which is what
 * makes seqs strictly +1 per run and idempotency keys exact when many workers append to
 * one run at once. The scripts never fold events into a snapshot (that is `applyEvent`,
 * in TypeScript, on read): they only track what the append rules need to refuse a
 * batch (status, the phase in effect, the last seq).
 * @module
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run by its SHA1, sent in full when Redis does not have it (after a restart). */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(this.#source, keys.length, ...keys, ...args);
    }
  }
}

// Deletes a run's events before `floor` and the idempotency keys of appends wholly
// before it (as the SQLite store does), and records where history now starts. The bytes
// deleted leave the run's and its tenant's counts (runs created before the counts have
// no 'usage' field and are not counted).
const TRIM = `
local function trim(meta, events, idem, idemBySeq, floor)
  local usage = redis.call('HGET', meta, 'usage')
  if usage then
    local gone = 0
    for _, entry in ipairs(redis.call('XRANGE', events, '-', '(' .. floor .. '-0')) do gone = gone + #entry[2][4] end
    if gone > 0 then
      redis.call('DECRBY', usage, gone)
      redis.call('HINCRBY', meta, 'bytes', -gone)
    end
  end
  redis.call('XTRIM', events, 'MINID', floor .. '-0')
  redis.call('HSET', meta, 'firstSeq', floor)
  local stale = redis.call('ZRANGEBYSCORE', idemBySeq, '-inf', '(' .. floor)
  for i = 1, #stale, 1000 do
    redis.call('HDEL', idem, unpack(stale, i, math.min(i + 999, #stale)))
  end
  redis.call('ZREMRANGEBYSCORE', idemBySeq, '-inf', '(' .. floor)
end
`;

/**
 * Creates a run unless its id is taken, and lists it in its tenant's list of all runs
 * and of queued runs. Leftovers of an expired run of the same id are removed (its keys
 * expire together, but not necessarily in the same instant).
 * KEYS: meta, events, idem, idemBySeq, tenantRuns, indexes (the set of all tenant lists),
 * tenantBytes (the tenant's count of stored event bytes, kept in meta as `usage`).
 * ARGV: tenant, gen, base snapshot JSON, list member, idleTtlMs (0: never expire),
 * maxActive (the tenant's cap on runs not ended, counted in its queued and running
 * lists; 0: none).
 * Returns 1 when created, 0 when the id exists, -1 when the tenant is at its cap.
 */
export const CREATE_RUN = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local cap = tonumber(ARGV[6])
if cap > 0 and redis.call('ZCARD', KEYS[5] .. ':queued') + redis.call('ZCARD', KEYS[5] .. ':running') >= cap then
  return -1
end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
redis.call('HSET', KEYS[1], 'tenant', ARGV[1], 'gen', ARGV[2], 'base', ARGV[3], 'baseSeq', 0,
  'lastSeq', 0, 'firstSeq', 1, 'status', 'queued', 'member', ARGV[4], 'index', KEYS[5],
  'usage', KEYS[7], 'bytes', 0)
redis.call('ZADD', KEYS[5], 0, ARGV[4])
redis.call('ZADD', KEYS[5] .. ':queued', 0, ARGV[4])
redis.call('SADD', KEYS[6], KEYS[5])
if tonumber(ARGV[5]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return 1
`);

/**
 * Appends a batch: checks the idempotency key, then the same refusals as
 * `planAppend` (ended run; an event after a terminal status in the batch; a status
 * back to queued), assigns seqs, fills in the phase in effect on log lines that have
 * none, XADDs each event with stream id `<seq>-0`, moves the run between its tenant's
 * by-status lists when its status changes, trims to the retention bound (never
 * past the stored base snapshot, which must be followed by every retained event),
 * expires the run's keys when it ends (or pushes back their idle expiry while it has
 * not), and publishes the new lastSeq.
 *
 * KEYS: meta, events, idem, idemBySeq.
 * ARGV: idempotency key ('' for none), maxEvents, keep (maxEvents minus the trim
 * slack), ttlMs (0: never expire), channel, advanceEvery, n, idleTtlMs (0: never
 * expire), maxTenantBytes (0: no cap), then per event: type,
 * aux (progress: its phase as a JSON string literal; status: its status; log: '1' when
 * it has a phase), body (the event's JSON without seq). The phase is kept JSON-encoded
 * (as JavaScript encoded it) so the script splices it into log lines verbatim.
 *
 * Returns one of: {'not-found'}; {'replayed', firstSeq, lastSeq}; {'tenant-full', used, batch};
 * {'ended', status, lastSeq}; {'invalid-transition', index, status, target};
 * {'ok', firstSeq, lastSeq, phaseBefore (JSON literal, '' for none), needsBase}. `needsBase` asks the caller to
 * advance the stored base snapshot (the tail is long, the run ended, or a trim was held
 * back by the base).
 */
export const APPEND = new LuaScript(`${TRIM}
local meta, events, idem, idemBySeq = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local key = ARGV[1]
local m = redis.call('HMGET', meta, 'status', 'lastSeq', 'phase', 'baseSeq', 'firstSeq', 'index', 'member', 'usage')
if not m[1] then return {'not-found'} end
if key ~= '' then
  local prior = redis.call('HGET', idem, key)
  if prior then
    local sep = string.find(prior, ':', 1, true)
    return {'replayed', string.sub(prior, 1, sep - 1), string.sub(prior, sep + 1)}
  end
end
local TERMINAL = {succeeded = true, failed = true, cancelled = true}
local status, last, phase = m[1], tonumber(m[2]), m[3]
if TERMINAL[status] then return {'ended', status, tostring(last)} end
local phaseBefore = phase or ''
local n = tonumber(ARGV[7])
local types, bodies = {}, {}
for i = 0, n - 1 do
  local kind, aux, body = ARGV[10 + 3 * i], ARGV[11 + 3 * i], ARGV[12 + 3 * i]
  if TERMINAL[status] then return {'invalid-transition', tostring(i), status, ''} end
  local head = '{"seq":' .. (last + 1 + i) .. ','
  if kind == 'status' then
    if aux == 'queued' and status ~= 'queued' then return {'invalid-transition', tostring(i), status, aux} end
    status = aux
  else
    -- The fold starts a queued run on its first progress or log event.
    if status == 'queued' then status = 'running' end
    if kind == 'progress' then
      phase = aux
    elseif aux == '' and phase then
      head = head .. '"phase":' .. phase .. ','
    end
  end
  types[i + 1] = kind
  bodies[i + 1] = head .. string.sub(body, 2)
end
local batch = 0
for i = 1, n do batch = batch + #bodies[i] end
local cap = tonumber(ARGV[9])
if m[8] and cap > 0 then
  local used = tonumber(redis.call('GET', m[8]) or 0)
  if used + batch > cap then return {'tenant-full', tostring(used), tostring(batch)} end
end
for i = 1, n do
  redis.call('XADD', events, (last + i) .. '-0', 't', types[i], 'e', bodies[i])
end
if m[8] then
  redis.call('INCRBY', m[8], batch)
  redis.call('HINCRBY', meta, 'bytes', batch)
end
local first = last + 1
last = last + n
redis.call('HSET', meta, 'lastSeq', last, 'status', status)
if status ~= m[1] then
  -- Move the run to its new status's list (keys named from the stored list key, which
  -- keeps the by-status listing one range read instead of a scan of every run).
  redis.call('ZREM', m[6] .. ':' .. m[1], m[7])
  redis.call('ZADD', m[6] .. ':' .. status, 0, m[7])
end
if phase then redis.call('HSET', meta, 'phase', phase) end
if key ~= '' then
  redis.call('HSET', idem, key, first .. ':' .. last)
  redis.call('ZADD', idemBySeq, last, key)
end
local baseSeq, firstSeq = tonumber(m[4]), tonumber(m[5])
local maxEvents, keep = tonumber(ARGV[2]), tonumber(ARGV[3])
local needsBase = 0
if last - baseSeq >= tonumber(ARGV[6]) then needsBase = 1 end
if last - firstSeq + 1 > maxEvents then
  local floor = last - keep + 1
  if floor > baseSeq + 1 then
    floor = baseSeq + 1
    needsBase = 1
  end
  if floor > firstSeq then trim(meta, events, idem, idemBySeq, floor) end
end
if TERMINAL[status] then
  needsBase = 1
  local ttl = tonumber(ARGV[4])
  if ttl > 0 then
    for _, k in ipairs({meta, events, idem, idemBySeq}) do redis.call('PEXPIRE', k, ttl) end
  end
elseif tonumber(ARGV[8]) > 0 then
  for _, k in ipairs({meta, events, idem, idemBySeq}) do redis.call('PEXPIRE', k, ARGV[8]) end
end
redis.call('PUBLISH', ARGV[5], last)
return {'ok', tostring(first), tostring(last), phaseBefore, needsBase}
`);

/**
 * Moves the stored base snapshot forward (compare-and-set: only to a later seq of the
 * same incarnation of the run, so a slow worker never writes an older fold, nor one of
 * a run that expired and was created again), then trims what the base now allows. When
 * the new base is the final snapshot of a succeeded run with a kind, it joins the
 * kind's sample for estimates (once: only the CAS that reaches the terminal seq does).
 *
 * KEYS: meta, events, idem, idemBySeq, kindSucceeded (any key when unused).
 * ARGV: gen, seq, snapshot JSON, maxEvents, keep, sample ('1' to add it), sampleSize, ttlMs.
 * Returns 1 when the base moved, 0 when it was stale.
 */
export const ADVANCE_BASE = new LuaScript(`${TRIM}
local meta, events, idem, idemBySeq = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local m = redis.call('HMGET', meta, 'gen', 'baseSeq', 'lastSeq', 'firstSeq')
if m[1] ~= ARGV[1] then return 0 end
local seq = tonumber(ARGV[2])
if seq <= tonumber(m[2]) then return 0 end
redis.call('HSET', meta, 'base', ARGV[3], 'baseSeq', seq)
local last, firstSeq = tonumber(m[3]), tonumber(m[4])
local maxEvents, keep = tonumber(ARGV[4]), tonumber(ARGV[5])
if last - firstSeq + 1 > maxEvents then
  local floor = math.min(last - keep + 1, seq + 1)
  if floor > firstSeq then trim(meta, events, idem, idemBySeq, floor) end
end
if ARGV[6] == '1' then
  redis.call('LPUSH', KEYS[5], ARGV[3])
  redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[7]) - 1)
  local ttl = tonumber(ARGV[8])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[5], ttl) end
end
return 1
`);

// Read scripts declare `no-writes` (Redis 7): Redis then runs them even when it refuses
// writes (out of memory under `noeviction`, a replica), so reads keep working.

/**
 * Reads what a snapshot is folded from, in one atomic step (a trim between reading the
 * base and its tail could otherwise leave a hole).
 * KEYS: meta, events.
 * Returns nil for an unknown run, else {tenant, gen, base, firstSeq, member, ...bodies
 * of the events after the base (log lines without their text)}.
 */
export const READ_RUN = new LuaScript(`#!lua flags=no-writes
local m = redis.call('HMGET', KEYS[1], 'tenant', 'gen', 'base', 'baseSeq', 'firstSeq', 'member')
if not m[1] then return false end
local out = {m[1], m[2], m[3], m[5], m[6]}
local entries = redis.call('XRANGE', KEYS[2], (tonumber(m[4]) + 1) .. '-0', '+')
for _, entry in ipairs(entries) do
  local body = entry[2][4]
  -- The fold needs only a log line's seq and time, not its text (up to 1 MiB): a tail of
  -- large lines must not reach the server whole on every read of the run. Inside a JSON
  -- string every quote is escaped, so the pattern only matches the event's own time.
  local time = entry[2][2] == 'log' and string.match(body, '"time":"([^"]*)"')
  if time then
    body = '{"seq":' .. string.match(entry[1], '^(%d+)') .. ',"type":"log","time":"' .. time .. '","text":""}'
  end
  out[#out + 1] = body
end
return out
`);

/**
 * A page of a run's events with the run's status, lastSeq and firstSeq, in one atomic
 * step (a MULTI would do, but Redis refuses a whole MULTI while it is out of memory).
 * The stream is read in small chunks and the page stops before the body that would take
 * it past the byte bound (the first body always goes), so a page of large log lines never
 * reaches the server whole.
 * KEYS: meta, events. ARGV: first stream id to read (`<after + 1>-0`), count (0 for none),
 * byte bound (-1 for none).
 * Returns nil for an unknown run, else {status, lastSeq, firstSeq, ...event bodies}.
 */
export const READ_EVENTS = new LuaScript(`#!lua flags=no-writes
local m = redis.call('HMGET', KEYS[1], 'status', 'lastSeq', 'firstSeq')
if not m[1] then return false end
local out = {m[1], m[2], m[3]}
local left = tonumber(ARGV[2])
local budget = tonumber(ARGV[3])
local from = ARGV[1]
local bytes = 0
while left > 0 do
  local chunk = math.min(left, 32)
  local entries = redis.call('XRANGE', KEYS[2], from, '+', 'COUNT', chunk)
  for _, entry in ipairs(entries) do
    local body = entry[2][4]
    if budget >= 0 and #out > 3 and bytes + #body > budget then return out end
    out[#out + 1] = body
    bytes = bytes + #body
  end
  left = left - #entries
  if #entries < chunk then break end
  from = '(' .. entries[#entries][1]
end
return out
`);

/**
 * One step of the search for a run's last log lines, newest first: scans at most `scan`
 * entries backwards from `end` and keeps log bodies until `count` lines or the byte bound
 * (the first line always goes). Bounded per call so a run of many progress events does
 * not block Redis; the caller continues from the returned id.
 * KEYS: events. ARGV: end id (`+` or `(<id>`), lines still wanted, bytes still allowed (-1
 * for no bound), entries to scan, lines already taken by earlier calls.
 * Returns {next end id or '' when done, ...log bodies newest first}.
 */
export const READ_LOG_TAIL = new LuaScript(`#!lua flags=no-writes
local want = tonumber(ARGV[2])
local budget = tonumber(ARGV[3])
local scan = tonumber(ARGV[4])
local taken = tonumber(ARGV[5])
local out = {''}
local bytes = 0
local from = ARGV[1]
-- Small chunks, so Redis itself never holds more than a few entries of a run of large lines.
while scan > 0 do
  local chunk = math.min(scan, 32)
  local entries = redis.call('XREVRANGE', KEYS[1], from, '-', 'COUNT', chunk)
  for _, entry in ipairs(entries) do
    local fields = entry[2]
    if fields[2] == 'log' then
      local body = fields[4]
      if budget >= 0 and taken + #out - 1 > 0 and bytes + #body > budget then return out end
      out[#out + 1] = body
      bytes = bytes + #body
      if #out - 1 >= want then return out end
    end
  end
  if #entries < chunk then return out end
  scan = scan - #entries
  from = '(' .. entries[#entries][1]
end
if #out - 1 < want then out[1] = from end
return out
`);
