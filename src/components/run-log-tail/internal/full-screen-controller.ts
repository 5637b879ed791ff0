import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The element alone on the screen: whether the page allows it, whether it is now, and the
 * toggle. Re-renders the host when full screen is entered or left by any means (Esc too).
 */
export class FullScreenController implements ReactiveController {
  private readonly onChange = (): void => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('fullscreenchange', this.onChange);
  }

  hostDisconnected(): void {
    document.removeEventListener('fullscreenchange', this.onChange);
  }

  /** Whether the element is full screen now; undefined where the page cannot go full screen. */
  get state(): boolean | undefined {
    const able = typeof this.host.requestFullscreen === 'function' && document.fullscreenEnabled;
    return able ? document.fullscreenElement === this.host : undefined;
  }

  /** Enters full screen, or leaves it (a page's own full screen is left alone). */
  async toggle(): Promise<void> {
    if (document.fullscreenElement === this.host) await document.exitFullscreen();
    else await this.host.requestFullscreen();
  }
}
