import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConversationStore } from './conversationStore';
import { useTempStores } from '../../../test/support/core/tempStores';
import { eventScript } from '../../../test/support/core/eventScript';
import { scanLog } from './logReader';
import { encodeRecord, RECORD_VERSION } from './records';

const signal = new AbortController().signal;

const temp = useTempStores('punie-recovery-');
const newStore = temp.newStore;

async function conversation(store: ConversationStore, prompt: string, answer: string): Promise<string> {
  const { id } = await store.open({ title: '', model: 'test' }, signal);
  const run = eventScript(`run-${prompt}`, id);
  store.record(id, run.start(prompt));
  store.record(id, run.text(answer));
  store.record(id, run.finish(answer));
  await store.flush(id);
  return id;
}

const sha = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

describe('ConversationStore: damaged and foreign files', () => {
  it('drops a truncated last record and nothing else, then appends cleanly after it', async () => {
    const store = newStore();
    const { id } = await store.open({ title: '', model: 'test' }, signal);
    const first = eventScript('r1', id);
    store.record(id, first.start('Question'));
    store.record(id, first.text('Answer'));
    await store.flush(id); // the streamed text's commit
    store.record(id, first.finish('Answer'));
    await store.flush(id);
    const path = join(store.layout.conversations, `${id}.jsonl`);
    const { size } = await stat(path);
    await truncate(path, size - 15); // cut into the final answer record

    const fresh = newStore();
    const c = await fresh.get(id, signal);
    // The final record (the completed answer) is gone; the earlier partial commit of it is not.
    expect(c.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(c.messages[1]).toMatchObject({ content: 'Answer', status: 'partial' });
    expect(fresh.takeNotices()).toEqual([]);

    const run = eventScript('r2', id);
    fresh.record(id, run.start('Next'));
    fresh.record(id, run.finish('Fine'));
    await fresh.flush(id);
    const scan = await scanLog(path, signal);
    expect(scan.invalid).toEqual([]);
    expect(scan.tornTail).toBe(false);
    expect((await newStore().get(id, signal)).messages.map((m) => m.content)).toEqual(['Question', 'Answer', 'Next', 'Fine']);
  });

  it('moves a file of random bytes into quarantine, untouched, reports it once, and loads the rest', async () => {
    const store = newStore();
    const good = await conversation(store, 'Good one', 'fine');
    const badPath = join(store.layout.conversations, 'garbage-1.jsonl');
    const bytes = randomBytes(2048);
    await writeFile(badPath, bytes);

    const fresh = newStore();
    expect((await fresh.list({}, signal)).map((i) => i.id)).toEqual([good]);
    const notices = fresh.takeNotices();
    expect(notices).toHaveLength(1);
    const kept = notices[0]!.path!;
    expect(notices[0]).toMatchObject({ kind: 'unreadable', message: `1 conversation could not be read; it was kept at ${kept}.` });
    expect(kept.startsWith(store.layout.quarantine)).toBe(true);
    expect(Buffer.compare(await readFile(kept), bytes)).toBe(0);
    await expect(stat(badPath)).rejects.toMatchObject({ code: 'ENOENT' });

    // Reported once: not again in this session, nor after a restart (it is no longer in the history).
    await fresh.list({}, signal);
    expect(fresh.takeNotices()).toEqual([]);
    const later = newStore();
    await later.list({}, signal);
    expect(later.takeNotices()).toEqual([]);
  });

  it('quarantines an empty log, and one whose header is unreadable', async () => {
    const store = newStore();
    expect(await store.list({}, signal)).toEqual([]);
    await writeFile(join(store.layout.conversations, 'empty.jsonl'), '');
    await writeFile(join(store.layout.conversations, 'headless.jsonl'), '{"v":1,"t":"meta"\n' + encodeRecord({ t: 'title', at: 1, title: 'x' }));
    expect(await store.list({}, signal)).toEqual([]);
    const [notice] = store.takeNotices();
    expect(notice?.message).toBe(`2 conversations could not be read; they were kept in ${store.layout.quarantine}.`);
    expect(await readdir(store.layout.quarantine)).toHaveLength(2);
  });

  it('answers get() for a corrupt conversation with where it was kept', async () => {
    const store = newStore();
    await store.list({}, signal);
    await writeFile(join(store.layout.conversations, 'broken.jsonl'), randomBytes(100));
    await expect(store.get('broken', signal)).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/could not be read; it was kept at .*quarantine/) });
  });

  it('leaves a file from a newer version untouched: not listed, not opened, reported', async () => {
    const store = newStore();
    const good = await conversation(store, 'Current', 'ok');
    const newerPath = join(store.layout.conversations, 'from-the-future.jsonl');
    await writeFile(
      newerPath,
      encodeRecord({ t: 'meta', id: 'from-the-future', createdAt: 1, title: 'Future' }) +
        JSON.stringify({ v: RECORD_VERSION + 1, t: 'hologram', at: 2, payload: 'new things' }) +
        '\n',
    );
    const before = { hash: await sha(newerPath), mtimeMs: (await stat(newerPath)).mtimeMs };

    const fresh = newStore();
    expect((await fresh.list({}, signal)).map((i) => i.id)).toEqual([good]);
    const notices = fresh.takeNotices();
    expect(notices).toEqual([expect.objectContaining({ kind: 'newer', level: 'info', path: newerPath })]);
    expect(notices[0]?.message).toMatch(/saved by a newer version of Punie/);
    await expect(fresh.get('from-the-future', signal)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(fresh.open({ id: 'from-the-future', title: '', model: 'test' }, signal)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(fresh.rename('from-the-future', 'Mine now', signal)).rejects.toMatchObject({ code: 'unsupported' });

    // Listed again (from the index now): still hidden, still untouched, not reported twice.
    await fresh.list({}, signal);
    expect(fresh.takeNotices()).toEqual([]);
    expect(await sha(newerPath)).toBe(before.hash);
    expect((await stat(newerPath)).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(store.layout.quarantine)).toEqual([]);
  });

  it('keeps what can be read of a log damaged in the middle, with the original kept aside', async () => {
    const store = newStore();
    const id = await conversation(store, 'Survivor', 'still here');
    const path = join(store.layout.conversations, `${id}.jsonl`);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines.splice(2, 0, '{"v":1,"t":"msg","at":3,"message":{"role":"user"'); // a damaged line after the prompt
    const damaged = lines.join('\n');
    await writeFile(path, damaged);

    const fresh = newStore();
    const [item] = await fresh.list({}, signal);
    expect(item).toMatchObject({ id, title: 'Survivor', messageCount: 2 });
    const [notice] = fresh.takeNotices();
    expect(notice).toMatchObject({ kind: 'repaired', level: 'warning' });
    expect(await readFile(notice!.path!, 'utf8')).toBe(damaged);
    expect((await scanLog(path, signal)).invalid).toEqual([]);
    expect((await fresh.get(id, signal)).messages.map((m) => m.content)).toEqual(['Survivor', 'still here']);
  });

  it('rebuilds a missing index from the logs', async () => {
    const store = newStore();
    const a = await conversation(store, 'Alpha', '1');
    const b = await conversation(store, 'Beta', '2');
    await store.list({}, signal);
    await unlink(store.layout.index);

    const items = await newStore().list({}, signal);
    expect(items.map((i) => i.id).sort()).toEqual([a, b].sort());
    expect(JSON.parse(await readFile(store.layout.index, 'utf8')).entries).toHaveLength(2);
  });

  it('rebuilds a corrupt or other-version index, and corrects a stale one', async () => {
    const store = newStore();
    const a = await conversation(store, 'Alpha', '1');
    await store.list({}, signal);

    await writeFile(store.layout.index, '{"v":1,"entries":[{"id":');
    expect((await newStore().list({}, signal)).map((i) => i.title)).toEqual(['Alpha']);
    await writeFile(store.layout.index, JSON.stringify({ v: 99, entries: [] }));
    expect((await newStore().list({}, signal)).map((i) => i.title)).toEqual(['Alpha']);

    // Stale: an entry whose log is gone, and a log the index has not seen.
    const index = JSON.parse(await readFile(store.layout.index, 'utf8')) as { entries: { id: string }[] };
    index.entries.push({ ...index.entries[0]!, id: 'vanished' });
    await writeFile(store.layout.index, JSON.stringify(index));
    const other = newStore();
    const b = await conversation(other, 'Beta', '2');
    const items = await newStore().list({}, signal);
    expect(items.map((i) => i.id).sort()).toEqual([a, b].sort());
  });

  it('sees what another process appended since the index was written', async () => {
    const store = newStore();
    const id = await conversation(store, 'Shared', 'first');
    await store.list({}, signal);
    const other = newStore();
    const run = eventScript('r9', id);
    other.record(id, run.start('More'));
    other.record(id, run.finish('second'));
    await other.flush(id);
    expect((await store.list({}, signal))[0]).toMatchObject({ id, messageCount: 4, preview: 'second' });
  });
});

describe('ConversationStore: the index across builds', () => {
  it('rebuilds an index written by a build with another record version', async () => {
    const store = newStore();
    const a = await conversation(store, 'Alpha', '1');
    await store.list({}, signal);
    const index = JSON.parse(await readFile(store.layout.index, 'utf8')) as { recordVersion: number; entries: { summary?: { title: string } }[] };
    expect(index.recordVersion).toBe(RECORD_VERSION);
    // A newer build's index, with a summary this build would not have written.
    index.recordVersion = RECORD_VERSION + 1;
    index.entries[0]!.summary!.title = 'Written by a newer build';
    await writeFile(store.layout.index, JSON.stringify(index));
    expect((await newStore().list({}, signal)).map((i) => [i.id, i.title])).toEqual([[a, 'Alpha']]);
  });
});
