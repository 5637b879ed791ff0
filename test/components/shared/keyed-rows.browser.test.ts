import { html, render } from 'lit';
import { describe, expect, it } from 'vitest';
import { keyedRows } from '../../../src/components/shared/keyed-rows.js';

function draw(box: HTMLElement, keys: string[]): void {
  render(
    html`<div class="rows">
      ${keyedRows(
        keys,
        (k) => k,
        (k) => html`<p data-key=${k}>${k}</p>`,
      )}
    </div>`,
    box,
  );
}

const shown = (box: HTMLElement) => [...box.querySelectorAll('p')].map((p) => p.textContent);
const nodes = (box: HTMLElement) => (box.querySelector('.rows') as HTMLElement).childNodes.length;
const rowOf = (box: HTMLElement, key: string) => box.querySelector(`p[data-key="${key}"]`);

describe('keyedRows', () => {
  it('keeps each row with its key through slides, moves and removals, leaving no markers behind', () => {
    const box = document.createElement('div');
    draw(box, ['a', 'b', 'c']);
    const b = rowOf(box, 'b');
    const empty = nodes(box) - 3 * 3; // each row: its two markers and the <p>
    draw(box, ['b', 'c', 'd']); // the window slides
    expect(shown(box)).toEqual(['b', 'c', 'd']);
    expect(rowOf(box, 'b')).toBe(b);
    draw(box, ['d', 'b', 'x', 'c']); // rows change places
    expect(shown(box)).toEqual(['d', 'b', 'x', 'c']);
    expect(rowOf(box, 'b')).toBe(b);
    draw(box, ['c', 'c']); // a repeated key still draws twice
    expect(shown(box)).toEqual(['c', 'c']);
    for (let i = 0; i < 100; i++) draw(box, [`k${i}`, `k${i + 1}`, `k${i + 2}`]);
    expect(shown(box)).toEqual(['k99', 'k100', 'k101']);
    expect(nodes(box)).toBe(empty + 3 * 3);
    draw(box, []);
    expect(nodes(box)).toBe(empty);
  });
});
