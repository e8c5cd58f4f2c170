import { mkdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogWriter } from '../../../test/support/core/historyLogs';
import { ConversationStore } from './conversationStore';
import { useTempStores } from '../../../test/support/core/tempStores';
import { historyLayout } from './historyLayout';

/**
 * The app's history list never waits for a missing index (issue 18): the
 * list comes at once from the logs' ends, newest first, while the index is
 * rebuilt in the background; when that is done the list is exact.
 */
const signal = new AbortController().signal;

const temp = useTempStores('punie-quick-');
const newStore = temp.newStore;

async function history(count: number): Promise<void> {
  const layout = historyLayout(temp.dataDir);
  await mkdir(layout.conversations, { recursive: true });
  const { conversationLog } = createLogWriter();
  for (let i = 0; i < count; i++) {
    const id = `c-${String(i).padStart(3, '0')}`;
    await writeFile(join(layout.conversations, `${id}.jsonl`), conversationLog(id, 60, 1_700_000_000_000 + i * 60_000, i === 5 ? { rename: 'Renamed' } : {}));
  }
}

describe('ConversationStore.listQuick', () => {
  it('without an index lists every conversation newest first at once, then the rebuilt index makes it exact', async () => {
    await history(70);
    const exact = await newStore().list({}, signal);
    await rm(historyLayout(temp.dataDir).index);

    const store = newStore();
    const rebuilt = new Promise<void>((resolve) => store.onIndexRebuilt(resolve));
    const first = await store.listQuick({}, signal);
    expect(first.complete).toBe(false);
    expect(first.items.map((i) => i.id)).toEqual(exact.map((i) => i.id));
    expect(first.items.map((i) => i.title)).toEqual(exact.map((i) => i.title));
    expect(first.items.find((i) => i.id === 'c-005')?.title).toBe('Renamed');
    expect(first.items.map(({ messageCount: _n, ...rest }) => rest)).toEqual(exact.map(({ messageCount: _n, ...rest }) => rest));

    await rebuilt;
    const after = await store.listQuick({}, signal);
    expect(after.complete).toBe(true);
    expect(after.items).toEqual(exact);
    // The rebuilt index was saved: a fresh store lists exactly without peeking.
    await stat(historyLayout(temp.dataDir).index);
    expect(await newStore().listQuick({}, signal)).toEqual({ items: exact, complete: true });
  });

  it('with firstScreen, the first list holds the newest conversations; the rest follow (onMoreListed), then the exact list (onIndexRebuilt)', async () => {
    await history(70);
    // Each log's modification time a minute after the one before (files written in one clock tick share a time).
    for (let i = 0; i < 70; i++) {
      const when = new Date(1_800_000_000_000 + i * 60_000);
      await utimes(join(historyLayout(temp.dataDir).conversations, `c-${String(i).padStart(3, '0')}.jsonl`), when, when);
    }
    const exact = await newStore().list({}, signal);
    await rm(historyLayout(temp.dataDir).index);

    const store = newStore();
    const more = new Promise<void>((resolve) => store.onMoreListed(resolve));
    const rebuilt = new Promise<void>((resolve) => store.onIndexRebuilt(resolve));
    const first = await store.listQuick({ firstScreen: 10 }, signal);
    expect(first.complete).toBe(false);
    // The newest ten, in order.
    expect(first.items.map((i) => i.id)).toEqual(exact.slice(0, 10).map((i) => i.id));
    expect(first.items.map((i) => i.title)).toEqual(exact.slice(0, 10).map((i) => i.title));

    await more;
    const all = await store.listQuick({ firstScreen: 10 }, signal);
    expect(all.items.map((i) => i.id)).toEqual(exact.map((i) => i.id));

    await rebuilt;
    expect(await store.listQuick({ firstScreen: 10 }, signal)).toEqual({ items: exact, complete: true });
  });

  it('a search is never cut to the first screen', async () => {
    await history(70);
    await rm(historyLayout(temp.dataDir).index, { force: true });
    const { items } = await newStore().listQuick({ query: 'renamed', firstScreen: 3 }, signal);
    expect(items.map((i) => i.id)).toEqual(['c-005']);
  });

  it('a small history without an index is rebuilt at once (exact, and as fast)', async () => {
    await history(10);
    const exact = await newStore().list({}, signal);
    await rm(historyLayout(temp.dataDir).index);
    expect(await newStore().listQuick({}, signal)).toEqual({ items: exact, complete: true });
  });

  it('with an index it is the exact list', async () => {
    await history(3);
    const exact = await newStore().list({}, signal);
    expect(await newStore().listQuick({}, signal)).toEqual({ items: exact, complete: true });
  });

  it('search works on the provisional list', async () => {
    await history(70);
    await rm(historyLayout(temp.dataDir).index, { force: true });
    const store = newStore();
    const { items } = await store.listQuick({ query: 'renamed' }, signal);
    expect(items.map((i) => i.id)).toEqual(['c-005']);
  });

  it('closing the store stops the background rebuild quietly', async () => {
    await history(70);
    await rm(historyLayout(temp.dataDir).index, { force: true });
    const store = new ConversationStore({ dataDir: temp.dataDir });
    await store.listQuick({}, signal);
    await store.close();
  });
});
