import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { createRunHandlers } from '../mocks/index.js';
import { dashboardRuns } from './scenarios.js';
import { baseUrlFor, shadowMatch } from './support.js';

/**
 * A dashboard: one compact `<run-progress>` per run in a table, every outcome at once, as an
 * operations page lists jobs. The table is the page's; the elements fit its cells.
 */
const meta: Meta = { title: 'Elements/Dashboard', tags: ['!autodocs'] };
export default meta;

function dashboard(width: string): StoryObj {
  return {
    beforeEach: ({ msw, id }) => {
      msw.use(...createRunHandlers({ baseUrl: baseUrlFor(id), scenarios: dashboardRuns, speed: 1 }));
    },
    render: (_args, { id }) => {
      const table = document.createElement('table');
      table.style.cssText = `width: ${width}; max-width: 100%; border-collapse: collapse; font: 14px system-ui`;
      const caption = table.createCaption();
      caption.textContent = 'Runs';
      caption.style.textAlign = 'start';
      const head = table.createTHead().insertRow();
      for (const title of ['Run', 'Progress']) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = title;
        th.style.textAlign = 'start';
        head.append(th);
      }
      const body = table.createTBody();
      for (const run of dashboardRuns) {
        const row = body.insertRow();
        const name = row.insertCell();
        name.textContent = run.title ?? run.id;
        name.style.padding = '6px 8px';
        const cell = row.insertCell();
        cell.style.cssText = 'padding: 6px 8px; width: 60%';
        const progress = document.createElement('run-progress');
        progress.setAttribute('layout', 'compact');
        progress.setAttribute('base-url', baseUrlFor(id));
        progress.setAttribute('run-id', run.id);
        cell.append(progress);
      }
      return table;
    },
    play: async ({ canvasElement }) => {
      for (const el of canvasElement.querySelectorAll('run-progress'))
        await shadowMatch(el, '[part~="status"][data-status]');
    },
  };
}

export const Dashboard = dashboard('100%');
export const DashboardPhone = dashboard('390px');
