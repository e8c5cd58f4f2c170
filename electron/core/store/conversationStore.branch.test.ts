import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { currentBranchMessages } from '../../../shared/conversationBranches';
import { eventScript } from '../../../test/support/core/eventScript';
import { ConversationStore } from './conversationStore';
import { useTempStores } from '../../../test/support/core/tempStores';
import { upgradeRecord } from './migrations';

const signal = new AbortController().signal;

const temp = useTempStores('punie-store-branch-');
const newStore = temp.newStore;

/** One finished run: `prompt`, answered `answer`, following `parentRunId` (null: from the start). */
async function chat(store: ConversationStore, id: string, runId: string, prompt: string, answer: string, parentRunId?: string | null): Promise<void> {
  const run = eventScript(runId, id);
  const start = run.start(prompt) as Extract<AgentEvent, { type: 'run-start' }>;
  store.record(id, parentRunId === undefined ? start : { ...start, ...(parentRunId === null ? {} : { parentRunId }) });
  store.record(id, run.text(answer));
  store.record(id, run.finish(answer));
  await store.flush(id);
}

/** r1 → r2 (“kiwi”), then r1 → r3 (“mango”, a regenerate: the latest run). */
async function twoBranches(store: ConversationStore): Promise<string> {
  const { id } = await store.open({ title: 'fruit', model: 'test', workspace: '/w' }, signal);
  await chat(store, id, 'r1', 'pick a fruit', 'apple', null);
  await chat(store, id, 'r2', 'another one', 'kiwi answer', 'r1');
  await chat(store, id, 'r3', 'another one', 'mango answer', 'r1');
  return id;
}

const words = (store: ConversationStore, query: string) => store.list({ query }, signal).then((l) => l.map((c) => c.id));

describe('ConversationStore: the branch in view', () => {
  it('by default follows the latest run: preview, search, export and open', async () => {
    const store = newStore();
    const id = await twoBranches(store);
    const c = await store.get(id, signal);
    expect(c.currentRunId).toBeUndefined();
    expect(c.preview).toBe('mango answer');
    expect(await words(store, 'mango')).toEqual([id]);
    expect(await words(store, 'kiwi')).toEqual([]);
    expect(await store.exportMarkdown(id, signal)).toContain('mango answer');
  });

  it('setBranch switches the preview, search, export, the CLI’s branch and what a new prompt follows, and a fresh store (a restart) reads it', async () => {
    const store = newStore();
    const id = await twoBranches(store);
    const summary = await store.setBranch(id, 'r2', signal);
    expect(summary.preview).toBe('kiwi answer');
    for (const s of [store, newStore()]) {
      const c = await s.get(id, signal);
      expect(c.currentRunId).toBe('r2');
      expect(c.preview).toBe('kiwi answer');
      expect(currentBranchMessages(c).map((m) => m.content)).toEqual(['pick a fruit', 'apple', 'another one', 'kiwi answer']);
      expect(await words(s, 'kiwi')).toEqual([id]);
      expect(await words(s, 'mango')).toEqual([]);
      const md = await s.exportMarkdown(id, signal);
      expect(md).toContain('kiwi answer');
      expect(md).not.toContain('mango');
      expect((await s.open({ id, title: '', model: 'test' }, signal)).currentRunId).toBe('r2');
      await s.release(id); // no run follows that open: its one-writer lock goes
      expect((await s.list({}, signal)).find((x) => x.id === id)?.preview).toBe('kiwi answer');
    }
  });

  it('a prompt after the switch is the latest run: the branch in view ends there', async () => {
    const store = newStore();
    const id = await twoBranches(store);
    await store.setBranch(id, 'r2', signal);
    await chat(store, id, 'r4', 'and a third', 'plum answer', 'r2');
    const c = await newStore().get(id, signal);
    expect(c.currentRunId).toBeUndefined();
    expect(currentBranchMessages(c).map((m) => m.content)).toEqual(['pick a fruit', 'apple', 'another one', 'kiwi answer', 'and a third', 'plum answer']);
    expect(c.preview).toBe('plum answer');
  });

  it('switching back to the latest branch is recorded too; an unknown run is refused and nothing is written', async () => {
    const store = newStore();
    const id = await twoBranches(store);
    await store.setBranch(id, 'r2', signal);
    await store.setBranch(id, 'r3', signal);
    expect((await newStore().get(id, signal)).preview).toBe('mango answer');
    const path = join(temp.dataDir, 'history', 'conversations', `${id}.jsonl`);
    const before = await readFile(path, 'utf8');
    await expect(store.setBranch(id, 'nope', signal)).rejects.toMatchObject({ code: 'not-found' });
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('the branch record is version 3 (an older build leaves the file alone); the rest of the log keeps its version', async () => {
    const store = newStore();
    const id = await twoBranches(store);
    await store.setBranch(id, 'r2', signal);
    const lines = (await readFile(join(temp.dataDir, 'history', 'conversations', `${id}.jsonl`), 'utf8')).trim().split('\n');
    const last = JSON.parse(lines.at(-1)!) as { v: number };
    expect(last).toMatchObject({ v: 3, t: 'branch', runId: 'r2' });
    expect(lines.slice(0, -1).every((l) => (JSON.parse(l) as { v: number }).v === 1)).toBe(true);
    expect(upgradeRecord(last, 2, { 1: (r) => r })).toEqual({ kind: 'newer', version: 3 });
  });

  it('a log written before branches (no run ids, no parents) reads unchanged as one line, and can still be switched: its bytes are kept, the switch appended', async () => {
    const dir = join(temp.dataDir, 'history', 'conversations');
    await mkdir(dir, { recursive: true });
    const old = [
      { v: 1, t: 'meta', id: 'old', createdAt: 1, title: '' },
      { v: 1, t: 'msg', at: 2, message: { role: 'user', id: 'u1', content: 'first prompt', createdAt: 2 } },
      { v: 1, t: 'msg', at: 3, message: { role: 'assistant', id: 'a1', content: 'first answer', createdAt: 3, status: 'complete' } },
      { v: 1, t: 'msg', at: 4, message: { role: 'user', id: 'u2', content: 'second prompt', createdAt: 4 } },
      { v: 1, t: 'msg', at: 5, message: { role: 'assistant', id: 'a2', content: 'second answer', createdAt: 5, status: 'complete' } },
    ]
      .map((r) => JSON.stringify(r) + '\n')
      .join('');
    await writeFile(join(dir, 'old.jsonl'), old);
    const store = newStore();
    const c = await store.get('old', signal);
    expect(currentBranchMessages(c).map((m) => m.content)).toEqual(['first prompt', 'first answer', 'second prompt', 'second answer']);
    expect(c.preview).toBe('second answer');
    expect(await words(store, 'first answer')).toEqual(['old']);
    // The first run's id, as every face names a stored prompt without one.
    await store.setBranch('old', 'stored:old:u1', signal);
    const text = await readFile(join(dir, 'old.jsonl'), 'utf8');
    expect(text.startsWith(old)).toBe(true);
    expect((await newStore().get('old', signal)).preview).toBe('first answer');
  });
});
