import { html, nothing, type TemplateResult } from 'lit';
import { styleMap, type StyleInfo } from 'lit/directives/style-map.js';
import type { LogEvent, RunSnapshot } from '../../../contract/index.js';
import type { PhaseGroup } from '../../log-model/phase-groups.js';
import type { RowModel } from '../../log-model/row-model.js';
import { showBidiControls } from '../../shared/bidi-controls.js';
import { resolveLabel, type LabelMap } from '../../shared/phase-label.js';
import { markMatches, MAX_SPANS_PER_LINE, type MarkedSpan, type RenderedLine } from '../../log-model/rendered-line.js';
import type { LogFormat } from './format.js';
import type { RunLogTailStrings } from './strings.js';
import { lineFragment } from './line-link-controller.js';

/** What drawing a row needs besides the row itself. */
export interface RowContext {
  t: RunLogTailStrings;
  fmt: LogFormat;
  lineNumbers: boolean;
  timestamps: 'none' | 'absolute' | 'relative';
  /** Epoch ms relative timestamps count from. */
  startMs: number;
  pattern: RegExp | undefined;
  currentMatch: number | undefined;
  linked: number | undefined;
  selection: { from: number; to: number } | undefined;
  labels: LabelMap | undefined;
  run: RunSnapshot | undefined;
  /** The run the element shows (line links name it). */
  runId: string | undefined;
  colours: SpanColours;
}

/** Text colours that read on what they are drawn on (`readable-colours.ts`). */
export interface SpanColours {
  /** True once the theme's colours are known: dim spans are then drawn by colour, not opacity. */
  readonly ready: boolean;
  color(fg: string | undefined, bg: string | undefined, under: string, dim: boolean): string | undefined;
}

function spanStyle(span: MarkedSpan, colours: SpanColours, under: string): StyleInfo | undefined {
  let fg = span.fg;
  let bg = span.bg;
  if (span.inverse) {
    fg = span.bg ?? 'var(--_bg)';
    bg = span.fg ?? 'var(--_fg)';
  }
  const dim = span.dim === true && colours.ready;
  if (!fg && !bg && !dim) return undefined;
  const back = span.mark === 'current' ? 'var(--_current-bg)' : span.mark ? 'var(--_match-bg)' : under;
  return { color: colours.color(fg, bg, back, dim), 'background-color': bg };
}

function spanClass(span: MarkedSpan, colours: SpanColours): string {
  let c = '';
  if (span.bold) c += ' b';
  // Once colours are known, dimness is in the span's colour (checked for contrast) instead.
  if (span.dim && !colours.ready) c += ' d';
  if (span.italic) c += ' i';
  if (span.underline) c += ' u';
  if (span.strike) c += ' s';
  if (span.hidden) c += ' h';
  if (span.mark) c += span.mark === 'current' ? ' mark current' : ' mark';
  return c;
}

// Text goes in as Lit text bindings only: a log line can never become markup. Bidirectional
// controls are drawn as markers, so a line cannot reorder itself (issue 13, item 9).
function renderSpan(
  span: MarkedSpan,
  colours: SpanColours,
  under: string,
): TemplateResult | string | Array<string | TemplateResult> {
  const style = spanStyle(span, colours, under);
  const cls = spanClass(span, colours);
  const text = showBidiControls(span.text);
  if (!style && !cls) return text;
  if (span.mark) {
    return html`<mark
      class=${cls.trim()}
      part=${span.mark === 'current' ? 'match current-match' : 'match'}
      style=${styleMap(style ?? {})}
      >${text}</mark
    >`;
  }
  return html`<span class=${cls.trim()} style=${styleMap(style ?? {})}>${text}</span>`;
}

/**
 * One log line. `number` is its place in the run (1, 2, 3…), shown in the gutter; links and
 * selection use the event's `seq`, which has gaps where progress and status events took a
 * number (300 lines read 2–301 when the gutter showed seq: issue 15).
 */
