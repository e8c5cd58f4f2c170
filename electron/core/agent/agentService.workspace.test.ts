import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { callTools, createScriptedModel, say, type ScriptedTurn } from '../../../test/support/core/scriptedModel';
import { createAgentService, type AgentService, type AgentSettings } from './agentService';
import { createMemoryAgentHistory, type MemoryAgentHistory } from './memoryAgentHistory';
import { checkedModelSpec } from '../models/checkedSpec';

/**
 * A conversation keeps the folder it started in: continuing it, from any
 * face, runs its tools there, never in whatever folder is current now.
 */

let ws: TempWorkspace;
let port: MemoryAgentHistory;
let events: AgentEvent[];
let settings: AgentSettings;
let service: AgentService;
/** The folder that is "current" when the conversation is continued. */
let elsewhere: string;

function makeService(turnsPerRun: ScriptedTurn[][]) {
  let run = 0;
  service = createAgentService({
    port,
    settings: () => settings,
    createModel: async (spec) => createScriptedModel(turnsPerRun[run++] ?? [], { ref: { spec: spec.text } }),
    env: { ...process.env },
  });
  service.subscribe((e) => events.push(e));
}

const readA: ScriptedTurn[] = [callTools([{ name: 'read_file', args: { path: 'a.txt' } }]), say('Read it.')];

async function runToEnd(input: Parameters<AgentService['start']>[0]) {
  const started = await service.start(input);
  await service.done(started.runId);
  return started;
}

const toolResult = (runId: string) => events.find((e): e is Extract<AgentEvent, { type: 'tool-result' | 'tool-error' }> => e.runId === runId && (e.type === 'tool-result' || e.type === 'tool-error'));

beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('a.txt', 'from A\n');
  elsewhere = join(ws.base, 'b');
  await mkdir(elsewhere);
  await writeFile(join(elsewhere, 'a.txt'), 'from B\n');
  port = createMemoryAgentHistory();
  events = [];
  settings = { workspace: ws.root };
});
afterEach(async () => {
  await service?.dispose();
  await ws.cleanup();
});

describe('a workspace per conversation', () => {
  it('a conversation started in A and continued while B is current (settings and the start both name B) reads A’s a.txt', async () => {
    makeService([[say('Hello.')], readA]);
    const first = await runToEnd({ prompt: 'hi', model: checkedModelSpec('test') });
    expect(port.get(first.conversationId)?.workspace).toBe(ws.root);

    settings = { workspace: elsewhere };
    const second = await runToEnd({ conversationId: first.conversationId, prompt: 'read a.txt', model: checkedModelSpec('test'), workspace: elsewhere });
    const start = events.find((e) => e.runId === second.runId && e.type === 'run-start');
    expect(start).toMatchObject({ workspace: ws.root });
    expect(toolResult(second.runId)).toMatchObject({ type: 'tool-result', content: expect.stringContaining('from A') });
    expect(JSON.stringify(events)).not.toContain('from B');
  });

  it('a conversation whose folder is gone refuses to start with workspace-missing, and never falls back to the current folder', async () => {
    makeService([[say('Hello.')], readA]);
    const first = await runToEnd({ prompt: 'hi', model: checkedModelSpec('test') });
    await rename(ws.root, join(ws.base, 'moved'));
    settings = { workspace: elsewhere };
    await expect(service.start({ conversationId: first.conversationId, prompt: 'read a.txt', model: checkedModelSpec('test'), workspace: elsewhere })).rejects.toMatchObject({
      code: 'workspace-missing',
      message: expect.stringContaining(ws.root),
    });
    expect(events.filter((e) => e.type === 'run-start')).toHaveLength(1);
  });

  it('attack: the recorded folder replaced by a link to another folder is refused, not followed', async () => {
    makeService([[say('Hello.')], readA]);
    const first = await runToEnd({ prompt: 'hi', model: checkedModelSpec('test') });
    await rm(ws.root, { recursive: true });
    await symlink(elsewhere, ws.root);
    await expect(service.start({ conversationId: first.conversationId, prompt: 'read a.txt', model: checkedModelSpec('test') })).rejects.toMatchObject({
      code: 'workspace-missing',
      message: expect.stringContaining(`now leads to ${elsewhere}`),
    });
    expect(JSON.stringify(events)).not.toContain('from B');
  });

  it('a conversation started with no folder stays without tools when continued with one current', async () => {
    settings = {};
    makeService([[say('Hello.')], [say('No files here.')]]);
    const first = await runToEnd({ prompt: 'hi', model: checkedModelSpec('test') });
    settings = { workspace: elsewhere };
    const second = await runToEnd({ conversationId: first.conversationId, prompt: 'read a.txt', model: checkedModelSpec('test'), workspace: elsewhere });
    const start = events.find((e) => e.runId === second.runId && e.type === 'run-start');
    expect(start).not.toHaveProperty('workspace');
  });
});
