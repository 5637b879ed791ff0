/**
 * The page of the `<run-progress>` benchmark: one element on a live feed, with the time of
 * each Lit update cycle (`performUpdate`: render + commit to the DOM) summed per animation
 * frame. The runner reads `window.benchProgress` once the producer stops.
 * @module
 */
import { RunProgress } from '../../src/components/run-progress/run-progress.js';
import { watchRun } from '../../src/feed/index.js';

interface ProgressStats {
  updates: number[];
  frames: number[];
  frameIntervals: number[];
  firstSeq: number;
  lastSeq: number;
}

const params = new URLSearchParams(location.search);
const stats: ProgressStats = { updates: [], frames: [], frameIntervals: [], firstSeq: -1, lastSeq: -1 };
(window as unknown as { benchProgress: ProgressStats }).benchProgress = stats;

let workThisFrame = 0;
const proto = RunProgress.prototype as unknown as { performUpdate(): void };
const original = proto.performUpdate;
proto.performUpdate = function (this: RunProgress) {
  const t = performance.now();
  original.call(this);
  const ms = performance.now() - t;
  stats.updates.push(ms);
  workThisFrame += ms;
};

let lastFrame = performance.now();
const onFrame = (now: number) => {
  if (workThisFrame > 0) stats.frames.push(workThisFrame);
  stats.frameIntervals.push(now - lastFrame);
  lastFrame = now;
  workThisFrame = 0;
  requestAnimationFrame(onFrame);
};
requestAnimationFrame(onFrame);

const feed = watchRun({ baseUrl: params.get('api')!, runId: params.get('run')! });
feed.subscribe((state) => {
  const seq = state.run?.seq ?? -1;
  if (stats.firstSeq < 0 && seq >= 0) stats.firstSeq = seq;
  stats.lastSeq = seq;
});
const element = document.createElement('run-progress');
element.feed = feed;
document.body.append(element);
