import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import { isTerminalStatus, type RunSnapshot } from '../../contract/index.js';
import type { RunFeed, RunFeedState } from '../../feed/types.js';
import { FeedSourceController, type OwnedFeedOptions } from '../controllers/feed-source-controller.js';
import { systemClock, type ElementClock } from '../shared/clock.js';
import { formattersFor, type Formatters } from '../shared/formatters.js';
import { keyedRows } from '../shared/keyed-rows.js';
import type { LabelMap } from '../shared/phase-label.js';
import { Announcer } from './internal/announcer.js';
import { statusIcon, stepIcon, warningIcon } from './internal/icons.js';
import { labelsConverterFor } from '../shared/labels-attribute.js';
import { resolveLocale } from '../shared/locale.js';
import { MonotonicPercent } from './internal/monotonic-percent.js';
import { StatusTracker } from './internal/status-tracker.js';
import { mergeStrings, type RunProgressStrings, type RunProgressStringsInput } from './internal/strings.js';
import { TickController } from './internal/tick-controller.js';
import { buildRunView, buildTimeView, needsClock, type RunView, type TimeView } from './internal/view.js';
import type { RunAdapter } from '../../adapters/index.js';
import { runProgressStyles } from './run-progress.styles.js';
import { bidiSafeText, showBidiControls as shown } from '../shared/bidi-controls.js';
import { createVoice, joinVoices, leaveVoices, speaksFor, type VoiceTopic } from '../shared/run-voices.js';
import { STEPS_SHOWN_WHOLE, stepWindow } from './internal/step-window.js';
import { runNameOf } from '../shared/run-name.js';

/** How the element lays itself out. */
export type RunProgressLayout = 'full' | 'compact';
/** What the live region announces. */
export type RunProgressAnnounce = 'all' | 'end' | 'none';
/** A forced colour theme; without one the element follows `prefers-color-scheme`. */
export type RunProgressTheme = 'light' | 'dark';

