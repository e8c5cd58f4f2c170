import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventScript } from '../../../test/support/core/eventScript';
import { ConversationStore } from './conversationStore';
import { useTempStores } from '../../../test/support/core/tempStores';
import { upgradeRecord } from './migrations';

const signal = new AbortController().signal;

const temp = useTempStores('punie-store-ws-');
const newStore = temp.newStore;

async function chat(store: ConversationStore, id: string, runId: string, prompt: string): Promise<void> {
  const run = eventScript(runId, id);
  store.record(id, run.start(prompt));
  store.record(id, run.finish('ok'));
  await store.flush(id);
}

describe('ConversationStore: a workspace per conversation', () => {
  it('open answers the recorded workspace when continuing; setWorkspace points it at its new place, and a fresh store reads that', async () => {
    const store = newStore();
    const { id, workspace } = await store.open({ title: 'x', model: 'test', workspace: '/old/place' }, signal);
    expect(workspace).toBe('/old/place');
    await chat(store, id, 'r1', 'hi');
    expect((await store.open({ id, title: '', model: 'test' }, signal)).workspace).toBe('/old/place');
    await store.release(id); // no run follows that open: its one-writer lock goes
    const summary = await store.setWorkspace(id, '/new/place', signal);
    expect(summary.workspace).toBe('/new/place');
    const again = newStore();
    expect((await again.open({ id, title: '', model: 'test' }, signal)).workspace).toBe('/new/place');
    expect((await again.get(id, signal)).messageCount).toBe(2);
  });

  it('latest({ workspace }) is the latest conversation of that folder, not the latest overall', async () => {
    let t = 1_000;
    const store = newStore({ now: () => (t += 10) });
    const a = await store.open({ title: 'in A', model: 'test', workspace: '/a' }, signal);
    await chat(store, a.id, 'r1', 'in A');
    const b = await store.open({ title: 'in B', model: 'test', workspace: '/b' }, signal);
    await chat(store, b.id, 'r2', 'in B');
    expect((await store.latest(signal))?.id).toBe(b.id);
    expect((await store.latest(signal, { workspace: '/a' }))?.id).toBe(a.id);
    expect(await store.latest(signal, { workspace: '/c' })).toBeUndefined();
  });

  it('a log that uses nothing new is still written at version 1 (older builds keep reading it); the new record is version 2', async () => {
    const store = newStore();
    const { id } = await store.open({ title: 'x', model: 'test', workspace: '/w' }, signal);
    await chat(store, id, 'r1', 'hi');
    const before = (await readFile(join(temp.dataDir, 'history', 'conversations', `${id}.jsonl`), 'utf8')).trim().split('\n');
    expect(before.map((l) => (JSON.parse(l) as { v: number }).v)).toEqual(before.map(() => 1));
    await store.setWorkspace(id, '/w2', signal);
    const after = (await readFile(join(temp.dataDir, 'history', 'conversations', `${id}.jsonl`), 'utf8')).trim().split('\n');
    expect(JSON.parse(after.at(-1)!)).toMatchObject({ v: 2, t: 'workspace', workspace: '/w2' });
    // What a version-1 build would say of that line: newer, so it leaves the file alone.
    expect(upgradeRecord(JSON.parse(after.at(-1)!), 1, {})).toEqual({ kind: 'newer', version: 2 });
  });
});
