/**
 * The text table of a bench report, with each fan-out figure's ratio to socket.io's
 * (measured in the same run).
 * @module
 */
type Json = Record<string, unknown>;
interface Load {
  subscribers: number;
  ratePerSec: number;
  deliveredPct: number;
  deliveriesPerSec: number;
  latencyMs: { p50: number; p99: number };
  serverRssMB: number;
  serverCpuPct: number;
}
interface Idle {
  subscribers: number;
  perConnectionKB: number;
  rssAfterMB: number;
}

const pad = (s: unknown, n: number) => String(s).padEnd(n);
/** `12.3 ms` for a number, the text as is for a reason it was not measured (`n/a (…)`). */
const ms = (v: unknown) => (typeof v === 'number' ? `${v} ms` : String(v));
const ratio = (a: number, b: number | undefined) => (b && Number.isFinite(a / b) ? ` (×${(a / b).toFixed(2)})` : '');

function loadLine(l: Load, base?: Load): string {
  return (
    `${l.subscribers} subs × ${l.ratePerSec}/s: ${l.deliveriesPerSec}/s${ratio(l.deliveriesPerSec, base?.deliveriesPerSec)}, ` +
    `p50 ${l.latencyMs.p50} ms, p99 ${l.latencyMs.p99} ms${ratio(l.latencyMs.p99, base?.latencyMs.p99)}, ` +
    `${l.deliveredPct}% delivered, server ${l.serverRssMB} MB, ${l.serverCpuPct}% CPU`
  );
}

