import { describe, expect, it } from 'vitest';
import { manifestDeclaration } from '../../support/manifest.js';

describe('<run-log-tail> in custom-elements.json', () => {
  it('lists its attributes, its typed events, parts and custom properties', () => {
    const d = manifestDeclaration('run-log-tail');
    expect(d.attributes?.map((a) => a.name)).toEqual(
      expect.arrayContaining([
        'base-url',
        'run-id',
        'wrap',
        'line-numbers',
        'timestamps',
        'theme',
        'labels',
        'search-text',
        'filter-text',
      ]),
    );
    expect(d.events).toEqual([
      expect.objectContaining({ name: 'run-error', type: { text: 'RunErrorEvent' } }),
      expect.objectContaining({ name: 'run-log-line-link', type: { text: 'RunLogLineLinkEvent' } }),
    ]);
    expect(d.cssParts?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['scroller', 'line', 'line-number', 'group-header', 'jump']),
    );
    expect(d.cssProperties?.map((p) => p.name)).toEqual(expect.arrayContaining(['--run-log-height', '--run-log-bg']));
    // Every ANSI colour a theme can set is listed, not one standing for sixteen.
    const ansi = d.cssProperties?.filter((p) => p.name.startsWith('--run-log-ansi-')) ?? [];
    expect(ansi).toHaveLength(16);
  });
});
