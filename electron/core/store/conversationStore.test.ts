import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConversationStore } from './conversationStore';
import { eventScript } from '../../../test/support/core/eventScript';

let dataDir: string;
let stores: ConversationStore[] = [];
const signal = new AbortController().signal;

function newStore(options: { now?: () => number } = {}): ConversationStore {
  const s = new ConversationStore({ dataDir, ...options });
  stores.push(s);
  return s;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'punie-store-'));
  stores = [];
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(stores.map((s) => s.close()));
  await rm(dataDir, { recursive: true, force: true });
});

/** Records a finished one-turn run and waits until it is on disk. */
async function chat(store: ConversationStore, id: string, runId: string, prompt: string, answer: string): Promise<void> {
  const run = eventScript(runId, id);
  store.record(id, run.start(prompt));
  store.record(id, run.text(answer));
  store.record(id, run.finish(answer));
  await store.flush(id);
}

describe('ConversationStore: recording and reading back', () => {
  it('creates a conversation, records a run, and a fresh store reads it back', async () => {
    const store = newStore();
    const { id, messages } = await store.open({ title: '', model: 'test', workspace: '/w' }, signal);
    expect(messages).toEqual([]);
    await chat(store, id, 'r1', 'What is Punie?', 'A coding agent.');

    const again = newStore();
    const c = await again.get(id, signal);
    expect(c).toMatchObject({ id, title: 'What is Punie?', model: 'test', workspace: '/w', messageCount: 2, preview: 'A coding agent.' });
    expect(c.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'What is Punie?'],
      ['assistant', 'A coding agent.'],
    ]);
  });

  it('says what changed once it is on disk: made, a prompt, a run ended (naming it), renamed, deleted, restored', async () => {
    const store = newStore();
    const changes: unknown[] = [];
    store.subscribe((c) => changes.push(c));
    const { id } = await store.open({ title: '', model: 'test' }, signal);
    await chat(store, id, 'r1', 'Hi', 'Hello');
    await vi.waitFor(() => expect(changes).toHaveLength(3));
    // Each change is readable when it is said.
    expect((await store.get(id, signal)).messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    await store.rename(id, 'Greeting', signal);
    await store.delete(id, signal);
    await store.restore(id, signal);
    expect(changes).toEqual([{ ids: [id] }, { ids: [id] }, { ids: [id], runIds: ['r1'] }, { ids: [id] }, { ids: [id] }, { ids: [id] }]);
  });

  it('creates a conversation under a chosen id (an editor session named before its first prompt), once', async () => {
    const store = newStore();
    const chosen = 'a6d0c3e2-5b7f-4e8a-9c1d-2f3e4a5b6c7d';
    const { id } = await store.open({ newId: chosen, title: 'From Zed', model: 'test' }, signal);
    expect(id).toBe(chosen);
    await chat(store, id, 'r1', 'Hi', 'Hello');
    expect((await newStore().get(chosen, signal)).messageCount).toBe(2);
    await expect(store.open({ newId: chosen, title: 'again', model: 'test' }, signal)).rejects.toMatchObject({ code: 'conflict' });
    await expect(store.open({ newId: '../escape', title: 'bad', model: 'test' }, signal)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('continues a conversation: open(id) returns the earlier messages and new runs append to them', async () => {
    const store = newStore();
    const { id } = await store.open({ title: 'Chat', model: 'test' }, signal);
    await chat(store, id, 'r1', 'One', 'First');
    const continued = await newStore().open({ id, title: 'ignored', model: 'test' }, signal);
    expect(continued.messages.map((m) => m.content)).toEqual(['One', 'First']);
    await chat(store, id, 'r2', 'Two', 'Second');
    const c = await newStore().get(id, signal);
    expect(c.title).toBe('Chat');
    expect(c.messages.map((m) => m.content)).toEqual(['One', 'First', 'Two', 'Second']);
  });

  it('answers not-found for an unknown id, and never lets an id reach outside its folder', async () => {
    const store = newStore();
    await expect(store.open({ id: 'nope', title: '', model: 'test' }, signal)).rejects.toMatchObject({ code: 'not-found' });
    for (const bad of ['../settings', 'a/b', '', '.hidden', 'x'.repeat(300)]) {
      await expect(store.get(bad, signal)).rejects.toMatchObject({ code: 'not-found' });
    }
  });

  it('commits streamed text on its own at the commit interval, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = newStore();
    const { id } = await store.open({ title: '', model: 'test' }, signal);
    const run = eventScript('r1', id);
    store.record(id, run.start('Stream please'));
    store.record(id, run.text('Once upon'));
    store.record(id, run.text(' a time'));
    expect((await store.get(id, signal)).messages).toHaveLength(1);

    vi.advanceTimersByTime(499);
    expect((await store.get(id, signal)).messages).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const c = await store.get(id, signal);
    expect(c.messages[1]).toMatchObject({ role: 'assistant', content: 'Once upon a time', status: 'partial' });

    store.record(id, run.text(', the end.'));
    vi.advanceTimersByTime(500);
    expect((await newStore().get(id, signal)).messages[1]?.content).toBe('Once upon a time, the end.');
  });

  it('flush writes waiting text at once', async () => {
    const store = newStore();
    const { id } = await store.open({ title: '', model: 'test' }, signal);
    const run = eventScript('r1', id);
    store.record(id, run.start('Go'));
    store.record(id, run.text('now'));
    await store.flush(id);
    expect((await newStore().get(id, signal)).messages[1]).toMatchObject({ content: 'now', status: 'partial' });
  });

  it('never throws from record; a failed save becomes a notice', async () => {
    const store = newStore();
    const run = eventScript('r1', 'gone');
    expect(() => store.record('gone', run.start('hi'))).not.toThrow();
    expect(() => store.record('../../etc', run.start('hi'))).not.toThrow();
    await store.flush('gone');
    const notices = store.takeNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'save-failed', level: 'error' });
    expect(notices[0]?.message).toMatch(/could not save to your history \(the file is gone\)/);
  });
});