/**
 * The element only renders what a run feed says. Give it a backend and a run:
 * ```html
 * <run-progress base-url="/api" run-id="nightly-42"
 *   labels='{"underwriting": "Running underwriting checks"}'></run-progress>
 * ```
 * or a feed the page made (several elements can share one):
 * ```js
 * const feed = watchRun({ baseUrl: '/api', runId: 'nightly-42', getToken });
 * for (const el of document.querySelectorAll('run-progress')) el.feed = feed;
 * ```
 * Numbers, durations and times follow the element's `lang`, else the nearest ancestor's,
 * the document's, the browser's (an ancestor's change shows at the next update).
 *
 * @summary Live progress of one run: phase in words, a truthful bar, the step checklist,
 * elapsed time and ETA, the outcome, stall and connection warnings.
 *
 * @event {RunStatusChangeEvent} run-status-change - The run's status changed (also on first sight, with `previous` undefined).
 * @event {RunCompleteEvent} run-complete - The run reached succeeded, failed or cancelled (once per run).
 * @event {RunErrorEvent} run-error - The run failed (`error`), or the feed stopped with a problem (`problem`: unauthorized, not found…).
 *
 * @csspart base - The wrapper of everything.
 * @csspart header - The line with status, run id and connection.
 * @csspart status - The run status (icon and words).
 * @csspart run-id - The run id caption.
 * @csspart connection - The connection indicator.
 * @csspart phase - The current phase in words.
 * @csspart message - The phase's message.
 * @csspart bar - The progress bar track (`role="progressbar"`).
 * @csspart indicator - The filled part of the bar.
 * @csspart times - The line with percent, elapsed time and ETA.
 * @csspart percent - The percent done.
 * @csspart elapsed - The elapsed time.
 * @csspart eta - The expected remaining time, or "taking longer than usual".
 * @csspart stall - The stall warning.
 * @csspart error - The failure box (heading with phase, and the message).
 * @csspart note - The cancelled note.
 * @csspart steps - The step checklist (`<ol>`).
 * @csspart step - One step; also `step-waiting`, `step-running`, `step-done`, `step-failed`, `step-skipped`, and once the run ended `step-cancelled` (the step a cancelled run was on) and `step-not-run` (steps that never started).
 * @csspart step-icon - A step's state icon.
 * @csspart step-label - A step's label.
 * @csspart step-time - A step's duration or expected time.
 * @csspart steps-more - In a folded checklist (more than 8 steps): how many steps come before or after those shown.
 * @csspart steps-toggle - The button that shows a folded checklist whole, or folds it again.
 * @csspart bidi-control - The visible marker (`<U+202E>`) drawn instead of a bidirectional control character in a run id, phase, message, step label or error, so the run's text cannot reorder itself.
 *
 * @cssproperty [--run-text-color=#1f2328] - Main text (dark theme: #e6edf3).
 * @cssproperty [--run-muted-color=#59636e] - Secondary text, waiting steps (dark: #9198a1).
 * @cssproperty [--run-surface-color=transparent] - Background of the element.
 * @cssproperty [--run-border-color=#d1d9e0] - Borders (dark: #3d444d).
 * @cssproperty [--run-track-color=#e6eaef] - The bar's empty track (dark: #2f353d).
 * @cssproperty [--run-accent-color=#0969da] - The bar and running step (dark: #4493f8).
 * @cssproperty [--run-success-color=#1a7f37] - Succeeded status and done steps (dark: #3fb950).
 * @cssproperty [--run-danger-color=#cf222e] - Failure (dark: #f85149).
 * @cssproperty [--run-warning-color=#9a6700] - Stall and connection warnings (dark: #d29922).
 * @cssproperty [--run-warning-surface-color=#fff8c5] - Background of the stall warning (dark: #2e2611).
 * @cssproperty [--run-danger-surface-color=#ffebe9] - Background of the failure box (dark: #3a1d1f).
 * @cssproperty [--run-radius=6px] - Corner radius of boxes.
 * @cssproperty [--run-bar-height=8px] - Thickness of the bar.
 * @cssproperty [--run-gap=0.5rem] - Space between parts.
 * @cssproperty [--run-padding=0] - Padding inside the element.
 * @cssproperty [--run-font-family=inherit] - Font.
 * @cssproperty [--run-font-size=0.875rem] - Base font size.
 * @cssproperty [--run-transition-duration=200ms] - How fast the bar moves (0 turns it off).
 */
export class RunProgress extends LitElement {
  static override styles = runProgressStyles;

  /**
   * The feed to render, made by the page (several elements can share one connection).
   * Takes precedence over `base-url` + `run-id`. The element never closes a feed it was given.
   */
  @property({ attribute: false }) feed: RunFeed | undefined;

  /**
   * Base URL of a backend speaking the contract (e.g. `/api`). With `run-id`, and no
   * `feed`, the element opens its own feed and closes it when it leaves the page.
   */
  @property({ attribute: 'base-url' }) baseUrl: string | undefined;

  /** The run to follow when the element opens its own feed. */
  @property({ attribute: 'run-id' }) runId: string | undefined;

  /**
   * Follow a backend that does not speak the contract: an adapter object, or (as the
   * attribute) the name it was registered under with `registerAdapter('my-backend', adapter)`,
   * before the element connects. Its URLs are relative to `base-url`. See docs/adapters.md.
   */
  @property() adapter: RunAdapter | string | undefined;

  /**
   * Options for the feed the element opens from `base-url` + `run-id`: a token getter,
   * credentials, transports… (`watchRun`'s options). Set it before the element connects;
   * later changes apply to the next feed it opens.
   */
  @property({ attribute: false }) feedOptions: OwnedFeedOptions | undefined;

