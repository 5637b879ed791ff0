import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Stands between a controller and its element so that however many times the controller
 * asks for an update within a frame (a feed may notify thousands of times a second), the
 * element ingests and renders once per animation frame. `onFrame` runs before the update.
 */
export class FrameBatchedHost implements ReactiveControllerHost {
  private scheduled = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onFrame: () => void,
    private readonly requestFrame: (callback: () => void) => void = frameOrTimeout,
  ) {}

  addController(controller: ReactiveController): void {
    this.host.addController(controller);
  }

  removeController(controller: ReactiveController): void {
    this.host.removeController(controller);
  }

  requestUpdate(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.requestFrame(() => {
      this.scheduled = false;
      this.onFrame();
      this.host.requestUpdate();
    });
  }

  get updateComplete(): Promise<boolean> {
    return this.host.updateComplete;
  }
}

/**
 * The next animation frame, or a timeout when frames do not come (a background tab, a hidden
 * iframe): the element then still ingests now and then, so it never faces a huge backlog at once.
 */
function frameOrTimeout(callback: () => void): void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    callback();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, 250);
}
