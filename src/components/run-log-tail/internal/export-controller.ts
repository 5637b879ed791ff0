import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LogWindow } from '../../../feed/types.js';
import type { RowModel } from '../../log-model/row-model.js';
import { linesText, windowBlob } from '../../log-model/text-export.js';
import { selectionEnds } from './selection.js';

// How long the copy button says "Copied" (or "Copy failed").
const COPIED_FLASH_MS = 1500;
// A failure stays longer: the reader has to notice it and do something else.
const FAILED_FLASH_MS = 5000;

/** How the last copy went, while the copy button says so. */
export type CopyResult = 'copied' | 'failed';

/** What copy and download need from their element. */
export interface ExportHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly clipboard: Pick<Clipboard, 'writeText'> | undefined;
}

/**
 * Copy and download as plain text (no escape codes, no gutters), lines off screen included:
 * the lines the reader selected by their numbers, a native selection across rows, or the
 * whole retained log as a file.
 */
export class ExportController implements ReactiveController {
  /** Lines selected by clicking line numbers (shift-click extends), by seq. */
  selection: { from: number; to: number } | undefined;
  /** The copy button says "Copied" or "Copy failed" for a moment after a copy. */
  copyResult: CopyResult | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ExportHost,
    private readonly window: () => LogWindow,
    private readonly model: () => RowModel,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  /** Selects the line `seq`, or extends the selection to it from `anchor` (the linked line). */
  select(seq: number, extend: boolean, anchor: number | undefined): void {
    const sel = this.selection;
    if (extend && sel) {
      const from = sel.from === anchor ? sel.from : sel.to;
      this.selection = { from: Math.min(from, seq), to: Math.max(from, seq) };
    } else this.selection = { from: seq, to: seq };
    this.host.requestUpdate();
  }

  clearSelection(): void {
    this.selection = undefined;
    this.host.requestUpdate();
  }

  /** The selected lines' text, or every shown line's when none are selected. */
  selectedText(): string {
    const window = this.window();
    const model = this.model();
    const sel = this.selection;
    if (!sel) return linesText(window, model.seqs());
    return linesText(window, model.seqs(model.linePosition(sel.from), model.linePosition(sel.to + 1)));
  }

  /** Copies {@link selectedText} to the clipboard; resolves with the text copied. */
  async copy(): Promise<string> {
    const text = this.selectedText();
    try {
      // No clipboard at all (an insecure page) fails here too, and says so like any other failure.
      await (this.host.clipboard ?? navigator.clipboard).writeText(text);
    } catch (error) {
      // Denied permission, an unfocused page, no clipboard: the reader must not paste stale text
      // believing the copy worked, so the button says it failed (and the caller still sees why).
      this.flash('failed', FAILED_FLASH_MS);
      throw error;
    }
    this.flash('copied', COPIED_FLASH_MS);
    return text;
  }

  private flash(result: CopyResult, ms: number): void {
    this.copyResult = result;
    this.host.requestUpdate();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.copyResult = undefined;
      this.host.requestUpdate();
    }, ms);
  }

  /** The whole retained log as plain text. */
  blob(): Blob {
    return windowBlob(this.window());
  }

  /** Downloads the retained log as `<fileName>.log`. */
  download(fileName: string): void {
    const url = URL.createObjectURL(this.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${fileName}.log`;
    a.hidden = true;
    // Some browsers only download from an anchor that is in a document.
    this.host.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** Native copy of a selection spanning rows: whole lines as plain text, without gutters. */
  onCopy(event: ClipboardEvent): void {
    const ends = selectionEnds(this.host.renderRoot as ShadowRoot);
    if (!ends) return;
    const rowOf = (node: Node): HTMLElement | null =>
      (node instanceof Element ? node : node.parentElement)?.closest<HTMLElement>('.row.line') ?? null;
    const start = rowOf(ends.start);
    const end = rowOf(ends.end);
    if (!start || !end || start === end || !event.clipboardData) return;
    const from = Number(start.dataset.seq);
    const to = Number(end.dataset.seq);
    const model = this.model();
    const text = linesText(
      this.window(),
      model.seqs(model.linePosition(Math.min(from, to)), model.linePosition(Math.max(from, to) + 1)),
    );
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
  }
}
