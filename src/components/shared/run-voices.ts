/**
 * One voice per run and topic on a page. A dashboard row and a detail panel can show the
 * same run, and a `<run-progress>` usually sits beside a `<run-log-tail>`; each has its own
 * polite live region, so without this a screen reader hears every step and every lost
 * connection twice. Each element joins while it is connected; for a run and a topic, the
 * earliest-joined element that says that topic speaks, the others stay quiet, and when the
 * speaker leaves the next one takes over. Kept on `globalThis` under a registered symbol,
 * so copies of the kit on one page (the bundle beside an app's build) share it, as the
 * adapter registry does.
 * @module
 */

/** What an announcement is about: the run's steps and stalls, how it ended, or the connection. */
export type VoiceTopic = 'progress' | 'end' | 'connection';

/** An element that may announce things about a run. */
export interface RunVoice {
  /** The run it shows now (undefined: none, so it never speaks). */
  readonly voiceRunId: string | undefined;
  /** Whether it announces this topic at all (`announce="end"` says only how a run ended). */
  saysTopic(topic: VoiceTopic): boolean;
}

/** A voice over the element's own state: the run it shows, read when asked. */
export function createVoice(runId: () => string | undefined, saysTopic: (topic: VoiceTopic) => boolean): RunVoice {
  return {
    get voiceRunId() {
      return runId();
    },
    saysTopic,
  };
}

const VOICES = Symbol.for('run-progress-kit.voices');

type Shared = typeof globalThis & { [VOICES]?: RunVoice[] };

const voices: RunVoice[] = ((globalThis as Shared)[VOICES] ??= []);

/** Adds `voice` (after every element already connected); joining twice keeps its place. */
export function joinVoices(voice: RunVoice): void {
  if (!voices.includes(voice)) voices.push(voice);
}

/** Removes `voice`: the next element showing its runs speaks for them. */
export function leaveVoices(voice: RunVoice): void {
  const at = voices.indexOf(voice);
  if (at >= 0) voices.splice(at, 1);
}

/** Whether `voice` is the one that announces `topic` for the run it shows. */
export function speaksFor(voice: RunVoice, topic: VoiceTopic): boolean {
  const runId = voice.voiceRunId;
  if (runId === undefined || !voice.saysTopic(topic)) return false;
  // An element not (yet) joined speaks for itself: it is the only one that knows it exists.
  const speaker = voices.find((v) => v.voiceRunId === runId && v.saysTopic(topic));
  return speaker === undefined || speaker === voice;
}
