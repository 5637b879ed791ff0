import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What line links need from their element. */
export interface LineLinkHost extends ReactiveControllerHost {
  readonly hashLinks: boolean;
  scrollToSeq(seq: number): boolean;
}

/**
 * The linked line (`#L<seq>`): which line it is, and with `hash-links` on, following the
 * page address to it and writing a clicked line's link there. Links are by seq, so they
 * stay valid while the log streams.
 */
export class LineLinkController implements ReactiveController {
  /** Seq of the linked line, if any. */
  linkedSeq: number | undefined;
  private listening = false;
  private readonly onHashChange = (): void => this.followHash();

  constructor(private readonly host: LineLinkHost) {
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

  /** Scrolls to the line in the page address, if it names one. */
  followHash(): void {
    const match = /^#L(\d+)$/.exec(location.hash);
    if (match) this.host.scrollToSeq(Number(match[1]));
  }

  /** Makes `seq` the linked line; returns its fragment, written to the address with `hash-links`. */
  link(seq: number): string {
    this.linkedSeq = seq;
    this.host.requestUpdate();
    const href = `#L${seq}`;
    if (this.host.hashLinks) history.replaceState(history.state, '', href);
    return href;
  }

  private listen(on: boolean): void {
    if (on === this.listening) return;
    this.listening = on;
    if (on) window.addEventListener('hashchange', this.onHashChange);
    else window.removeEventListener('hashchange', this.onHashChange);
  }
}