  /**
   * Words for phase and step keys, e.g. `{"underwriting": "Running underwriting checks"}`.
   * As an attribute, JSON. Keys without an entry use the backend's label, else a readable
   * form of the key (`export_reports` → "Export reports").
   */
  @property({ converter: labelsConverterFor('run-progress') }) labels: LabelMap | undefined;

  /** Any of the element's words to replace (a partial {@link RunProgressStrings}). */
  @property({ attribute: false }) strings: RunProgressStringsInput | undefined;

  /** Seconds without any update from a running run before the stall warning shows; 0 turns the warning off. */
  @property({ attribute: 'stall-after', type: Number }) stallAfter = 60;

  /**
   * What the polite live region says: `all` (phase changes, stalls, a lost connection and its
   * return, and the end; throttled), `end` (only how the run ended: for tables of many runs),
   * or `none`. Each announcement starts with the run's name. When several elements on the
   * page show one run, the first connected that says a thing says it, the others stay quiet.
   */
  @property() announce: RunProgressAnnounce = 'all';

  /** `full`, or `compact` (one line, for tables and cards). */
  @property({ reflect: true }) layout: RunProgressLayout = 'full';

  /** Force `light` or `dark`; unset follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme: RunProgressTheme | undefined;

  /**
   * The time source (tests and Storybook pass a frozen or stepped clock).
   * Defaults to the browser's.
   */
  @property({ attribute: false }) clock: ElementClock = systemClock;

  /** Mirrors the standard `lang` attribute so a change re-formats numbers and times. @internal */
  @property({ attribute: 'lang' }) protected langAttribute: string | undefined;

  /** Text of the polite live region (throttled). */
  @state() private announcement = '';
  @state() private allSteps = false;

  private readonly feeds = new FeedSourceController(this, {
    args: () => this,
  });
  private readonly ticker = new TickController(
    this,
    () => this.clock,
    () => needsClock(this.feeds.state),
  );
  private announcer: Announcer | undefined;
  private announcerClock: ElementClock | undefined;
  private readonly percent = new MonotonicPercent();
  private readonly tracker = new StatusTracker();

