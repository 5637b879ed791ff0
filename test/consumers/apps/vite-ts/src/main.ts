// A dashboard adding the two tags as the README says: one import, then the tags. It also
// names the kit's types, so `tsc` with create-vite's strict tsconfig checks them.
import 'run-progress-kit';
import type { RunStatusChangeEvent } from 'run-progress-kit';
import { watchRun, type RunFeedState } from 'run-progress-kit/feed';

const params = new URLSearchParams(location.search);
const api = params.get('api') ?? '/api';
const runId = params.get('run') ?? 'demo';

const app = document.querySelector<HTMLDivElement>('#app')!;
const progress = document.createElement('run-progress');
progress.setAttribute('base-url', api);
progress.setAttribute('run-id', runId);
const tail = document.createElement('run-log-tail');
tail.setAttribute('base-url', api);
tail.setAttribute('run-id', runId);
const status = document.createElement('p');
app.append(progress, tail, status);

progress.addEventListener('run-status-change', (event: RunStatusChangeEvent) => {
  status.textContent = `status: ${event.status}`;
});

// The feed entry on its own, as a page that renders runs itself would use it.
const feed = watchRun({ baseUrl: api, runId });
feed.subscribe((state: RunFeedState) => {
  document.title = `${state.run?.status ?? 'loading'} · ${runId}`;
});
