import type { ParsedModelSpec } from '../../../shared/modelSpec';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { agentEventSchema, type AgentEvent } from '../../../shared/agentEvents';
import { PunieError } from '../errors';
import type { ChatModel } from '../models/types';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { createAgentService, type AgentService, type AgentSettings } from './agentService';
import { assertOrdering } from '../../../test/support/core/loopHarness';
import { createMemoryAgentHistory, type MemoryAgentHistory } from './memoryAgentHistory';
import { callTools, createScriptedModel, say, type ScriptedTurn } from '../../../test/support/core/scriptedModel';
import { checkedModelSpec } from '../models/checkedSpec';
import { estimateTokens } from '../../../shared/contextBudget';
import { toolsTokens } from './contextBudget';

let ws: TempWorkspace;
let port: MemoryAgentHistory;
let events: AgentEvent[];
let settings: AgentSettings;
let service: AgentService;
let models: ReturnType<typeof createScriptedModel>[];

function makeService(turnsPerRun: ScriptedTurn[][], options: { contextLength?: number; createModel?: (spec: ParsedModelSpec, signal: AbortSignal) => Promise<ChatModel> } = {}) {
  models = [];
  let run = 0;
  service = createAgentService({
    port,
    settings: () => settings,
    createModel:
      options.createModel ??
      (async (spec) => {
        const model = createScriptedModel(turnsPerRun[run++] ?? [], { ref: { spec: spec.text, ...(options.contextLength ? { contextLength: options.contextLength } : {}) } });
        models.push(model);
        return model;
      }),
    env: { ...process.env },
  });
  service.subscribe((e) => {
    agentEventSchema.parse(e);
    events.push(e);
  });
  return service;
}

const eventsOf = (runId: string) => events.filter((e) => e.runId === runId);

beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('notes.txt', 'Remember the milk.\n');
  port = createMemoryAgentHistory();
  events = [];
  settings = { workspace: ws.root };
});
afterEach(async () => {
  await service?.dispose();
  await ws.cleanup();
});

