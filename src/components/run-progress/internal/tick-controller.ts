import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ElementClock } from '../../shared/clock.js';

/**
 * Re-renders the host on each whole second while `active()` says something on screen
 * counts (elapsed time, a reconnect countdown, a stall warning), and not at all otherwise:
 * an idle or finished run costs no timer. Timers align to second boundaries so a
 * displayed second never lasts two ticks.
 */
export class TickController implements ReactiveController {
  private timer: unknown;
  private timerClock: ElementClock | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly clock: () => ElementClock,
    private readonly active: () => boolean,
    private readonly periodMs = 1_000,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  hostUpdated(): void {
    this.sync();
  }

  private sync(): void {
    const clock = this.clock();
    if (this.timer !== undefined && this.timerClock !== clock) this.stop();
    const wanted = this.connected && this.active();
    if (!wanted) this.stop();
    else if (this.timer === undefined) this.schedule(clock);
  }

  private schedule(clock: ElementClock): void {
    const wait = this.periodMs - (clock.now() % this.periodMs);
    this.timerClock = clock;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      this.host.requestUpdate();
    }, wait);
  }

  private stop(): void {
    if (this.timer !== undefined) this.timerClock?.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerClock = undefined;
  }
}
