/**
 * How many idle subscribers one reference-backend process can hold against the
 * open-files limit: N subscribers of one kind spread over 4 load processes, the server's
 * descriptor count sampled every 5 s.
 *
 *   npx tsx bench/idle-limit.ts ref-sse|ref-ws N
 *
 * Prints the held count, memory per connection and the server's descriptors. Past the
 * limit the server cannot accept: the extra clients wait in the kernel's backlog, and the
 * run ends when the load child's connect times out (120 s).
 * @module
 */
import { readdirSync } from 'node:fs';
import { spawnReference } from './lib/proc.js';
import { measureIdle, referenceTarget } from './lib/scenario.js';

const kind = process.argv[2] as 'ref-sse' | 'ref-ws';
const n = Number(process.argv[3] ?? 20_000);
const dir = `/tmp/rpk-idle-limit-${process.pid}.db`;
const server = await spawnReference(dir, 1000);
const fds = () => readdirSync(`/proc/${server.pid}/fd`).length;
console.log(`${kind}: server holds ${fds()} descriptors of its own before any subscriber`);
const target = await referenceTarget(kind, kind, [server.url], [server.pid], 'idle');
const timer = setInterval(() => console.log(`server descriptors: ${fds()}`), 5000);
try {
  const r = await measureIdle(target, n, 3000, 4);
  console.log(`${kind}: asked ${n}, ${JSON.stringify(r)}`);
} catch (error) {
  console.log(`${kind}: asked ${n}, failed: ${String(error)}; server descriptors ${fds()}`);
} finally {
  clearInterval(timer);
  await server.stop();
}
process.exit(0);
