import { html, LitElement } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FeedSourceController,
  type FeedSourceArgs,
} from '../../../src/components/controllers/feed-source-controller.js';
import { RunProgress } from '../../../src/components/run-progress/run-progress.js';
import { cleanup, mount, partText, settle } from './fixture.js';
import { snapshot, TestFeed } from './test-feed.js';

afterEach(cleanup);

class FeedHost extends LitElement {
  readonly feeds = new FeedSourceController(this);
  protected override render() {
    return html`${this.feeds.state?.run?.status ?? ''}`;
  }
}
customElements.define('test-feed-host', FeedHost);

describe('feed sources', () => {
  it('lets several elements share one page-made feed and never closes it', async () => {
    const feed = new TestFeed('run-1', snapshot({}, { status: 'running', phase: 'a', percent: 10 }));
    const { el: one } = await mount(feed);
    const { el: two } = await mount(feed, { attrs: { layout: 'compact' } });
    expect(feed.listenerCount).toBe(2);
    feed.patchRun({ percent: 70 });
    await settle(one);
    await settle(two);
    expect(partText(one, 'percent')).toBe('70%');
    expect(partText(two, 'percent')).toBe('70%');
    one.remove();
    two.remove();
    await Promise.resolve();
    expect(feed.listenerCount).toBe(0);
    expect(feed.closed).toBe(0);
  });

  it('follows a new feed when the property changes and lets go of the old one', async () => {
    const first = new TestFeed('run-1', snapshot({}, { status: 'running', phase: 'first' }));
    const second = new TestFeed('run-2', snapshot({ id: 'run-2' }, { status: 'running', phase: 'second' }));
    const { el } = await mount(first);
    el.feed = second;
    await settle(el);
    expect(partText(el, 'phase')).toBe('Second');
    expect(partText(el, 'run-id')).toBe('Run run-2');
    expect(first.listenerCount).toBe(0);
    expect(first.closed).toBe(0);
  });

  it('shows an empty state without a feed or run id', async () => {
    const { el } = await mount(undefined);
    expect(el.shadowRoot!.textContent).toContain('No run selected');
  });

  it('is defined once; a second copy of the module does not throw', async () => {
    // A query makes Vite load the module again, as a second bundle of the kit on a page would.
    const copy = '../../../src/components/run-progress/run-progress.ts?second-copy';
    await import(/* @vite-ignore */ copy);
    expect(customElements.get('run-progress')).toBe(RunProgress);
  });
});

describe('FeedSourceController and owned feeds', () => {
  it('keeps an owned feed open when its element is moved in the DOM', async () => {
    const feed = new TestFeed('run-1', snapshot());
    const host = document.createElement('test-feed-host') as FeedHost;
    host.feeds.use({ feed, owned: true });
    const a = document.createElement('div');
    const b = document.createElement('div');
    document.body.append(a, b);
    a.append(host);
    await host.updateComplete;
    b.append(host);
    await Promise.resolve();
    await host.updateComplete;
    expect(feed.closed).toBe(0);
    expect(feed.listenerCount).toBe(1);
    feed.patchRun({ status: 'running' });
    await host.updateComplete;
    expect(host.shadowRoot!.textContent).toBe('running');
  });

  it('closes an owned feed once its element has left the page', async () => {
    const feed = new TestFeed('run-1', snapshot());
    const host = document.createElement('test-feed-host') as FeedHost;
    host.feeds.use({ feed, owned: true });
    document.body.append(host);
    await host.updateComplete;
    host.remove();
    expect(feed.closed).toBe(0);
    await Promise.resolve();
    expect(feed.closed).toBe(1);
    expect(feed.listenerCount).toBe(0);
    expect(host.feeds.feed).toBeUndefined();
  });
});

class ArgsHost extends LitElement {
  args: FeedSourceArgs = {
    feed: undefined,
    baseUrl: undefined,
    runId: undefined,
    adapter: undefined,
    feedOptions: undefined,
  };
  readonly feeds = new FeedSourceController(this, { args: () => this.args });
  protected override render() {
    return html`${this.feeds.state?.runId ?? 'none'}`;
  }
}
customElements.define('test-args-host', ArgsHost);

// Nothing listens there: the feeds these tests open only try to connect.
const NOWHERE = 'http://127.0.0.1:9/api';

describe('FeedSourceController deciding from the element inputs', () => {
  async function host(args: Partial<FeedSourceArgs>, connect = true): Promise<ArgsHost> {
    const el = document.createElement('test-args-host') as ArgsHost;
    el.args = { ...el.args, ...args };
    // Lit updates an element only once it has been connected.
    if (connect) document.body.append(el);
    if (connect) await el.updateComplete;
    return el;
  }
  async function set(el: ArgsHost, args: Partial<FeedSourceArgs>): Promise<void> {
    el.args = { ...el.args, ...args };
    el.requestUpdate();
    await el.updateComplete;
  }

  it('opens an owned feed from base URL and run id, and reopens only when the run, backend or adapter changes', async () => {
    const el = await host({ baseUrl: NOWHERE, runId: 'a' });
    const first = el.feeds.feed;
    expect(first?.runId).toBe('a');
    expect(el.shadowRoot!.textContent).toBe('a');
    // New options alone are read at the next open, not a reason to reconnect.
    await set(el, { feedOptions: { credentials: 'include' } });
    expect(el.feeds.feed).toBe(first);
    await set(el, { runId: 'b' });
    const second = el.feeds.feed;
    expect(second?.runId).toBe('b');
    expect(second).not.toBe(first);
    await set(el, { adapter: { snapshot: { url: '/jobs/{runId}', map: () => undefined } } });
    expect(el.feeds.feed).not.toBe(second);
    el.remove();
  });

  it('prefers the page-made feed and never closes it; without a run id follows nothing', async () => {
    const feed = new TestFeed('given', snapshot({ id: 'given' }));
    const el = await host({ baseUrl: NOWHERE, runId: 'a', feed });
    expect(el.feeds.feed).toBe(feed);
    await set(el, { feed: undefined, runId: undefined });
    expect(el.feeds.feed).toBeUndefined();
    expect(feed.closed).toBe(0);
    expect(el.shadowRoot!.textContent).toBe('none');
    el.remove();
  });

  it('opens nothing while off the page, and reopens when it comes back after leaving', async () => {
    const el = await host({ baseUrl: NOWHERE, runId: 'a' }, false);
    el.feeds.hostUpdate();
    expect(el.feeds.feed).toBeUndefined();
    document.body.append(el);
    await el.updateComplete;
    const first = el.feeds.feed;
    expect(first?.runId).toBe('a');
    el.remove();
    await Promise.resolve();
    expect(el.feeds.feed).toBeUndefined();
    document.body.append(el);
    await el.updateComplete;
    expect(el.feeds.feed?.runId).toBe('a');
    expect(el.feeds.feed).not.toBe(first);
    el.remove();
  });
});