describe('agent service', () => {
  it('starts a run in the background, records every event and answers the ids at once', async () => {
    const record = vi.spyOn(port, 'record');
    makeService([[callTools([{ name: 'read_file', args: { path: 'notes.txt' } }]), say('It says: Remember the milk.')]]);
    const { runId, conversationId } = await service.start({ prompt: 'What does notes.txt say?', model: checkedModelSpec('local:http://127.0.0.1:9/v1/m') });
    expect(eventsOf(runId)).toEqual([]); // nothing before the caller has its ids
    const last = await service.done(runId);
    expect(last).toMatchObject({ type: 'run-finish', text: 'It says: Remember the milk.' });
    const mine = eventsOf(runId);
    assertOrdering(mine);
    expect(mine[0]).toMatchObject({ type: 'run-start', conversationId, prompt: 'What does notes.txt say?', workspace: ws.root, model: { spec: 'local:http://127.0.0.1:9/v1/m' } });
    expect(record.mock.calls.map(([id, e]) => [id, e])).toEqual(mine.map((e) => [conversationId, e]));
    expect(port.get(conversationId)?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(port.get(conversationId)?.title).toBe('What does notes.txt say?');
    expect(service.active()).toEqual([]);
  });

  it('sends a system prompt naming Punie, the workspace and the tools', async () => {
    makeService([[say('hi')]]);
    const { runId } = await service.start({ prompt: 'hello', model: checkedModelSpec('test') });
    await service.done(runId);
    const [system, user] = models[0]?.requests[0]?.messages ?? [];
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('You are Punie, a coding assistant');
    expect(system?.content).toContain(ws.root);
    expect(system?.content).toContain('read_file');
    expect(user).toEqual({ role: 'user', content: 'hello' });
  });

  it('continues a conversation with its earlier messages, tool calls included', async () => {
    makeService([[callTools([{ id: 'k1', name: 'read_file', args: { path: 'notes.txt' } }]), say('Milk.')], [say('You asked about notes.')]]);
    const first = await service.start({ prompt: 'What does notes.txt say?', model: checkedModelSpec('test') });
    await service.done(first.runId);
    const second = await service.start({ prompt: 'What did I ask?', model: checkedModelSpec('test'), conversationId: first.conversationId });
    expect(second.conversationId).toBe(first.conversationId);
    await service.done(second.runId);
    const sent = models[1]?.requests[0]?.messages.slice(1).map((m) => [m.role, m.content]);
    expect(sent).toEqual([
      ['user', 'What does notes.txt say?'],
      ['assistant', ''],
      ['tool', 'Remember the milk.'],
      ['assistant', 'Milk.'],
      ['user', 'What did I ask?'],
    ]);
  });

  it('trims old history to the model context and marks where trimming began', async () => {
    const long = 'x'.repeat(9_000);
    makeService([[say(long)], [say(long)], [say('short')]], { contextLength: 10_000 });
    const a = await service.start({ prompt: 'one', model: checkedModelSpec('test') });
    await service.done(a.runId);
    const b = await service.start({ prompt: 'two', model: checkedModelSpec('test'), conversationId: a.conversationId });
    await service.done(b.runId);
    const c = await service.start({ prompt: 'three', model: checkedModelSpec('test'), conversationId: a.conversationId });
    await service.done(c.runId);
    const sent = models[2]?.requests[0]?.messages.map((m) => m.content.slice(0, 5));
    expect(sent?.slice(1)).toEqual(['two', 'xxxxx', 'three']);
    expect(port.get(a.conversationId)?.trimmedBefore).toBe(2);
    // Each run-start names the run it follows and, when older runs were left out, the first run the model was sent.
    const start = (runId: string) => eventsOf(runId).find((e) => e.type === 'run-start');
    expect([start(a.runId), start(b.runId), start(c.runId)]).toEqual([
      expect.not.objectContaining({ parentRunId: expect.anything() }),
      expect.objectContaining({ parentRunId: a.runId }),
      expect.objectContaining({ parentRunId: b.runId, contextFrom: b.runId }),
    ]);
    expect(start(b.runId)).not.toHaveProperty('contextFrom');
    // And what every request carried besides the conversation: the system message and the tools.
    const request = models[2]!.requests[0]!;
    expect(start(c.runId)).toMatchObject({ baseTokens: estimateTokens(request.messages[0]!.content) + toolsTokens(request.tools ?? []) });
  });

  it('branches: a run that follows an earlier run is sent only that branch, and an unknown parent is refused', async () => {
    makeService([[say('A')], [say('B')], [say('C')], [say('D')]]);
    const a = await service.start({ prompt: 'one', model: checkedModelSpec('test') });
    await service.done(a.runId);
    const b = await service.start({ prompt: 'two', model: checkedModelSpec('test'), conversationId: a.conversationId });
    await service.done(b.runId);
    // "two" edited into "two, again": a second branch after run a.
    const c = await service.start({ prompt: 'two, again', model: checkedModelSpec('test'), conversationId: a.conversationId, parentRunId: a.runId });
    await service.done(c.runId);
    expect(models[2]?.requests[0]?.messages.slice(1).map((m) => m.content)).toEqual(['one', 'A', 'two, again']);
    // The first prompt edited: from nothing.
    const d = await service.start({ prompt: 'zero', model: checkedModelSpec('test'), conversationId: a.conversationId, parentRunId: null });
    await service.done(d.runId);
    expect(models[3]?.requests[0]?.messages.slice(1).map((m) => m.content)).toEqual(['zero']);
    const starts = [a, b, c, d].map(({ runId }) => eventsOf(runId).find((e) => e.type === 'run-start'));
    expect(starts.map((e) => (e?.type === 'run-start' ? e.parentRunId : 'none'))).toEqual([undefined, a.runId, a.runId, undefined]);
    await expect(service.start({ prompt: 'x', model: checkedModelSpec('test'), conversationId: a.conversationId, parentRunId: 'run-nope' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('routes permission answers to the run, and remembers "conversation" for later runs of that conversation only', async () => {
    const write = (n: number) => [callTools([{ name: 'write_file', args: { path: `f${n}.txt`, content: 'x' } }]), say('ok')];
    makeService([write(1), write(2), write(3)]);
    service.subscribe((e) => {
      if (e.type === 'permission-request') setImmediate(() => expect(service.answerPermission(e.runId, e.requestId, 'conversation')).toBe(true));
    });
    const a = await service.start({ prompt: 'write', model: checkedModelSpec('test') });
    await service.done(a.runId);
    const b = await service.start({ prompt: 'again', model: checkedModelSpec('test'), conversationId: a.conversationId });
    await service.done(b.runId);
    const c = await service.start({ prompt: 'elsewhere', model: checkedModelSpec('test') });
    await service.done(c.runId);
    expect(eventsOf(a.runId).some((e) => e.type === 'permission-request')).toBe(true);
    expect(eventsOf(b.runId).some((e) => e.type === 'permission-request')).toBe(false);
    expect(eventsOf(b.runId).find((e) => e.type === 'permission-resolved')).toMatchObject({ automatic: true });
    expect(eventsOf(c.runId).some((e) => e.type === 'permission-request')).toBe(true);
    expect(service.answerPermission(a.runId, 'gone', 'once')).toBe(false);
  });

  it('aborts a run, keeping what was said, and shows runs in flight with their events so far', async () => {
    makeService([[[{ type: 'text-delta', text: 'Thinking ' }, { type: 'text-delta', text: 'hard' }, { type: 'hang' }]]]);
    const { runId, conversationId } = await service.start({ prompt: 'think', model: checkedModelSpec('test') });
    await vi.waitFor(() => expect(eventsOf(runId).filter((e) => e.type === 'text-delta')).toHaveLength(2));
    const [active] = service.active();
    expect(active).toMatchObject({ runId, conversationId });
    expect(active?.events.map((e) => e.type)).toEqual(['run-start', 'turn-start', 'text-delta']);
    expect(active?.events[2]).toMatchObject({ delta: 'Thinking hard' });
    expect(service.abort(runId)).toBe(true);
    expect(await service.done(runId)).toMatchObject({ type: 'run-abort', partialText: 'Thinking hard' });
    expect(service.abort(runId)).toBe(false);
    expect(port.get(conversationId)?.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'Thinking hard', status: 'aborted' });
  });

  it('reports a model that cannot be created as run-start then run-error', async () => {
    makeService([], {
      createModel: async () => {
        throw new PunieError('server-unavailable', 'No local server answered. Start LM Studio.');
      },
    });
    const { runId, conversationId } = await service.start({ prompt: 'hi', model: checkedModelSpec('local:') });
    expect(await service.done(runId)).toMatchObject({ type: 'run-error', error: { code: 'server-unavailable' } });
    expect(eventsOf(runId).map((e) => e.type)).toEqual(['run-start', 'run-error']);
    expect(eventsOf(runId)[0]).toMatchObject({ model: { spec: 'local:', provider: 'local', modelId: '' } });
    expect(port.get(conversationId)?.messages[0]).toMatchObject({ role: 'user', content: 'hi' });
  });

  it('aborts while the model is being created', async () => {
    makeService([], {
      createModel: (_spec, signal) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true })),
    });
    const { runId } = await service.start({ prompt: 'hi', model: checkedModelSpec('test') });
    await new Promise((r) => setImmediate(r));
    service.abort(runId);
    expect(await service.done(runId)).toMatchObject({ type: 'run-abort' });
  });

  it('refuses bad starts with stable codes', async () => {
    makeService([[[{ type: 'hang' }]]]);
    await expect(service.start({ prompt: '  ', model: checkedModelSpec('test') })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(service.start({ prompt: 'hi', model: checkedModelSpec('test'), conversationId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(service.start({ prompt: 'hi', model: checkedModelSpec('test'), workspace: join(ws.base, 'missing') })).rejects.toMatchObject({ code: 'not-found' });
    const { conversationId } = await service.start({ prompt: 'hi', model: checkedModelSpec('test') });
    await expect(service.start({ prompt: 'again', model: checkedModelSpec('test'), conversationId })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('lets only one of two simultaneous starts continue a conversation', async () => {
    makeService([[say('first')], [[{ type: 'hang' }]], [[{ type: 'hang' }]]]);
    const { runId, conversationId } = await service.start({ prompt: 'hi', model: checkedModelSpec('test') });
    await service.done(runId);
    const both = await Promise.allSettled([
      service.start({ prompt: 'a', model: checkedModelSpec('test'), conversationId }),
      service.start({ prompt: 'b', model: checkedModelSpec('test'), conversationId }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
  });

  it('applies settings: maxTurns and denied roots', async () => {
    await ws.write('.punie/secret.log', 'private');
    settings = { workspace: ws.root, maxTurns: 1, deniedRoots: [join(ws.root, '.punie')] };
    makeService([[callTools([{ name: 'read_file', args: { path: '.punie/secret.log' } }]), say('never')]]);
    const { runId } = await service.start({ prompt: 'peek', model: checkedModelSpec('test') });
    expect(await service.done(runId)).toMatchObject({ type: 'run-error', error: { code: 'max-turns' } });
    expect(eventsOf(runId).find((e) => e.type === 'tool-error')).toMatchObject({ error: { code: 'outside-workspace' } });
  });

  it('runs without tools when there is no workspace', async () => {
    settings = {};
    makeService([[say('No files here.')]]);
    const { runId } = await service.start({ prompt: 'hi', model: checkedModelSpec('test') });
    await service.done(runId);
    expect(models[0]?.requests[0]?.tools).toBeUndefined();
    expect(models[0]?.requests[0]?.messages[0]?.content).toContain('No workspace folder is open');
    expect(eventsOf(runId)[0]).not.toHaveProperty('workspace');
  });

  it('survives a listener that throws', async () => {
    makeService([[say('fine')]]);
    service.subscribe(() => {
      throw new Error('bad listener');
    });
    const { runId } = await service.start({ prompt: 'hi', model: checkedModelSpec('test') });
    expect(await service.done(runId)).toMatchObject({ type: 'run-finish', text: 'fine' });
  });

  it('makes the model while the conversation opens, and stops making it when the start fails', async () => {
    const order: string[] = [];
    const seen: AbortSignal[] = [];
    makeService([], {
      createModel: async (spec, signal) => {
        order.push('model');
        seen.push(signal);
        return createScriptedModel([say('ok')], { ref: { spec: spec.text } });
      },
    });
    const open = port.open.bind(port);
    vi.spyOn(port, 'open').mockImplementation(async (input, signal) => {
      order.push('open');
      return open(input, signal);
    });
    const { runId } = await service.start({ prompt: 'hi', model: checkedModelSpec('test') });
    expect(await service.done(runId)).toMatchObject({ type: 'run-finish', text: 'ok' });
    expect(order).toEqual(['model', 'open']);
    expect(seen[0]?.aborted).toBe(false);

    await expect(service.start({ conversationId: 'no-such-conversation', prompt: 'hi', model: checkedModelSpec('test') })).rejects.toMatchObject({ code: 'not-found' });
    expect(seen[1]?.aborted).toBe(true);
  });
});
