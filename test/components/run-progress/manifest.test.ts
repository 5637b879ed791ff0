import { describe, expect, it } from 'vitest';
import { manifestDeclaration, projectFile } from '../../support/manifest.js';

describe('custom-elements.json for <run-progress>', () => {
  const element = manifestDeclaration('run-progress');

  it('lists the attributes with their defaults', () => {
    expect(element.attributes?.map((a) => a.name).sort()).toEqual(
      ['adapter', 'announce', 'base-url', 'labels', 'layout', 'run-id', 'stall-after', 'theme'].sort(),
    );
    expect(element.attributes?.find((a) => a.name === 'stall-after')?.default).toBe('60');
  });

  it('lists the events with their classes', () => {
    expect(element.events?.map((e) => [e.name, e.type?.text])).toEqual([
      ['run-status-change', 'RunStatusChangeEvent'],
      ['run-complete', 'RunCompleteEvent'],
      ['run-error', 'RunErrorEvent'],
    ]);
  });

  it('documents every part and custom property used by the styles and template', () => {
    const source = projectFile('src/components/run-progress/run-progress.component.ts');
    const styles = projectFile('src/components/run-progress/run-progress.styles.ts');
    // `step-${state}` parts are documented together under `step`.
    const usedParts = new Set(
      [...source.matchAll(/part="([^"$]+)/g)].flatMap((m) => m[1]!.split(' ')).filter((p) => !p.endsWith('-')),
    );
    const documentedParts = new Set(element.cssParts?.map((p) => p.name));
    for (const part of usedParts) expect(documentedParts, part).toContain(part);
    const usedProps = new Set([...styles.matchAll(/var\((--run-[a-z-]+)/g)].map((m) => m[1]));
    const documentedProps = element.cssProperties?.map((p) => p.name) ?? [];
    expect(documentedProps.sort()).toEqual([...usedProps].sort());
  });

  it('exposes the public properties and keeps internals out', () => {
    const pub = element.members?.filter((m) => m.kind === 'field' && !m.privacy).map((m) => m.name);
    expect(pub).toEqual(
      expect.arrayContaining([
        'feed',
        'baseUrl',
        'runId',
        'labels',
        'strings',
        'stallAfter',
        'layout',
        'theme',
        'clock',
      ]),
    );
    expect(pub).not.toContain('announcement');
  });

  it('lists no private members at all (docs pages and controls show what a user can set)', () => {
    for (const declaration of [element, manifestDeclaration('run-log-tail')]) {
      const names = declaration.members?.map((m) => m.name) ?? [];
      expect(names, declaration.tagName).not.toContain('feeds');
      expect(
        declaration.members?.filter((m) => m.privacy),
        declaration.tagName,
      ).toEqual([]);
    }
  });

  it('writes the values of literal-union types out, so tools can offer them', () => {
    const announce = element.attributes?.find((a) => a.name === 'announce');
    expect(announce?.type?.text).toBe("'all' | 'end' | 'none'");
    const layout = element.members?.find((m) => m.name === 'layout');
    expect(layout?.type?.text).toBe("'full' | 'compact'");
  });
});
