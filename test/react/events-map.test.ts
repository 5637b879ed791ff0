import { describe, expect, it } from 'vitest';
import { runLogTailEvents, runProgressEvents } from '../../src/react/events.js';
import { manifestDeclarations } from '../support/manifest.js';

// The wrappers' callbacks are listed by hand (createComponent needs them), the elements'
// events come from their JSDoc: check every event in the generated custom-elements
// manifest has exactly one callback, named the React way, so the two cannot drift.
function manifestEvents(): Map<string, string[]> {
  const byTag = new Map<string, string[]>();
  for (const declaration of manifestDeclarations()) {
    if (declaration.tagName)
      byTag.set(
        declaration.tagName,
        (declaration.events ?? []).map((e) => e.name),
      );
  }
  return byTag;
}

const callbackName = (event: string) =>
  'on' + event.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

describe('React wrappers cover every event of their element', () => {
  const events = manifestEvents();

  it.each([
    ['run-progress', runProgressEvents],
    ['run-log-tail', runLogTailEvents],
  ] as const)('<%s>: one callback per manifest event, named on<EventName>', (tag, map) => {
    const listed = events.get(tag);
    expect(listed, `${tag} is missing from the manifest`).toBeDefined();
    expect(listed!.length).toBeGreaterThan(0);
    const expected = Object.fromEntries(listed!.map((name) => [callbackName(name), name]));
    expect({ ...map }).toEqual(expected);
  });
});
