/**
 * The Storybook docs tables, from the generated manifest: every kind keeps its own rows (the
 * `run-id` part does not replace the `run-id` attribute), only what a user can set has a
 * control, the options come from the types, and no private member shows.
 */
import { describe, expect, it } from 'vitest';
import { argTypesFromManifest, type ElementsManifest } from '../../stories/manifest-arg-types.js';
import { manifestDeclarations } from '../support/manifest.js';

const manifest = { modules: [{ declarations: manifestDeclarations() }] } as ElementsManifest;

describe('argTypesFromManifest', () => {
  const progress = argTypesFromManifest(manifest, 'run-progress', 'element');

  it('keeps the run-id attribute and the run-id part apart', () => {
    expect(progress['run-id']?.table?.category).toBe('attributes');
    expect(progress['part:run-id']).toMatchObject({ name: '::part(run-id)', table: { category: 'css parts' } });
    expect(progress['part:run-id']?.control).toEqual({ disable: true });
  });

  it('offers the values of a literal union, and on/off for attributes on by default', () => {
    expect(progress.announce).toMatchObject({ control: 'inline-radio', options: ['all', 'end', 'none'] });
    const tail = argTypesFromManifest(manifest, 'run-log-tail', 'element');
    expect(tail['line-numbers']).toMatchObject({ control: 'inline-radio', options: ['on', 'off'] });
    expect(tail.wrap).toMatchObject({ control: 'boolean' });
    expect(tail.feed?.control).toEqual({ disable: true });
    expect(tail.rowCount?.table?.category).toBe('read-only properties');
  });

  it('lists no private members', () => {
    for (const tag of ['run-progress', 'run-log-tail']) {
      const names = Object.keys(argTypesFromManifest(manifest, tag, 'element'));
      expect(names).not.toEqual(expect.arrayContaining(['feeds']));
      expect(names.filter((n) => ['ticker', 'announcer', 'colours', 'follow', 't', 'fmt'].includes(n))).toEqual([]);
    }
  });

  it('names props and callbacks as the React wrappers take them', () => {
    const react = argTypesFromManifest(manifest, 'run-progress', 'react');
    expect(react.stallAfter).toMatchObject({ control: 'number', table: { category: 'props' } });
    expect(react['stall-after']).toBeUndefined();
    expect(react['event:run-error']?.name).toBe('onRunError');
  });
});
