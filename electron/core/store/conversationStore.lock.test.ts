import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventScript } from '../../../test/support/core/eventScript';
import { createAgentService } from '../agent/agentService';
import { checkedModelSpec } from '../models/checkedSpec';
import { ConversationStore } from './conversationStore';

/**
 * One writer per conversation, at the store (issue 11, item 4). Two stores
 * on one folder stand for two processes here (their locks name the same
 * live pid, so neither looks stale); the real two-process test is
 * electron/cli/commands/ask.writers.spawn.test.ts.
 */

let dataDir: string;
let stores: ConversationStore[] = [];
const signal = new AbortController().signal;

function newStore(face: string): ConversationStore {
  const s = new ConversationStore({ dataDir, face, commitIntervalMs: 10 });
  stores.push(s);
  return s;
}
const lockOf = (id: string) => join(dataDir, 'history', 'conversations', `${id}.lock`);

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'punie-store-lock-'));
  stores = [];
});
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await rm(dataDir, { recursive: true, force: true });
});

async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await condition()); i++) await new Promise((r) => setTimeout(r, 20));
  expect(await condition()).toBe(true);
}

describe('ConversationStore: one writer per conversation', () => {
  it('a run holds the lock from open to its last record; meanwhile another store cannot open, rename or delete it, and sees who writes', async () => {
    const app = newStore('app');
    const cli = newStore('cli');
    const { id } = await app.open({ title: 'first', model: 'test' }, signal);
    expect(JSON.parse(await readFile(lockOf(id), 'utf8'))).toMatchObject({ pid: process.pid, face: 'app' });
    const run = eventScript('r1', id);
    app.record(id, run.start('hello'));
    app.record(id, run.text('Hi'));

    const inUse = { code: 'conversation-in-use', message: `This conversation is in use by the Punie app (pid ${process.pid}); continue it there once it finishes, or start a new one.` };
    await expect(cli.open({ id, title: '', model: 'test' }, signal)).rejects.toMatchObject(inUse);
    await expect(cli.rename(id, 'mine', signal)).rejects.toMatchObject(inUse);
    await expect(cli.delete(id, signal)).rejects.toMatchObject(inUse);
    expect(await cli.writtenElsewhere(id)).toMatchObject({ pid: process.pid, face: 'app' });
    expect(await app.writtenElsewhere(id)).toBeUndefined(); // its own

    app.record(id, run.finish('ok'));
    await app.flush(id);
    await waitFor(() => !existsSync(lockOf(id)));
    expect(await cli.writtenElsewhere(id)).toBeUndefined();
    const opened = await cli.open({ id, title: '', model: 'test' }, signal);
    expect(opened.messages).toHaveLength(2);
    await expect(app.open({ id, title: '', model: 'test' }, signal)).rejects.toMatchObject({ code: 'conversation-in-use', message: expect.stringContaining('in use by punie (pid') });
    await cli.release(id);
    expect(existsSync(lockOf(id))).toBe(false);
    expect((await app.rename(id, 'renamed', signal)).title).toBe('renamed');
    expect(existsSync(lockOf(id))).toBe(false);
  });

  it('in one store, runs and appends share the lock: it goes with the last of them', async () => {
    const app = newStore('app');
    const { id } = await app.open({ title: 'first', model: 'test' }, signal);
    const run = eventScript('r1', id);
    app.record(id, run.start('hello'));
    await app.rename(id, 'renamed while running', signal);
    expect(existsSync(lockOf(id))).toBe(true);
    app.record(id, run.finish('ok'));
    await waitFor(() => !existsSync(lockOf(id)));
  });

  it('close lets every lock go (the app quitting mid-run)', async () => {
    const app = newStore('app');
    const { id } = await app.open({ title: 'first', model: 'test' }, signal);
    app.record(id, eventScript('r1', id).start('hello'));
    await app.close();
    expect(existsSync(lockOf(id))).toBe(false);
  });

  it('the agent service: a second service on another store gets conversation-in-use; a run that fails before it starts lets the lock go', async () => {
    const app = newStore('app');
    const { id } = await app.open({ title: 'first', model: 'test', workspace: join(dataDir, 'gone') }, signal);
    await app.release(id);
    const service = createAgentService({
      port: app,
      createModel: () => new Promise(() => undefined),
      settings: () => ({}),
    });
    // The conversation's folder is gone: the run is refused before it starts, and the lock is not kept.
    await expect(service.start({ conversationId: id, prompt: 'again', model: checkedModelSpec('local:') })).rejects.toMatchObject({ code: 'workspace-missing' });
    expect(existsSync(lockOf(id))).toBe(false);

    const cli = newStore('cli');
    await cli.open({ id, title: '', model: 'test' }, signal);
    await expect(service.start({ conversationId: id, prompt: 'again', model: checkedModelSpec('local:') })).rejects.toMatchObject({ code: 'conversation-in-use' });
    await service.dispose();
  });
});