export function lineRow(line: LogEvent, number: number, view: RenderedLine, ctx: RowContext): TemplateResult {
  const seq = line.seq;
  const current = ctx.currentMatch === seq;
  const selected = ctx.selection !== undefined && seq >= ctx.selection.from && seq <= ctx.selection.to;
  const linked = ctx.linked === seq;
  const level = view.level;
  const classes = `row line level-${level}${current ? ' current' : ''}${selected ? ' selected' : ''}${linked ? ' linked' : ''}`;
  const parts = `line line-${level}${linked ? ' linked-line' : ''}${selected ? ' selected-line' : ''}`;
  const under = selected ? 'var(--_selected-bg)' : 'var(--_bg)';
  const seqText = String(seq);
  // Plain digits: grouping ("1,234") would widen the gutter and differ from code views.
  const numberText = String(number);
  return html`<div class=${classes} part=${parts} data-seq=${seqText}>
    ${
      ctx.lineNumbers
        ? html`<a
            class="num"
            part="line-number"
            href=${lineFragment(ctx.runId, seq)}
            data-action="line"
            data-seq=${seqText}
            tabindex="-1"
            aria-label=${ctx.t.lineNumber(numberText)}
            >${numberText}</a
          >`
        : nothing
    }${
      ctx.timestamps === 'none'
        ? nothing
        : html`<span class="time" part="timestamp"
            >${ctx.timestamps === 'absolute' ? ctx.fmt.time(line.time) : ctx.fmt.offset(line.time, ctx.startMs)}</span
          >`
    }${level === 'info' ? nothing : html`<span class="badge" part="level">${ctx.t.levelBadges[level]}</span>`}<span
      class="text"
      dir="ltr"
      >${markMatches(view.spans, ctx.pattern, current).map((span) => renderSpan(span, ctx.colours, under))}${
        view.stylesCut
          ? html`<span class="styles-cut" part="styles-cut"
              >${ctx.t.stylesCut(ctx.fmt.count(MAX_SPANS_PER_LINE))}</span
            >`
          : nothing
      }${
        view.hiddenChars > 0
          ? html`<span class="truncated" part="truncated">${ctx.t.truncated(ctx.fmt.count(view.hiddenChars))}</span>`
          : nothing
      }</span
    >
  </div>`;
}

/** How long a group ran: its step's start and end when the run lists one, else its lines' times. */
function groupDuration(group: PhaseGroup, run: RunSnapshot | undefined): number | undefined {
  const step = group.phase === undefined ? undefined : run?.steps.find((s) => s.key === group.phase);
  const start = Date.parse(step?.startedAt ?? group.firstTime);
  const end = Date.parse(step?.endedAt ?? group.lastTime);
  return Number.isNaN(start) || Number.isNaN(end) ? undefined : end - start;
}

/** A group header: the phase in words, its line count and duration, and the collapse toggle. */
export function headerRow(
  group: PhaseGroup,
  lines: number,
  collapsed: boolean,
  ctx: RowContext,
  /** The copy pinned to the top of the log while its group's lines scroll past (a visual aid only). */
  sticky = false,
): TemplateResult {
  const phase = group.phase;
  // Same precedence as <run-progress>: the page's map, then the backend's words, then the key.
  const backendLabel =
    phase === undefined
      ? undefined
      : (ctx.run?.steps.find((s) => s.key === phase)?.label ??
        (ctx.run?.phase === phase ? ctx.run.phaseLabel : undefined));
  const label = phase === undefined ? ctx.t.noPhase : resolveLabel(phase, ctx.labels, backendLabel);
  const duration = groupDuration(group, ctx.run);
  const failed =
    ctx.run?.status === 'failed' && ctx.run.error?.phase !== undefined && ctx.run.error.phase === group.phase;
  const key = String(group.key);
  return html`<div
    class="row header${failed ? ' failed' : ''}${sticky ? ' sticky' : ''}"
    part=${sticky ? 'sticky-header' : failed ? 'group-header failed-group' : 'group-header'}
    data-group=${key}
    aria-hidden=${sticky ? 'true' : nothing}
  >
    <button
      class="toggle"
      type="button"
      tabindex=${sticky ? '-1' : nothing}
      part="group-toggle"
      aria-expanded=${collapsed ? 'false' : 'true'}
      data-action="toggle"
      data-group=${key}
    >
      <span class="chevron" aria-hidden="true">${collapsed ? '▸' : '▾'}</span>
      <span class="phase">${showBidiControls(label)}</span>
      <span class="meta"
        >${ctx.t.groupLines(ctx.fmt.count(lines))}${duration === undefined ? '' : ` · ${ctx.fmt.duration(duration)}`}</span
      >
    </button>
  </div>`;
}

/**
 * The header of the group whose lines fill the top of the log (row `first`), pinned at
 * `top` px while they scroll past, as GitHub Actions and Buildkite keep a step's name in view;
 * its toggle folds the group. A visual copy: the group's own header row stays the one in the
 * reading order.
 */
export function stickyHeader(model: RowModel, first: number, ctx: RowContext, top: number, rowPx: number): unknown {
  const row = model.rowAt(first);
  if (row?.kind !== 'line') return nothing;
  const group = model.groupOfSeq(row.seq);
  const header = group ? model.rowAt(model.rowOfGroup(group.key)) : undefined;
  if (!group || header?.kind !== 'header') return nothing;
  return html`<div class="sticky-layer" style=${`transform:translateY(${top}px);--_row-px:${rowPx}px`}>
    ${headerRow(group, header.lines, false, ctx, true)}
  </div>`;
}