describe('ConversationStore: the history list', () => {
  it('lists newest first with title, model, date, count and preview', async () => {
    let clock = 1_000;
    const store = newStore({ now: () => (clock += 10) });
    const a = await store.open({ title: '', model: 'local:' }, signal);
    await chat(store, a.id, 'r1', 'Older question', 'Older answer');
    const b = await store.open({ title: '', model: 'test' }, signal);
    await chat(store, b.id, 'r2', 'Newer question', 'Newer answer');

    const items = await store.list({}, signal);
    expect(items.map((i) => i.title)).toEqual(['Newer question', 'Older question']);
    expect(items[0]).toMatchObject({ model: 'test', messageCount: 2, preview: 'Newer answer' });
    expect(items[0]!.updatedAt).toBeGreaterThan(items[1]!.updatedAt);
    expect((await store.latest(signal))?.id).toBe(b.id);

    // Continuing the older one brings it to the top.
    await chat(store, a.id, 'r3', 'Back again', 'Welcome back');
    expect((await store.list({}, signal))[0]?.id).toBe(a.id);
  });

  it('searches titles and content, every word, case-insensitively', async () => {
    let clock = 1_000;
    const store = newStore({ now: () => (clock += 10) });
    const a = await store.open({ title: '', model: 'test' }, signal);
    await chat(store, a.id, 'r1', 'Configure Vite', 'Add a plugin to vite.config.ts');
    const b = await store.open({ title: '', model: 'test' }, signal);
    await chat(store, b.id, 'r2', 'Write tests', 'Use Vitest with a temp dir');

    const titles = async (query: string) => (await store.list({ query }, signal)).map((i) => i.title);
    // "vite" is in one title and in the other's answer ("Vitest").
    expect(await titles('vite')).toEqual(['Write tests', 'Configure Vite']);
    expect(await titles('VITE CONFIG.TS')).toEqual(['Configure Vite']);
    expect(await titles('temp dir')).toEqual(['Write tests']);
    expect(await titles('configure temp')).toEqual([]);
    expect(await titles('   ')).toHaveLength(2);
    // A rename is searchable at once.
    await store.rename(b.id, 'Testing plan', signal);
    expect(await titles('plan')).toEqual(['Testing plan']);
  });

  it('renames: the title sticks across stores, and an empty title is refused', async () => {
    const store = newStore();
    const { id } = await store.open({ title: '', model: 'test' }, signal);
    await chat(store, id, 'r1', 'First prompt', 'ok');
    expect(await store.rename(id, '  Release   notes ', signal)).toMatchObject({ id, title: 'Release notes', messageCount: 2 });
    expect((await newStore().list({}, signal))[0]?.title).toBe('Release notes');
    await expect(store.rename(id, '   ', signal)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(store.rename('missing', 'x', signal)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps a rename made during a run in order with the run’s records', async () => {
    const store = newStore();
    const { id } = await store.open({ title: '', model: 'test' }, signal);
    const run = eventScript('r1', id);
    store.record(id, run.start('Go'));
    store.record(id, run.text('partial '));
    await store.rename(id, 'Renamed mid-run', signal);
    store.record(id, run.text('answer'));
    store.record(id, run.finish('partial answer'));
    await store.flush(id);
    const c = await newStore().get(id, signal);
    expect(c.title).toBe('Renamed mid-run');
    expect(c.messages[1]).toMatchObject({ content: 'partial answer', status: 'complete' });
  });

  it('deletes into a trash that restore undoes until the trash is purged', async () => {
    const store = newStore();
    const { id } = await store.open({ title: '', model: 'test' }, signal);
    await chat(store, id, 'r1', 'Keep me', 'ok');

    expect(await store.delete(id, signal)).toEqual({ trashed: true });
    expect(await store.list({}, signal)).toEqual([]);
    await expect(store.get(id, signal)).rejects.toMatchObject({ code: 'not-found' });
    expect(await store.restore(id, signal)).toMatchObject({ id, title: 'Keep me', messageCount: 2 });
    expect((await store.list({}, signal)).map((i) => i.id)).toEqual([id]);

    await store.delete(id, signal);
    expect(await store.purgeTrash(signal)).toBe(1);
    await expect(store.restore(id, signal)).rejects.toMatchObject({ code: 'not-found' });
    expect(await store.purgeTrash(signal)).toBe(0);
  });

  it('refuses to delete a conversation while a run is recording into it', async () => {
    const store = newStore();
    const { id } = await store.open({ title: '', model: 'test' }, signal);
    const run = eventScript('r1', id);
    store.record(id, run.start('Long job'));
    await expect(store.delete(id, signal)).rejects.toMatchObject({ code: 'conflict' });
    store.record(id, run.abort());
    await store.flush(id);
    expect(await store.delete(id, signal)).toEqual({ trashed: true });
  });

  it('exports Markdown with tool calls as collapsible details', async () => {
    const store = newStore();
    const { id } = await store.open({ title: 'Export me', model: 'test' }, signal);
    const run = eventScript('r1', id);
    store.record(id, run.start('Read it'));
    for (const e of run.call('c1', 'read_file', { path: 'README.md' })) store.record(id, e);
    store.record(id, run.result('c1', 'read_file', '# Punie'));
    store.record(id, run.turn(2));
    store.record(id, run.finish('It is the README.'));
    await store.flush(id);
    const md = await store.exportMarkdown(id, signal);
    expect(md).toMatch(/^# Export me\n/);
    expect(md).toContain('<summary>Tool call: read_file</summary>');
    expect(md).toContain('It is the README.');
  });

  it('records where the model context was trimmed', async () => {
    const store = newStore();
    const { id } = await store.open({ title: '', model: 'test' }, signal);
    await chat(store, id, 'r1', 'a', 'b');
    await store.markTrimmed(id, 1, signal);
    expect((await newStore().get(id, signal)).trimmedBefore).toBe(1);
    await expect(store.markTrimmed(id, -1, signal)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('keeps the index up to date on disk', async () => {
    const store = newStore();
    const { id } = await store.open({ title: '', model: 'test' }, signal);
    await chat(store, id, 'r1', 'Indexed', 'yes');
    await store.list({}, signal);
    const index = JSON.parse(await readFile(store.layout.index, 'utf8')) as { v: number; entries: { id: string; summary?: { title: string } }[] };
    expect(index.v).toBe(1);
    expect(index.entries.map((e) => [e.id, e.summary?.title])).toEqual([[id, 'Indexed']]);
  });
});
