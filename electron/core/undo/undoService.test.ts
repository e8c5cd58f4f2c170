import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { callTools, createScriptedModel, say, type ScriptedTurn } from '../../../test/support/core/scriptedModel';
import { createAgentService, type AgentService } from '../agent/agentService';
import { ConversationStore } from '../store/conversationStore';
import { createUndoService, type UndoService } from './undoService';
import { checkedModelSpec } from '../models/checkedSpec';

/** Undo of a run's file changes over the real store, the real agent and the real tools. */

let ws: TempWorkspace;
let dataDir: string;
let store: ConversationStore;
let agent: AgentService;
let undo: UndoService;
const signal = new AbortController().signal;

async function run(turns: ScriptedTurn[], conversationId?: string, parentRunId?: string | null): Promise<string> {
  agent = createAgentService({
    port: store,
    settings: () => ({ workspace: ws.root, permissionRules: { write_file: 'allow', edit_file: 'allow', run_command: 'allow' } }),
    createModel: async (spec) => createScriptedModel(turns, { ref: { spec: spec.text } }),
    env: { ...process.env },
  });
  const started = await agent.start({ prompt: 'change things', model: checkedModelSpec('test'), ...(conversationId ? { conversationId } : {}), ...(parentRunId === undefined ? {} : { parentRunId }) });
  expect((await agent.done(started.runId))?.type).toBe('run-finish');
  await agent.dispose();
  return started.conversationId;
}

const write = (path: string, content: string) => callTools([{ name: 'write_file', args: { path, content } }]);
const text = (rel: string) => readFile(join(ws.root, rel), 'utf8');

beforeEach(async () => {
  ws = await makeTempWorkspace();
  dataDir = await mkdtemp(join(tmpdir(), 'punie-undo-'));
  store = new ConversationStore({ dataDir });
  undo = createUndoService({ store });
  await ws.write('notes.txt', 'old notes\n');
});
afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
  await ws.cleanup();
});

