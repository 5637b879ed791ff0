/**
 * Section `hostile-text` (issue 13, items 5 and 6): what hostile log text costs.
 *
 * - **parse**, in Node (the V8 of Chromium, without the DOM): `renderLine()` (clean, SGR
 *   state machine, caps) on each escape-code flood, median of several runs, with what it
 *   returned (spans, characters drawn and counted). Beside it, where it finishes in seconds,
 *   anser 2.3.5 on the same cleaned line (`ansiToJson`, which the element used before): a
 *   lower bound of the old path, which also walked each span's growing style list.
 * - **browser**, in headless Chromium: one `<run-log-tail>` handed the line among short ones
 *   (wrapped and not), until it settles: no update pending and none for five frames. Time to
 *   the last update, updates, the longest task, elements in the hostile row, heap added.
 *
 * An element that does not settle within 10 s fails the run (a correctness check); times
 * are figures only (a shared machine cannot hold them to a limit).
 * @module
 */
import { launchChromium, servePage } from '../lib/browser.js';
import { cleanLine } from '../../src/components/log-model/ansi.js';
import { renderLine } from '../../src/components/log-model/rendered-line.js';
import type { HostileResult } from '../browser/hostile-text-page.js';
import { byMode, type BenchContext, type Json } from './context.js';
import { PARSE_CASES, WRAP_LENGTHS } from './hostile-text-lines.js';

/** The page's handle (functions passed to `evaluate` run in the page, so they name it inline). */
type BenchWindow = {
  benchHostile: {
    ready: boolean;
    showCase(name: string, wrap: boolean): Promise<HostileResult>;
    showLong(length: number, wrap: boolean): Promise<HostileResult>;
  };
};

interface AnserLike {
  ansiToJson(text: string, options: Record<string, boolean>): unknown[];
}

// Cases on which anser finishes in seconds (one code with 500 000 parameters took it 35 s).
const ANSER_CASES = new Set([
  '16 000 SGR codes in a 64 KB line',
  '131 000 one-character coloured spans',
  '1 MiB line of escape codes',
]);

/** anser, when it is still installed (the kit no longer depends on it). */
async function loadAnser(): Promise<AnserLike | undefined> {
  const name = 'anser';
  try {
    const module = (await import(name)) as { default?: AnserLike } & AnserLike;
    return module.default ?? module;
  } catch {
    return undefined;
  }
}

function medianMs(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
}

/** Parse timings in Node, then the element in Chromium. */
export async function hostileText(ctx: BenchContext): Promise<Json> {
  const runs = byMode(ctx, { smoke: 1, quick: 3, full: 7 });
  const anser = ctx.smoke ? undefined : await loadAnser();
  const parse: Json = {};
  for (const c of PARSE_CASES) {
    const line = c.make();
    renderLine({ text: line }); // warm up
    const drawn = renderLine({ text: line });
    const row: Json = {
      chars: line.length,
      renderLineMs: medianMs(runs, () => renderLine({ text: line })),
      spans: drawn.spans.length,
      shownChars: drawn.plain.length,
      hiddenChars: drawn.hiddenChars,
      stylesCut: drawn.stylesCut,
    };
    if (anser && ANSER_CASES.has(c.name)) {
      const cleaned = cleanLine(line);
      row.anserMs = medianMs(1, () => anser.ansiToJson(cleaned, { json: true, use_classes: true, remove_empty: true }));
    }
    parse[c.name] = row;
    ctx.log(`hostile-text: parse ${c.name}: ${JSON.stringify(row)}`);
  }

  const page = await servePage('bench/browser/hostile-text-page.ts');
  const browser = await launchChromium();
  const shown: Json = {};
  try {
    const tab = await browser.newPage();
    await tab.goto(page.url);
    await tab.waitForFunction(() => (window as unknown as Partial<BenchWindow>).benchHostile?.ready);
    const record = (name: string, result: HostileResult) => {
      shown[name] = result;
      ctx.log(`hostile-text: element ${name}: ${JSON.stringify(result)}`);
      if (!result.settled) ctx.fail(`hostile-text: <run-log-tail> did not settle with ${name}`);
    };
    for (const c of PARSE_CASES)
      for (const wrap of [false, true]) {
        const result = await tab.evaluate(
          ([name, w]) => (window as unknown as BenchWindow).benchHostile.showCase(name, w),
          [c.name, wrap] as const,
        );
        record(`${c.name}${wrap ? ', wrap' : ''}`, result);
      }
    for (const length of WRAP_LENGTHS) {
      const result = await tab.evaluate(
        (n) => (window as unknown as BenchWindow).benchHostile.showLong(n, true),
        length,
      );
      record(`one ${length}-char line among short ones, wrap`, result);
    }
    await tab.close();
  } finally {
    await browser.close();
    await page.close();
  }
  // `rows` stays empty: the printed table has no line for this section yet; see report.json.
  return { runsPerParse: runs, parse, element: shown, rows: {} };
}