  private t: RunProgressStrings = mergeStrings(undefined);
  private fmt: Formatters = formattersFor('en');
  private locale = '';
  private viewLocale = '';
  private run: RunSnapshot | undefined;
  private runView: RunView | undefined;
  private timeView: TimeView | undefined;
  private shownPercent: number | undefined;
  private pendingEvents: Event[] = [];
  private wasStalled = false;
  private lastConnection: RunFeedState['connection']['status'] | undefined;
  private readonly voice = createVoice(
    () => this.feeds.state?.runId,
    (topic) => this.announce === 'all' || (this.announce === 'end' && topic === 'end'),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    joinVoices(this.voice);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    leaveVoices(this.voice);
    this.announcer?.cancel();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('strings')) this.t = mergeStrings(this.strings);
    const locale = resolveLocale(this);
    if (locale !== this.locale) {
      this.locale = locale;
      this.fmt = formattersFor(locale);
    }
  }

  // After the controllers' `hostUpdate`: the feed source has decided which feed this update shows.
  protected override update(changed: PropertyValues<this>): void {
    this.derive(changed);
    super.update(changed);
  }

  private derive(changed: PropertyValues<this>): void {
    const state = this.feeds.state;
    const run = state?.run;
    const now = this.clock.now();
    const wordsChanged = changed.has('labels') || changed.has('strings') || this.fmt.locale !== this.viewLocale;
    if (run && (run !== this.run || wordsChanged)) this.onRun(run, this.run, wordsChanged);
    if (!run) {
      this.runView = undefined;
      this.shownPercent = undefined;
    }
    this.run = run;
    this.timeView = state
      ? buildTimeView({
          state,
          now,
          stallAfterMs: this.stallAfter * 1000,
          t: this.t,
          fmt: this.fmt,
          previous: this.timeView,
        })
      : undefined;
    this.announceStall();
    if (state) this.announceConnection(state);
    if (state) this.pendingEvents = this.tracker.observe(state.runId, run, state.problem);
  }

  protected override updated(): void {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    for (const event of events) this.dispatchEvent(event);
  }

  private onRun(run: RunSnapshot, previous: RunSnapshot | undefined, wordsChanged: boolean): void {
    const sameRun = previous?.id === run.id;
    // A snapshot older than the one shown means the feed reloaded the run from scratch.
    if (sameRun && run.seq < previous.seq) this.percent.reset();
    this.shownPercent = run.status === 'succeeded' ? 100 : this.percent.next(run.id, run.phase, run.percent);
    const before = this.runView;
    const reuse = previous && before && !wordsChanged ? { run: previous, view: before } : undefined;
    const view = buildRunView(run, this.labels, this.t, this.fmt, reuse);
    this.viewLocale = this.fmt.locale;
    this.runView = view;
    if (!sameRun || !before) return;
    if (view.status !== before.status) {
      const words = this.t.announceStatus(view.statusText);
      const terminal = isTerminalStatus(view.status);
      const text = view.errorMessage ? `${words}. ${view.errorHeading ?? ''}: ${view.errorMessage}` : words;
      this.say(text, terminal ? 'end' : 'progress', terminal);
    } else if (view.phaseKey !== before.phaseKey && view.phaseText !== undefined) {
      this.say(view.stepText ? `${view.stepText}: ${view.phaseText}` : view.phaseText, 'progress');
    }
  }

  private announceStall(): void {
    const stalled = this.timeView?.stalledText !== undefined;
    if (stalled && !this.wasStalled) this.say(this.timeView?.stalledText ?? '', 'progress');
    this.wasStalled = stalled;
  }

  /** A lost connection, and its return, in words (the indicator alone is not heard). */
  private announceConnection(state: RunFeedState): void {
    const status = state.connection.status;
    const before = this.lastConnection;
    this.lastConnection = status;
    if (before === undefined || status === before || (state.run && isTerminalStatus(state.run.status))) return;
    const c = this.t.connection;
    const lost = { reconnecting: c.reconnecting, offline: c.offline, unauthorized: c.unauthorized } as const;
    if (status in lost) this.say(lost[status as keyof typeof lost], 'connection');
    else if (status === 'stopped' && state.problem) this.say(this.t.problem(state.problem.title), 'connection');
    else if (status === 'live' && before in lost) {
      const transport = state.connection.transport;
      this.say(transport === 'polling' || !transport ? c.polling : c.live(this.t.transports[transport]), 'connection');
    }
  }

  private say(text: string, topic: VoiceTopic, urgent = false): void {
    // Another element showing this run may be the one that says it (a row and its detail panel).
    if (!speaksFor(this.voice, topic)) return;
    const state = this.feeds.state;
    if (state) text = this.t.announceFor(this.t.run(runNameOf(state)), text);
    if (!this.announcer || this.announcerClock !== this.clock) {
      this.announcer?.cancel();
      this.announcerClock = this.clock;
      this.announcer = new Announcer(this.clock, (words) => {
        this.announcement = words;
      });
    }
    this.announcer.announce(text, urgent);
  }

  protected override render(): TemplateResult {
    const state = this.feeds.state;
    const label = state ? this.t.run(runNameOf(state)) : this.t.noRun;
    const live = html`<div class="visually-hidden" role="status">${bidiSafeText(this.announcement)}</div>`;
    const body = state ? this.renderState(state) : html`<span class="note">${this.t.noRun}</span>`;
    // A group, not a region: a dashboard of twenty runs must not add twenty landmarks.
    return html`<div part="base" class="base" role="group" aria-label=${bidiSafeText(label)}>${body}${live}</div>`;
  }

  private renderState(state: RunFeedState): TemplateResult {
    const view = this.runView;
    const time = this.timeView;
    if (!view) {
      const problem = state.problem
        ? html`<p part="error" class="error">${shown(this.t.problem(state.problem.title))}</p>`
        : html`<div part="phase" class="phase">${this.t.loading}</div>`;
      return html`${this.renderHeader(state, undefined)}${problem}`;
    }
    if (this.layout === 'compact') return this.renderCompact(state, view, time);
    return html`${this.renderHeader(state, view)}
    ${view.phaseText === undefined ? nothing : html`<div part="phase" class="phase">${shown(view.phaseText)}</div>`}
    ${view.message === undefined ? nothing : html`<div part="message" class="message">${shown(view.message)}</div>`}
    ${this.renderBar(view)} ${this.renderTimes(time)} ${this.renderStall(time)} ${this.renderOutcome(view)}
    ${this.renderSteps(view, time)}`;
  }

  private renderHeader(state: RunFeedState, view: RunView | undefined): TemplateResult {
    const connection = this.timeView?.connection;
    return html`<div part="header" class="header">
      ${
        view
          ? html`<span part="status" class="status" data-status=${view.status}
              >${statusIcon(view.status)}${view.statusText}</span
            >`
          : nothing
      }
      <span part="run-id" class="run-id">${shown(this.t.run(state.runId))}</span>
      ${
        connection
          ? html`<span part="connection" class="connection" data-kind=${connection.kind}
              ><span class="dot" aria-hidden="true"></span>${connection.text}</span
            >`
          : nothing
      }
    </div>`;
  }

  private renderBar(view: RunView): TemplateResult {
    const value = this.shownPercent;
    const mode = value !== undefined ? 'determinate' : view.status === 'running' ? 'indeterminate' : 'idle';
    const percentText = value === undefined ? undefined : this.fmt.percent(value);
    const valueText = this.t.valueText({ step: view.stepText, phase: view.phaseText, percent: percentText });
    const state = this.feeds.state;
    const name = state ? runNameOf(state) : '';
    return html`<div
      part="bar"
      class="bar"
      role="progressbar"
      aria-label=${bidiSafeText(this.t.progress(name))}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${ifDefined(value === undefined ? undefined : Math.floor(value))}
      aria-valuetext=${bidiSafeText(valueText) || nothing}
      data-mode=${mode}
      data-status=${view.status}
    >
      <div
        part="indicator"
        class="indicator"
        style=${styleMap({ inlineSize: value === undefined ? null : `${value}%` })}
      ></div>
    </div>`;
  }

  private renderTimes(time: TimeView | undefined): TemplateResult {
    const value = this.shownPercent;
    return html`<div part="times" class="times">
      ${value === undefined ? nothing : html`<span part="percent" class="percent">${this.fmt.percent(value)}</span>`}
      ${time?.elapsedText ? html`<span part="elapsed">${time.elapsedText}</span>` : nothing}
      ${
        time?.overdue
          ? html`<span part="eta" class="overdue">${this.t.longerThanUsual}</span>`
          : time?.remainingText
            ? html`<span part="eta">${time.remainingText}</span>`
            : nothing
      }
    </div>`;
  }

  private renderStall(time: TimeView | undefined): TemplateResult | typeof nothing {
    if (!time?.stalledText) return nothing;
    return html`<p part="stall" class="stall">${warningIcon}<span>${time.stalledText}</span></p>`;
  }

  private renderOutcome(view: RunView): TemplateResult | typeof nothing {
    if (view.status === 'failed') {
      return html`<div part="error" class="error">
        <div class="error-heading">${statusIcon('failed')}<span>${shown(view.errorHeading)}</span></div>
        ${view.errorMessage ? html`<div class="error-message">${shown(view.errorMessage)}</div>` : nothing}
      </div>`;
    }
    if (view.status === 'cancelled') return html`<p part="note" class="note">${this.t.cancelledNote}</p>`;
    return nothing;
  }

  private renderSteps(view: RunView, time: TimeView | undefined): unknown {
    if (view.steps.length === 0) return nothing;
    // Rows change only when the steps or their time texts do, not on every progress tick.
    return guard([view.steps, time?.stepEta, this.allSteps, this.fmt], () => this.renderStepList(view, time));
  }

  private renderStepList(view: RunView, time: TimeView | undefined): TemplateResult {
    const all = view.steps;
    const folds = all.length > STEPS_SHOWN_WHOLE;
    const { from, to } = folds && !this.allSteps ? stepWindow(all) : { from: 0, to: all.length };
    const count = (n: number) => this.fmt.integer(n);
    const toggle = folds
      ? html`<button
          type="button"
          part="steps-toggle"
          class="steps-toggle"
          aria-expanded=${this.allSteps ? 'true' : 'false'}
          aria-controls="steps"
          @click=${() => (this.allSteps = !this.allSteps)}
        >
          ${this.allSteps ? this.t.showFewerSteps : this.t.showAllSteps(count(all.length))}
        </button>`
      : nothing;
    return html`<ol part="steps" class="steps" id="steps" aria-label=${this.t.steps}>
        ${from > 0 ? html`<li part="steps-more" class="steps-more">${this.t.earlierSteps(count(from))}</li>` : nothing}
        ${keyedRows(
          all.slice(from, to),
          (step) => step.key,
          (step) => {
            const extra = step.durationText ?? time?.stepEta.get(step.key);
            return html`<li part="step step-${step.state}" class="step" data-state=${step.state}>
              <span part="step-icon" class="step-icon">${stepIcon(step.state)}</span>
              <span part="step-label" class="step-label"
                >${shown(step.label)}<span class="visually-hidden">, ${step.stateText}</span></span
              >
              ${extra ? html`<span part="step-time" class="step-time">${extra}</span>` : nothing}
            </li>`;
          },
        )}
        ${
          to < all.length
            ? html`<li part="steps-more" class="steps-more">${this.t.laterSteps(count(all.length - to))}</li>`
            : nothing
        }
      </ol>
      ${toggle}`;
  }

  private renderCompact(state: RunFeedState, view: RunView, time: TimeView | undefined): TemplateResult {
    const value = this.shownPercent;
    let extra: TemplateResult | typeof nothing = nothing;
    if (view.status === 'failed') {
      // The icon and the phase beside it already say where it failed; the message is the news.
      const full = [view.errorHeading, view.errorMessage].filter(Boolean).join(': ');
      extra = html`<span part="error" class="compact-extra danger" title=${bidiSafeText(full)}
        ><span class="visually-hidden">${shown(view.errorHeading)}: </span
        >${shown(view.errorMessage ?? view.errorHeading)}</span
      >`;
    } else if (time?.stalledText) {
      extra = html`<span part="stall" class="compact-extra warn" title=${time.stalledText}
        >${warningIcon} ${time.stalledText}</span
      >`;
    } else if (time?.connection && time.connection.kind !== 'live' && time.connection.kind !== 'polling') {
      extra = html`<span part="connection" class="compact-extra warn" data-kind=${time.connection.kind}
        >${time.connection.text}</span
      >`;
    } else if (time?.overdue) {
      extra = html`<span part="eta" class="compact-extra warn">${this.t.longerThanUsual}</span>`;
    } else if (time?.remainingText) {
      extra = html`<span part="eta" class="compact-extra">${time.remainingText}</span>`;
    }
    return html`<span part="status" class="status" data-status=${view.status}
        >${statusIcon(view.status)}<span class="visually-hidden"
          >${shown(this.t.run(state.runId))}: ${view.statusText}</span
        ></span
      >
      <span part="phase" class="phase" title=${bidiSafeText(view.phaseText ?? view.statusText)}
        >${shown(view.phaseText ?? view.statusText)}</span
      >
      ${this.renderBar(view)}
      ${value === undefined ? nothing : html`<span part="percent" class="percent">${this.fmt.percent(value)}</span>`}
      ${extra}`;
  }
}
