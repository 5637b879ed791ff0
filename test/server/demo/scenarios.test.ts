import { describe, expect, it } from 'vitest';
import { CreateRunInputSchema, RunEventInputSchema, validate } from '../../../src/contract/index.js';
import { fillTemplate } from '../../../server/demo/log-text.js';
import { createRandom } from '../../../server/demo/random.js';
import { buildRunScript } from '../../../server/demo/run-script.js';
import { Outcome } from '../../../server/demo/scenario-types.js';
import { RUN_KINDS } from '../../../server/demo/scenarios/index.js';

describe('the demo scenarios', () => {
  for (const kind of RUN_KINDS) {
    it(`${kind.kind}: every template fills without a leftover placeholder`, () => {
      const random = createRandom(1);
      const templates = [
        ...kind.titles,
        ...kind.phases.flatMap((p) => [
          ...p.messages,
          ...p.lines.map((l) => l.text),
          ...(p.progressBar ? [p.progressBar] : []),
        ]),
        ...kind.failure.lines,
        kind.stall.before,
        kind.stall.after,
        ...kind.cancelLines,
      ];
      for (const template of templates) {
        for (let i = 0; i < 5; i++)
          expect(fillTemplate(template, kind.words, random)).not.toMatch(/\{[a-z/]+(:[^}]*)?\}/);
      }
      expect(kind.phases.some((p) => p.label === undefined)).toBe(true); // the elements' fallback shows
      expect(kind.phases[kind.failure.phase]).toBeDefined();
      expect(kind.phases[kind.stall.phase]).toBeDefined();
    });

    it(`${kind.kind}: every outcome's script fits the contract and lasts 20 s to 2 min at speed 1`, () => {
      for (const outcome of Object.values(Outcome)) {
        const script = buildRunScript({ id: 'r1', kind, outcome, random: createRandom(9), stallMs: 300_000 });
        expect(validate(CreateRunInputSchema, script.create).ok).toBe(true);
        for (const batch of script.batches) {
          expect(batch.events.length).toBeLessThanOrEqual(500);
          for (const event of batch.events) expect(validate(RunEventInputSchema, event)).toMatchObject({ ok: true });
        }
        const extra = outcome === Outcome.Stall ? 300_000 : outcome === Outcome.Chatty ? 4_000 : 0;
        expect(script.durationMs - extra).toBeLessThanOrEqual(120_000 + 100);
        if (outcome === Outcome.Succeed) expect(script.durationMs).toBeGreaterThanOrEqual(20_000);
      }
    });
  }

  it('throws on a placeholder a scenario misspelt', () => {
    expect(() => fillTemplate('Reading {tabel}', { table: ['a'] }, createRandom(1))).toThrow(
      /Unknown placeholder \{tabel\}/,
    );
  });
});
