/**
 * The kit's fold against the language-neutral test vectors in
 * conformance/vectors/fold-vectors.json, read as any backend's unit test would read them
 * (docs/conformance.md, "Test vectors of the fold"); and the vectors against the prose
 * rules of docs/contract.md they name.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  initialSnapshot,
  isTerminalStatus,
  RunEventSchema,
  RunSnapshotSchema,
  SequenceGapError,
  validate,
  type RunEvent,
  type RunInit,
  type RunSnapshot,
} from '../../src/contract/index.js';

interface VectorFile {
  format: string;
  version: number;
  contract: string;
  rules: Record<string, string>;
  counts: { vectors: number; cases: number; random: number; events: number };
  vectors: Vector[];
}
interface Vector {
  name: string;
  rules: string[];
  description: string;
  init: RunInit;
  initial: RunSnapshot;
  steps: Array<{ event: RunEvent; snapshot?: RunSnapshot; error?: 'gap' }>;
}

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const file = JSON.parse(read('../../conformance/vectors/fold-vectors.json')) as VectorFile;
const contract = read('../../docs/contract.md');

/** As the value travels: JSON, so an `undefined` field is an absent one. */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('fold vectors', () => {
  it('are version 1 of the format and count what they hold', () => {
    expect(file.format).toBe('run-progress-kit/fold-vectors');
    expect(file.version).toBe(1);
    expect(file.contract).toBe('docs/contract.md#the-snapshot-fold');
    const cases = file.vectors.filter((v) => v.rules.length > 0);
    expect(file.counts).toEqual({
      vectors: file.vectors.length,
      cases: cases.length,
      random: file.vectors.length - cases.length,
      events: file.vectors.reduce((n, v) => n + v.steps.length, 0),
    });
    expect(file.counts.random).toBeGreaterThanOrEqual(200);
    expect(new Set(file.vectors.map((v) => v.name)).size).toBe(file.vectors.length);
  });

  it('name exactly the rules of docs/contract.md, each shown by at least one hand-picked case', () => {
    const inProse = [...contract.matchAll(/^- \*\*(F\d+) ([^*]+)\.\*\*/gm)].map((m) => [m[1], m[2]]);
    expect(Object.entries(file.rules)).toEqual(inProse);
    for (const id of Object.keys(file.rules)) {
      expect(
        file.vectors.some((v) => v.name.startsWith(`${id} `)),
        `no case named for ${id}`,
      ).toBe(true);
    }
    for (const v of file.vectors) {
      for (const rule of v.rules) expect(file.rules, `${v.name}: rule ${rule}`).toHaveProperty(rule);
      if (v.rules.length > 0) expect(v.rules, v.name).toContain(v.name.split(' ')[0]);
    }
  });

  it('hold valid events and snapshots, and nothing a server would refuse after the end', () => {
    for (const v of file.vectors) {
      expect(validate(RunSnapshotSchema, v.initial).ok, `${v.name}: initial`).toBe(true);
      let last = 0;
      let ended = false;
      for (const [i, step] of v.steps.entries()) {
        expect(validate(RunEventSchema, step.event), `${v.name} step ${i}`).toEqual({ ok: true, value: step.event });
        if (step.snapshot) expect(validate(RunSnapshotSchema, step.snapshot).ok, `${v.name} step ${i}`).toBe(true);
        expect('snapshot' in step !== 'error' in step, `${v.name} step ${i}: snapshot or error`).toBe(true);
        if (step.event.seq !== last + 1) continue; // a duplicate or a gap
        expect(ended, `${v.name} step ${i} follows the terminal status`).toBe(false);
        last = step.event.seq;
        ended = step.event.type === 'status' && isTerminalStatus(step.event.status);
      }
    }
  });

  it.each(file.vectors.map((v) => [v.name, v] as const))('applyEvent: %s', (_name, vector) => {
    let snapshot = initialSnapshot(vector.init);
    expect(json(snapshot)).toStrictEqual(vector.initial);
    for (const [i, step] of vector.steps.entries()) {
      if (step.error === 'gap') {
        expect(() => applyEvent(snapshot, step.event), `step ${i}`).toThrow(SequenceGapError);
        continue;
      }
      snapshot = applyEvent(snapshot, step.event);
      expect(json(snapshot), `step ${i} (seq ${step.event.seq})`).toStrictEqual(step.snapshot);
    }
  });
});
