import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What line links need from their element. */
export interface LineLinkHost extends ReactiveControllerHost {
  readonly hashLinks: boolean;
  scrollToSeq(seq: number): boolean;
}

/**
 * The fragment that links to line `seq` of a run: `#<run id>:L<seq>`, scoped to the run so
 * two logs on one page, or the page's own fragments, never answer each other's links
 * (bare `#L<seq>` without a run).
 */
export function lineFragment(runId: string | undefined, seq: number): string {
  return runId === undefined ? `#L${seq}` : `#${encodeURIComponent(runId)}:L${seq}`;
}

const LINE_FRAGMENT = /^#(?:([^:#]+):)?L(\d+)$/;

/** The run and seq a fragment links to, or undefined for any other fragment (the page's own). */
export function parseLineFragment(hash: string): { runId: string | undefined; seq: number } | undefined {
  const match = LINE_FRAGMENT.exec(hash);
  if (!match) return undefined;
  try {
    return { runId: match[1] === undefined ? undefined : decodeURIComponent(match[1]), seq: Number(match[2]) };
  } catch {
    return undefined; // a malformed escape is not one of ours
  }
}

/**
 * The linked line: which line it is, and with `hash-links` on, following the page address
 * to it and writing a clicked line's link there. Links are by seq, so they stay valid while
 * the log streams. The address is only written when it holds no fragment of the page's own
 * (a router's `#settings` stays); the `run-log-line-link` event carries the link either way.
 */
export class LineLinkController implements ReactiveController {
  /** Seq of the linked line, if any. */
  linkedSeq: number | undefined;
  private listening = false;
  private readonly onHashChange = (): void => this.followHash();

  constructor(
    private readonly host: LineLinkHost,
    /** The run the element shows now. */
    private readonly runId: () => string | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.listen(this.host.hashLinks);
  }

  hostDisconnected(): void {
    this.listen(false);
  }

  /** Call when `hashLinks` changes. */
  hashLinksChanged(): void {
    this.listen(this.host.hashLinks);
  }

  /** Scrolls to the line in the page address, if it names one of this run (or a bare `#L<seq>`). */
  followHash(): void {
    const link = parseLineFragment(location.hash);
    if (link && (link.runId === undefined || link.runId === this.runId())) this.host.scrollToSeq(link.seq);
  }

  /** Makes `seq` the linked line; returns its fragment, written to the address with `hash-links`. */
  link(seq: number): string {
    this.linkedSeq = seq;
    this.host.requestUpdate();
    const href = lineFragment(this.runId(), seq);
    const ours = location.hash === '' || parseLineFragment(location.hash) !== undefined;
    if (this.host.hashLinks && ours) history.replaceState(history.state, '', href);
    return href;
  }

  private listen(on: boolean): void {
    if (on === this.listening) return;
    this.listening = on;
    if (on) window.addEventListener('hashchange', this.onHashChange);
    else window.removeEventListener('hashchange', this.onHashChange);
  }
}
