/**
 * `useRun` against the reference backend: it follows a run to its end, shares one
 * connection between hooks, opens one under StrictMode's double mount, closes it on
 * unmount, and switches runs when its props change.
 */
import { cleanup, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRunClient,
  RunClientProvider,
  useRun,
  watchRun,
  type RunFeed,
  type RunView,
} from '../../src/react/index.js';
import type { RunAdapter } from '../../src/adapters/index.js';
import type { WebSocketConstructor } from '../../src/transports/index.js';
import { append, apiBase, countingWebSocket, createRun, recordingFetch, until } from './backend.js';

afterEach(cleanup);

/** Renders what the hook returns as text, and keeps the latest value for asserts. */
function Probe(props: {
  runId: string | undefined;
  WebSocket?: WebSocketConstructor;
  fetch?: typeof fetch;
  seen?: RunView[];
}) {
  const view = useRun({ baseUrl: apiBase, runId: props.runId, WebSocket: props.WebSocket, fetch: props.fetch });
  props.seen?.push(view);
  const lines = view.logs.slice().map((line) => line.text);
  return (
    <p data-run={view.runId ?? ''}>
      {view.run?.id ?? '-'} {view.status ?? '-'} {view.run?.percent ?? '-'} [{lines.join('|')}]
    </p>
  );
}

const textOf = (container: HTMLElement) => container.querySelector('p')?.textContent ?? '';

