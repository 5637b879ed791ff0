/**
 * The toolbar of `<run-log-tail>`: search with previous/next and a match count, the text
 * filter, level toggles, wrap, copy and download. A template of what the element hands it.
 * In a narrow element (a container query in the styles) only the search stays in the row;
 * the rest folds behind a "More" button, so the log keeps the height.
 * @module
 */
import { html, nothing, type TemplateResult } from 'lit';
import { LOG_LEVELS, type LogLevel } from '../../../contract/index.js';
import type { RunLogTailStrings } from './strings.js';

/** What the toolbar shows and what its controls call. */
export interface ToolbarProps {
  t: RunLogTailStrings;
  searchText: string;
  filterText: string;
  matchCount: number;
  /** "3 of 12" while a search is on. */
  countText: string | undefined;
  /** Levels shown; `undefined` = all. */
  levels: readonly LogLevel[] | undefined;
  wrap: boolean;
  /** Whether line times are shown (any `timestamps` mode but `none`). */
  times: boolean;
  /** Whether the element is full screen now; undefined where the page cannot go full screen. */
  fullScreen: boolean | undefined;
  /** The copy button says "Copied" or "Copy failed" for a moment after a copy. */
  copyResult: 'copied' | 'failed' | undefined;
  /** Whether the folded controls are shown (narrow elements only). */
  moreOpen: boolean;
  toggleMore(): void;
  onSearchInput(event: Event): void;
  onSearchKey(event: KeyboardEvent): void;
  onFilterInput(event: Event): void;
  previousMatch(): void;
  nextMatch(): void;
  toggleLevel(level: LogLevel): void;
  toggleWrap(): void;
  toggleTimes(): void;
  toggleFullScreen(): void;
  copy(): void;
  download(): void;
}

/** The toolbar row. */
export function toolbarTemplate(p: ToolbarProps): TemplateResult {
  return html`<div
    class="toolbar${p.moreOpen ? ' more-open' : ''}"
    part="toolbar"
    role="toolbar"
    aria-label=${p.t.toolbarLabel}
  >
    <span class="search-box">
      <input
        type="search"
        part="search"
        aria-label=${p.t.searchLabel}
        placeholder=${p.t.searchPlaceholder}
        .value=${p.searchText}
        @input=${p.onSearchInput}
        @keydown=${p.onSearchKey}
      />
      <button
        type="button"
        part="button"
        aria-label=${p.t.previousMatch}
        title=${p.t.previousMatch}
        ?disabled=${p.matchCount === 0}
        @click=${p.previousMatch}
      >
        ↑
      </button>
      <button
        type="button"
        part="button"
        aria-label=${p.t.nextMatch}
        title=${p.t.nextMatch}
        ?disabled=${p.matchCount === 0}
        @click=${p.nextMatch}
      >
        ↓
      </button>
      <span class="count" part="match-count">${p.countText ?? nothing}</span>
    </span>
    <button
      type="button"
      part="button more"
      class="more"
      aria-expanded=${p.moreOpen ? 'true' : 'false'}
      aria-controls="more-controls"
      aria-label=${p.t.moreControls}
      title=${p.t.moreControls}
      data-active=${p.filterText !== '' || p.levels !== undefined ? 'true' : nothing}
      @click=${p.toggleMore}
    >
      ⋯
    </button>
    <span class="extras${p.moreOpen ? ' open' : ''}" id="more-controls">
      <input
        type="search"
        part="filter"
        aria-label=${p.t.filterLabel}
        placeholder=${p.t.filterPlaceholder}
        .value=${p.filterText}
        @input=${p.onFilterInput}
      />
      <span class="levels" role="group" aria-label=${p.t.levelsLabel}>
        ${LOG_LEVELS.map(
          (level) =>
            html`<button
              type="button"
              part="button level-toggle"
              class="level-toggle level-${level}"
              aria-pressed=${p.levels === undefined || p.levels.includes(level) ? 'true' : 'false'}
              data-level=${level}
              @click=${() => p.toggleLevel(level)}
            >
              ${p.t.levelNames[level]}
            </button>`,
        )}
      </span>
      <button type="button" part="button" aria-pressed=${p.wrap ? 'true' : 'false'} @click=${p.toggleWrap}>
        ${p.t.wrap}
      </button>
      <button type="button" part="button" data-action-copy data-result=${p.copyResult ?? nothing} @click=${p.copy}>
        ${p.copyResult === 'copied' ? p.t.copied : p.copyResult === 'failed' ? p.t.copyFailed : p.t.copy}
      </button>
      <span class="copy-status" role="status">${p.copyResult === 'failed' ? p.t.copyFailedAnnounce : ''}</span>
      <button type="button" part="button" data-action-download @click=${p.download}>${p.t.download}</button>
      <button
        type="button"
        part="button"
        data-action-times
        aria-pressed=${p.times ? 'true' : 'false'}
        @click=${p.toggleTimes}
      >
        ${p.t.showTimes}
      </button>
      ${
        p.fullScreen === undefined
          ? nothing
          : html`<button
              type="button"
              part="button"
              data-action-full-screen
              aria-pressed=${p.fullScreen ? 'true' : 'false'}
              @click=${p.toggleFullScreen}
            >
              ${p.t.fullScreen}
            </button>`
      }
    </span>
  </div>`;
}