describe('undo of a run', () => {
  it('puts back a file the run wrote and removes one it created, after a plan with the diff; then redo makes the changes again', async () => {
    const id = await run([write('notes.txt', 'changed\n'), write('new.txt', 'brand new\n'), say('Done.')]);
    expect(await text('notes.txt')).toBe('changed\n');

    const plan = await undo.plan(id, {}, signal);
    expect(plan.run).toMatchObject({ number: 1, files: 2, undone: false, commands: 0 });
    expect(plan.files.map((f) => [f.path, f.action, f.changedSince])).toEqual([
      ['notes.txt', 'write', false],
      ['new.txt', 'remove', false],
    ]);
    expect(plan.files[0]!.diff).toContain('-changed\n+old notes');

    const done = await undo.apply(id, {}, signal);
    expect(done.skipped).toEqual([]);
    expect(await text('notes.txt')).toBe('old notes\n');
    expect(existsSync(join(ws.root, 'new.txt'))).toBe(false);
    expect((await undo.runs(id, signal))[0]).toMatchObject({ undone: true });

    // Recorded in the log: a fresh store sees it undone, and can redo it.
    const again = createUndoService({ store: new ConversationStore({ dataDir }) });
    await again.apply(id, { redo: true }, signal);
    expect(await text('notes.txt')).toBe('changed\n');
    expect(await text('new.txt')).toBe('brand new\n');
    expect((await undo.runs(id, signal))[0]).toMatchObject({ undone: false });
  });

  it('by default, the last run of the branch in view: not a run of a branch the user switched away from', async () => {
    const id = await run([write('a.txt', 'first\n'), say('Done.')]);
    await run([write('b.txt', 'second\n'), say('Done.')], id);
    const runs = await undo.runs(id, signal);
    // The second prompt edited: a branch from the first run again, which writes c.txt.
    await run([write('c.txt', 'third\n'), say('Done.')], id, runs[0]!.runId);
    expect((await undo.plan(id, {}, signal)).files.map((f) => f.path)).toEqual(['c.txt']);

    // The user switches back to the branch of b.txt: that is the run undone by default.
    await store.setBranch(id, runs[1]!.runId, signal);
    expect((await undo.plan(id, {}, signal)).run).toMatchObject({ runId: runs[1]!.runId, number: 2 });
    // Past the runs of that branch, the first run; a run of another branch only when named.
    await undo.apply(id, {}, signal);
    expect((await undo.plan(id, {}, signal)).run.number).toBe(1);
    expect((await undo.plan(id, { number: 3 }, signal)).files.map((f) => f.path)).toEqual(['c.txt']);
  });

  it('a file changed since the run is listed and kept unless the user chooses to overwrite it', async () => {
    const id = await run([write('notes.txt', 'changed\n'), write('new.txt', 'brand new\n'), say('Done.')]);
    await writeFile(join(ws.root, 'notes.txt'), 'the user edited this\n');
    const plan = await undo.plan(id, {}, signal);
    expect(plan.files.find((f) => f.path === 'notes.txt')).toMatchObject({ changedSince: true });
    const first = await undo.apply(id, {}, signal);
    expect(first.skipped).toEqual([{ path: 'notes.txt', reason: 'changed since the run; kept as it is' }]);
    expect(await text('notes.txt')).toBe('the user edited this\n');
    expect(existsSync(join(ws.root, 'new.txt'))).toBe(false);

    // Redo, then undo again choosing to overwrite: the user's edit goes (and redo would bring it back).
    await undo.apply(id, { redo: true }, signal);
    const second = await undo.apply(id, { overwrite: ['notes.txt'] }, signal);
    expect(second.skipped).toEqual([]);
    expect(await text('notes.txt')).toBe('old notes\n');
    await undo.apply(id, { redo: true }, signal);
    expect(await text('notes.txt')).toBe('the user edited this\n');
  });

  it('a file that changes between the plan the user saw and the undo is left alone', async () => {
    const id = await run([write('notes.txt', 'changed\n'), say('Done.')]);
    const plan = await undo.plan(id, {}, signal);
    await writeFile(join(ws.root, 'notes.txt'), 'typed meanwhile\n');
    const result = await undo.apply(id, { overwrite: ['notes.txt'], seen: Object.fromEntries(plan.files.map((f) => [f.path, f.now])) }, signal);
    expect(result.skipped[0]).toMatchObject({ path: 'notes.txt', reason: expect.stringContaining('changed while you were deciding') });
    expect(await text('notes.txt')).toBe('typed meanwhile\n');
  });

  it('attack: a folder the run created files in, swapped for a link out of the workspace, is not followed: nothing outside is deleted', async () => {
    const id = await run([write('sub/new.txt', 'made by the run\n'), say('Done.')]);
    await writeFile(join(ws.outside, 'new.txt'), 'precious, outside\n');
    await rm(join(ws.root, 'sub'), { recursive: true });
    await symlink(ws.outside, join(ws.root, 'sub'));
    const result = await undo.apply(id, { overwrite: ['sub/new.txt'] }, signal);
    expect(result.done).toEqual([]);
    expect(await readFile(join(ws.outside, 'new.txt'), 'utf8')).toBe('precious, outside\n');
  });

  it('attack: a file the run wrote, swapped for a link to a file outside, is not written through', async () => {
    const id = await run([write('notes.txt', 'changed\n'), say('Done.')]);
    await rm(join(ws.root, 'notes.txt'));
    await symlink(join(ws.outside, 'secret.txt'), join(ws.root, 'notes.txt'));
    const result = await undo.apply(id, { overwrite: ['notes.txt'] }, signal);
    expect(result.done).toEqual([]);
    expect(await readFile(join(ws.outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
  });

  it('a file over the cap is recorded as not undoable, counted, and left alone', async () => {
    await ws.write('big.txt', 'x'.repeat(1_100_000));
    const id = await run([write('big.txt', 'small now\n'), say('Done.')]);
    const plan = await undo.plan(id, {}, signal);
    expect(plan.run).toMatchObject({ files: 1, notUndoable: 1 });
    expect(plan.files[0]).toMatchObject({ path: 'big.txt', blocked: expect.stringContaining('not kept') });
    const result = await undo.apply(id, {}, signal);
    expect(result.done).toEqual([]);
    expect(await text('big.txt')).toBe('small now\n');
  });

  it('the permission request for a change that cannot be undone says so before it is allowed', async () => {
    await ws.write('big.txt', 'x'.repeat(1_100_000));
    const asked: unknown[] = [];
    agent = createAgentService({
      port: store,
      settings: () => ({ workspace: ws.root }),
      createModel: async (spec) => createScriptedModel([write('big.txt', 'small now\n'), say('Done.')], { ref: { spec: spec.text } }),
      env: { ...process.env },
    });
    agent.subscribe((e) => {
      if (e.type === 'permission-request') {
        asked.push(e);
        setImmediate(() => agent.answerPermission(e.runId, e.requestId, 'once'));
      }
    });
    const started = await agent.start({ prompt: 'shrink it', model: checkedModelSpec('test') });
    await agent.done(started.runId);
    await agent.dispose();
    expect(asked).toEqual([expect.objectContaining({ notUndoable: expect.stringContaining('this change cannot be undone') })]);
  });

  it('counts the commands a run ran (their effects are not undone); a run with no file changes is not offered', async () => {
    const id = await run([callTools([{ name: 'run_command', args: { command: 'true' } }]), write('notes.txt', 'changed\n'), say('Done.')]);
    await run([say('Nothing changed.')], id);
    const runs = await undo.runs(id, signal);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ number: 1, commands: 1, files: 1 });
    await expect(undo.plan(id, { number: 2 }, signal)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a conversation whose folder is gone says so', async () => {
    const id = await run([write('notes.txt', 'changed\n'), say('Done.')]);
    await rm(ws.root, { recursive: true });
    await mkdir(join(ws.base, 'elsewhere'));
    await expect(undo.plan(id, {}, signal)).rejects.toMatchObject({ code: 'workspace-missing' });
  });
});