describe('useRun on the reference backend', () => {
  it('follows a run to its end: snapshot, progress, log lines, final status', async () => {
    const runId = await createRun('ur');
    const socket = countingWebSocket();
    const { container, unmount } = render(<Probe runId={runId} WebSocket={socket.WebSocket} />);
    await until(() => expect(textOf(container)).toBe(`${runId} queued - []`));

    await append(runId, [
      { type: 'progress', phase: 'build', percent: 30 },
      { type: 'log', text: 'compiling' },
    ]);
    await until(() => expect(textOf(container)).toBe(`${runId} running 30 [compiling]`));
    await append(runId, [
      { type: 'log', text: 'done' },
      { type: 'status', status: 'succeeded' },
    ]);
    await until(() => expect(textOf(container)).toBe(`${runId} succeeded 100 [compiling|done]`));
    unmount();
    await until(() => expect(socket.open()).toBe(0));
  });

  it('opens one connection under StrictMode for many hooks, and closes it on unmount', async () => {
    const runs = [await createRun('ur'), await createRun('ur'), await createRun('ur')];
    const socket = countingWebSocket();
    const http = recordingFetch();
    const { container, unmount } = render(
      <StrictMode>
        {runs.map((id) => (
          <Probe key={id} runId={id} WebSocket={socket.WebSocket} fetch={http.fetch} />
        ))}
        <Probe runId={runs[0]} WebSocket={socket.WebSocket} fetch={http.fetch} />
      </StrictMode>,
    );
    const texts = () => [...container.querySelectorAll('p')].map((p) => p.textContent);
    await until(() => expect(texts()).toEqual([...runs, runs[0]].map((id) => `${id} queued - []`)));
    await append(runs[1]!, [{ type: 'log', text: 'live' }]);
    await until(() => expect(texts()[1]).toBe(`${runs[1]} running - [live]`));
    expect(socket.opened()).toBe(1);
    expect(socket.open()).toBe(1);
    // One feed per run, not one per mount: each snapshot was loaded once.
    const snapshotReads = runs.map((id) => http.urls.filter((url) => url.endsWith(`/runs/${id}`)).length);
    expect(snapshotReads).toEqual([1, 1, 1]);

    unmount();
    await until(() => expect(socket.open()).toBe(0));
    expect(socket.opened()).toBe(1);
  });

  it('switches to another run when runId changes, leaking no connection', async () => {
    const first = await createRun('ur');
    const second = await createRun('ur');
    await append(second, [{ type: 'log', text: 'second' }]);
    const socket = countingWebSocket();
    const seen: RunView[] = [];
    const { container, rerender, unmount } = render(<Probe runId={first} WebSocket={socket.WebSocket} seen={seen} />);
    await until(() => expect(textOf(container)).toBe(`${first} queued - []`));

    rerender(<Probe runId={second} WebSocket={socket.WebSocket} seen={seen} />);
    await until(() => expect(textOf(container)).toBe(`${second} running - [second]`));
    // Never the old run's data under the new id.
    expect(seen.filter((v) => v.runId === second && v.run && v.run.id !== second)).toEqual([]);
    // The first run's feed is released; a line for it no longer reaches this component.
    await append(first, [{ type: 'log', text: 'stale' }]);
    await append(second, [{ type: 'log', text: 'fresh' }]);
    await until(() => expect(textOf(container)).toBe(`${second} running - [second|fresh]`));
    // No socket leaked by the switch. (The connection may be re-opened: the old feed is
    // released before the new one has loaded its snapshot and joined the connection.)
    await until(() => expect(socket.open()).toBe(1));

    rerender(<Probe runId={undefined} WebSocket={socket.WebSocket} />);
    expect(textOf(container)).toBe('- - - []');
    await until(() => expect(socket.open()).toBe(0));
    unmount();
  });

  it('follows runs through the client of a <RunClientProvider>', async () => {
    const runId = await createRun('ur');
    const socket = countingWebSocket();
    const client = createRunClient({ baseUrl: apiBase, WebSocket: socket.WebSocket });
    function ByClient() {
      const { status, connection } = useRun({ runId });
      return <p>{`${status ?? '-'} ${connection?.status ?? '-'}`}</p>;
    }
    const { container, unmount } = render(
      <StrictMode>
        <RunClientProvider client={client}>
          <ByClient />
        </RunClientProvider>
      </StrictMode>,
    );
    await until(() => expect(textOf(container)).toMatch(/^queued /));
    await append(runId, [{ type: 'status', status: 'cancelled' }]);
    await until(() => expect(textOf(container)).toMatch(/^cancelled /));
    expect(socket.opened()).toBe(1);
    unmount();
    // The page owns its client: the hook released its feed but the client stays usable.
    expect(() => client.watch(runId).close()).not.toThrow();
    client.close();
    await until(() => expect(socket.open()).toBe(0));
  });

  it('follows a feed the page made, and leaves it open on unmount', async () => {
    const runId = await createRun('ur');
    const feed = watchRun({ baseUrl: apiBase, runId });
    function ByFeed({ source }: { source: RunFeed }) {
      const { status, logs } = useRun({ feed: source });
      return <p>{`${status ?? '-'} ${logs.size}`}</p>;
    }
    const { container, unmount } = render(<ByFeed source={feed} />);
    await until(() => expect(textOf(container)).toBe('queued 0'));
    unmount();
    await append(runId, [{ type: 'log', text: 'still followed' }]);
    await until(() => expect(feed.getState().logs.size).toBe(1));
    feed.close();
  });

  it('gives a hook through an adapter a feed of its own, apart from a plain hook on the same run', async () => {
    const runId = await createRun('ur');
    // Reads the contract's own snapshot resource, but says something of its own.
    const adapter: RunAdapter = {
      snapshot: { url: (id) => `/runs/${id}`, map: () => ({ status: 'running', message: 'via adapter' }) },
      transports: ['polling'],
    };
    function Both() {
      const plain = useRun({ baseUrl: apiBase, runId });
      const adapted = useRun({ baseUrl: apiBase, runId, adapter });
      return <p>{`${plain.run?.message ?? plain.status ?? '-'} / ${adapted.run?.message ?? '-'}`}</p>;
    }
    const { container, unmount } = render(<Both />);
    await until(() => expect(textOf(container)).toBe('queued / via adapter'));
    unmount();
  });
});
