import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cssRgb, mix, parseColor, readableOn, type Rgb } from '../../log-model/contrast.js';

/** What the colour guard needs from its element. */
export interface ReadableColoursHost extends ReactiveControllerHost, HTMLElement {
  readonly theme: 'light' | 'dark' | undefined;
}

/** The theme's own colours, by the token spans and rows name them with. */
const TOKENS = [
  'fg',
  'bg',
  'match-bg',
  'current-bg',
  'selected-bg',
  ...['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'].flatMap((c) => [
    `ansi-${c}`,
    `ansi-bright-${c}`,
  ]),
];

/** As `.d { opacity: 0.7 }` would draw a dim span, but as a colour the guard can check. */
const DIM = 0.3;
/** Distinct colour pairs remembered; a truecolour gradient would otherwise grow it without end. */
const CACHE_LIMIT = 2048;

/**
 * Makes every coloured span readable (WCAG AA) on what it is drawn on: the span's own
 * background, a search match, a selected row or the log. The theme's colours are read from
 * the element's computed `--_*` tokens (so a page's `--run-log-*` overrides count) when it
 * first draws, when `theme` changes and when the page's colour scheme flips. Until then, or
 * when a colour cannot be read, spans keep their own colour.
 */
export class ReadableColoursController implements ReactiveController {
  private palette = new Map<string, Rgb>();
  private readonly cache = new Map<string, string | undefined>();
  private readTheme: string | undefined | null = null;
  private readonly scheme = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
  private readonly onScheme = (): void => {
    this.readTheme = null;
    this.host.requestUpdate();
  };

  constructor(private readonly host: ReadableColoursHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.scheme?.addEventListener('change', this.onScheme);
  }

  hostDisconnected(): void {
    this.scheme?.removeEventListener('change', this.onScheme);
  }

  hostUpdated(): void {
    if (this.readTheme === this.host.theme) return;
    this.readTheme = this.host.theme;
    const style = getComputedStyle(this.host);
    const palette = new Map<string, Rgb>();
    for (const token of TOKENS) {
      const rgb = parseColor(style.getPropertyValue(`--_${token}`));
      if (rgb) palette.set(`var(--_${token})`, rgb);
    }
    if (!samePalette(palette, this.palette)) {
      this.palette = palette;
      this.cache.clear();
      // Rows were drawn with the old theme's answers.
      this.host.requestUpdate();
    }
  }

  /** Whether dim spans are drawn by {@link color} (so the `.d` opacity must not apply too). */
  get ready(): boolean {
    return this.palette.has('var(--_bg)');
  }

  /**
   * The colour to draw a span's text in, or undefined to keep `fg` as it is. `fg` and `bg` are
   * the span's (after reverse video), `under` the token of what shows through when `bg` is unset.
   */
  color(fg: string | undefined, bg: string | undefined, under: string, dim: boolean): string | undefined {
    if (!this.ready || (fg === undefined && bg === undefined && !dim)) return fg;
    const key = `${fg}|${bg}|${under}|${dim ? 1 : 0}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const answer = this.compute(fg, bg ?? under, dim);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, answer);
    return answer;
  }

  private compute(fg: string | undefined, bg: string, dim: boolean): string | undefined {
    const back = this.resolve(bg);
    let text = this.resolve(fg ?? 'var(--_fg)');
    if (!back || !text) return fg;
    if (dim) text = mix(text, back, DIM);
    const readable = readableOn(text, back);
    return readable === text && !dim ? fg : cssRgb(readable);
  }

  private resolve(color: string): Rgb | undefined {
    return this.palette.get(color) ?? parseColor(color);
  }
}

function samePalette(a: Map<string, Rgb>, b: Map<string, Rgb>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.some((c, i) => c !== v[i])) return false;
  }
  return true;
}