/** Renders the report as plain text. */
export function printReport(report: Json): string {
  const out: string[] = [];
  const meta = report.meta as Json;
  out.push(
    `run-progress-kit bench (${meta.mode}) ${meta.date} — ${meta.cpus}, load ${JSON.stringify(meta.loadAverageAtStart)}`,
  );
  for (const [name, section] of Object.entries(report.sections as Json)) {
    const s = section as Json;
    out.push('', `== ${name}${s.seconds ? ` (${s.seconds} s)` : ''}`);
    if (s.skipped) {
      out.push(`   skipped: ${s.skipped}`);
      continue;
    }
    const rows = s.rows as Json;
    if (name === 'fanout') {
      const base = rows['socket.io (websocket)'] as { idle: Idle; throughput: Load; latency: Load[] } | undefined;
      out.push(`   ratios (×) are against socket.io in the same run; heartbeats every ${s.heartbeatMs} ms`);
      for (const [who, r] of Object.entries(rows)) {
        const row = r as { idle: Idle; throughput: Load; latency: Load[] };
        out.push(`   ${who}`);
        out.push(
          `     idle: ${row.idle.subscribers} held, ${row.idle.perConnectionKB} KB each${ratio(row.idle.perConnectionKB, base?.idle.perConnectionKB)}, RSS ${row.idle.rssAfterMB} MB`,
        );
        out.push(`     throughput: ${loadLine(row.throughput, base?.throughput)}`);
        row.latency.forEach((l, i) => out.push(`     latency: ${loadLine(l, base?.latency[i])}`));
      }
    } else if (name === 'transports') {
      for (const [who, r] of Object.entries(rows)) {
        const row = r as Json;
        out.push(
          `   ${pad(who, 34)} p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms at ${row.latencyAtRate}/s; absorbs ${row.absorbEventsPerSec}/s of ${row.absorbOfferedPerSec}/s offered (${row.absorbDeliveredPct}% delivered, p99 ${row.absorbP99Ms} ms)`,
        );
      }
      out.push(
        '   client size (npm run size):',
        ...String(s.sizeReport)
          .split('\n')
          .map((l) => `     ${l}`),
      );
    } else if (name === 'run-log-tail') {
      out.push(
        `   ${s.lines} lines each, made in the page and fed to every contender in the same batches, one tab each in the same browser (no backend in the path); search: median of 3, longest task over every search; ×: the element's figure over xterm.js's in the same engine`,
      );
      for (const [engine, e] of Object.entries(s.engines as Json)) {
        const run = e as Json;
        if (run.skipped) {
          out.push(`   ${engine}: skipped: ${run.skipped}`);
          continue;
        }
        out.push(
          `   ${engine} (${run.browser}; load ${JSON.stringify(run.loadAverageAtStart)} at start; frame budget ${run.frameBudgetMs} ms; ${run.seconds} s)`,
        );
        for (const [who, r] of Object.entries(run.rows as Json)) {
          const row = r as Record<string, { mean: number; p95: number } & number>;
          const held =
            (row.offeredPerSec ?? 0) > 0
              ? `${row.linesShown}/${row.linesSent} lines at ${row.linesPerSec}/s (offered ${row.offeredPerSec}/s), frame p95 ${row.frameMs!.p95} ms`
              : `held no rate offered (first try: frame p95 ${row.frameMs?.p95} ms)`;
          out.push(
            `     ${pad(who, 22)} ${held}, longest task ${ms(row.longestTaskWhileFollowingMs)}, longest frame ${ms(row.longestFrameWhileFollowingMs)}; ` +
              `DOM ${row.domNodes} nodes; heap ${row.heapMBPer100kLines}${typeof row.heapMBPer100kLines === 'number' ? ' MB/100k lines' : ''}; load ${ms(row.loadMs)}; jump to end ${ms(row.jumpToEndMs)}; ` +
              `search ${ms(row.searchMs)} (longest task ${ms(row.searchLongestTaskMs)}, longest frame ${ms(row.searchLongestFrameMs)})`,
          );
        }
        const x = run.elementOverXterm as Json | undefined;
        if (x)
          out.push(
            `     ${pad('element ÷ xterm.js', 22)} sustained lines/s ×${x.sustainedLinesPerSec} (${x.sustainedNote}); load time ×${x.loadMs}; jump to end ×${x.jumpToEndMs}; DOM nodes ×${x.domNodes}; heap ×${x.heapMBPer100kLines}`,
          );
        else out.push(`     element ÷ xterm.js: n/a (both must run; see BENCH_TAIL_CONTENDERS)`);
        for (const what of (run.notMeasured as string[] | undefined) ?? []) out.push(`     not in ${engine}: ${what}`);
        const e2e = run.elementEndToEnd as Record<string, { p95: number } & number> | undefined;
        if (e2e)
          out.push(
            `     element end to end through the reference backend: ${e2e.linesShown}/${e2e.linesSent} lines at ${e2e.linesPerSec}/s (offered ${e2e.offeredPerSec}/s), frame p95 ${e2e.frameMs!.p95} ms`,
          );
      }
    } else if (name === 'end-to-end') {
      out.push(
        '   producer to pixel: scheduled time to the frame after the element committed it (goal p99 < 50 ms on WebSocket and SSE)',
      );
      type P = { count: number; p50: number; p99: number; max: number };
      for (const [who, r] of Object.entries(rows)) {
        const row = r as { ticks: number; progress: P; log: P };
        const show = (label: string, p: P) =>
          `${label} ${p.count} painted, p50 ${p.p50} ms, p99 ${p.p99} ms, max ${p.max} ms`;
        out.push(
          `   ${pad(who, 10)} ${show('<run-progress>', row.progress)}; ${show('<run-log-tail>', row.log)} (of ${row.ticks})`,
        );
      }
    } else if (name === 'store') {
      type Row = { appendsPerSec: number; linesPerSec: number; appends: number };
      out.push('   ratios (×) are against a raw better-sqlite3 INSERT loop on the same pragmas (the floor)');
      for (const [who, r] of Object.entries(rows)) {
        const row = r as { store: Row; raw: Row };
        out.push(
          `   ${pad(who, 56)} store ${row.store.appendsPerSec} appends/s = ${row.store.linesPerSec} lines/s${ratio(row.store.linesPerSec, row.raw.linesPerSec)}; raw ${row.raw.linesPerSec} lines/s`,
        );
      }
      out.push(`   big run: ${JSON.stringify(s.bigRun)}`);
    } else if (name === 'chaos') {
      for (const [who, r] of Object.entries(rows)) {
        const c = r as Json & {
          finalStatus: Json;
          memory: Json;
          actions: Record<string, number>;
          slowClients: { ended: boolean; serverDropped: boolean; stalledMs: number }[];
        };
        const acts = Object.entries(c.actions)
          .map(([k, v]) => `${k} ×${v}`)
          .join(', ');
        const m = c.memory;
        out.push(
          `   ${who} (seed ${c.seed}, ${c.seconds} s, ${c.eventsProduced} events): page log ${c.logEqual ? '==' : '!='} server log (${c.pageLines}/${c.logLines} lines), text export ${c.exportEqual ? 'equal' : 'DIFFERS'}, final status page ${c.finalStatus.page} / server ${c.finalStatus.server}`,
          `     chaos: ${acts}; ${c.serverStarts} server starts, ${c.proxyCuts} proxy cuts, ${c.pageReconnects} page reconnects (offline ${c.pageOfflineSeconds} s in all, longest ${c.pageLongestOfflineSeconds} s), ${c.malformedFrames} malformed frames, ${c.pageErrors} page errors; caught up ${c.catchUpMs} ms after the end`,
          `     slow clients: ${c.slowClients.map((s) => `${s.ended && s.serverDropped ? 'cut by the server' : 'NOT cut'} (stalled ${s.stalledMs} ms)`).join(', ') || 'none'}`,
          `     server memory after GC: heap ${m.startHeapMB} -> ${m.endHeapMB} MB (bound +${m.heapBoundMB}), RSS ${m.startRssMB} -> ${m.endRssMB} MB (bound +${m.rssBoundMB}, peak ${m.peakRssMB}): ${m.withinBound ? 'within bound' : 'OVER BOUND'}`,
        );
      }
    } else if (name === 'run-progress') {
      for (const [who, r] of Object.entries(rows)) {
        const row = r as Record<string, { mean: number; p95: number; count: number } & number>;
        out.push(
          `   ${who}: ${row.eventsReceived}/${row.eventsSent} events in ${row.updates} updates; work per event ${row.workPerEventMs} ms; ` +
            `per update mean ${row.updateMs!.mean} / p95 ${row.updateMs!.p95} ms; per frame with work mean ${row.workPerFrameMs!.mean} / p95 ${row.workPerFrameMs!.p95} ms; ` +
            `frame interval mean ${row.frameIntervalMs!.mean} / p95 ${row.frameIntervalMs!.p95} ms`,
        );
      }
    } else {
      for (const [who, r] of Object.entries(rows)) {
        out.push(`   ${pad(who, 30)} ${loadLine(r as Load)}`);
        const c = (r as { chaos?: Record<string, number> & { resumeMs: { p50: number; p99: number } } }).chaos;
        if (c)
          out.push(
            `   ${pad('', 30)} dropped every ${c.dropMs} ms: ${c.drops} drops, ${c.exactlyOncePct}% exactly once, ${c.duplicates} duplicates, ${c.gaps} gaps (${c.missing} missing), ${c.failedReconnects} failed reconnects; resume p50 ${c.resumeMs.p50} ms, p99 ${c.resumeMs.p99} ms`,
          );
      }
    }
  }
  return out.join('\n') + '\n';
}
