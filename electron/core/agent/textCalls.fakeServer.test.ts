import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { piecesTurn, toolResultTurn, type FakeProfile } from '../../../e2e/fake-server/script';
import { MARKUP_PATTERN, TEXT_CALL_FORMS, THINK_TEXT } from '../../../e2e/fake-server/textCallForms';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { assertOrdering } from '../../../test/support/core/loopHarness';
import { createModel } from '../models/createModel';
import { createKeySource } from '../models/keySource';
import { createAgentService, type AgentService } from './agentService';
import { createMemoryAgentHistory, type MemoryAgentHistory } from './memoryAgentHistory';
import { checkedModelSpec } from '../models/checkedSpec';

/**
 * Tool calls and reasoning written as text, through the real provider and
 * loop against the fake server of each local server kind: every form,
 * streamed in pieces of one to four characters (so every tag is split
 * somewhere), must run its tool, go back to the model as a real tool call
 * with its result, and never put markup in the text a face or the history
 * sees.
 */

let ws: TempWorkspace;
let server: FakeServer | undefined;
let service: AgentService | undefined;

beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('notes.txt', 'The meeting moved to Thursday.');
  await ws.write('todo.txt', 'Buy milk.');
});
afterEach(async () => {
  await service?.dispose();
  service = undefined;
  await server?.close();
  server = undefined;
  await ws.cleanup();
});

async function setUp(profile: FakeProfile) {
  server = await startFakeServer({ profile });
  const events: AgentEvent[] = [];
  const port: MemoryAgentHistory = createMemoryAgentHistory();
  const agent = createAgentService({
    port,
    settings: () => ({ workspace: ws.root }),
    createModel: (spec, signal) => createModel(spec, { env: {}, keys: createKeySource({}), endpoints: [] }, signal),
    env: { ...process.env },
  });
  agent.subscribe((e) => events.push(e));
  service = agent;
  return { agent, events, port, spec: `local:${server.baseURL}/${server.models[0]?.id ?? 'm'}` };
}

interface WireMessage {
  role: string;
  content: unknown;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

function textOf(events: AgentEvent[], type: 'text-delta' | 'reasoning-delta'): string[] {
  return events.flatMap((e) => (e.type === type ? [e.delta] : []));
}

const PROFILES = ['lmstudio', 'mlx-lm', 'llama.cpp', 'ollama'] as const satisfies readonly FakeProfile[];

describe.each(PROFILES)('tool calls written as text, from the fake %s server', (profile) => {
  it.each(TEXT_CALL_FORMS.map((f) => [f.id, f] as const))('%s: one call runs its tool and goes back as a real call', async (_id, form) => {
    for (const seed of [1, 7]) {
      const { agent, events, port, spec } = await setUp(profile);
      server!.setScript([piecesTurn(form.one, { seed }), toolResultTurn('notes.txt says: ')]);
      const { runId, conversationId } = await agent.start({ prompt: 'What does notes.txt say?', model: checkedModelSpec(spec) });
      expect(await agent.done(runId)).toMatchObject({ type: 'run-finish', text: 'notes.txt says: The meeting moved to Thursday.' });
      assertOrdering(events);
      expect(events.find((e) => e.type === 'tool-call-ready')).toMatchObject({ name: 'read_file', args: { path: 'notes.txt' } });
      expect(events.find((e) => e.type === 'tool-result')).toMatchObject({ name: 'read_file', content: 'The meeting moved to Thursday.' });
      expect(events.some((e) => e.type === 'notice')).toBe(false);
      for (const piece of textOf(events, 'text-delta')) expect(piece).not.toMatch(MARKUP_PATTERN);

      // The next turn sees a real call and its result, not its own markup.
      const messages = (server!.chatRequests()[1]!.body as { messages: WireMessage[] }).messages;
      const call = messages.at(-2)!;
      expect(call.role).toBe('assistant');
      expect(String(call.content)).not.toMatch(MARKUP_PATTERN);
      expect(call.tool_calls).toEqual([{ id: expect.stringMatching(/^[A-Za-z0-9]{9}$/), type: 'function', function: { name: 'read_file', arguments: '{"path":"notes.txt"}' } }]);
      expect(messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: call.tool_calls![0]!.id, content: 'The meeting moved to Thursday.' });

      // Nor does the history.
      for (const m of port.get(conversationId)!.messages) expect(m.content).not.toMatch(MARKUP_PATTERN);
      await service?.dispose();
      await server?.close();
      server = undefined;
    }
  });

  it.each(TEXT_CALL_FORMS.map((f) => [f.id, f] as const))('%s: several calls become parallel calls, in order', async (_id, form) => {
    const { agent, events, spec } = await setUp(profile);
    server!.setScript([piecesTurn(form.two, { seed: 3 }), toolResultTurn('Last: ')]);
    const { runId } = await agent.start({ prompt: 'Read both.', model: checkedModelSpec(spec) });
    expect(await agent.done(runId)).toMatchObject({ type: 'run-finish', text: 'Last: Buy milk.' });
    expect(events.filter((e) => e.type === 'tool-result').map((e) => (e.type === 'tool-result' ? e.content : ''))).toEqual(['The meeting moved to Thursday.', 'Buy milk.']);
    const messages = (server!.chatRequests()[1]!.body as { messages: WireMessage[] }).messages;
    const call = messages.at(-3)!;
    expect(call.tool_calls?.map((c) => c.function.arguments)).toEqual(['{"path":"notes.txt"}', '{"path":"todo.txt"}']);
    expect(messages.slice(-2).map((m) => m.tool_call_id)).toEqual(call.tool_calls!.map((c) => c.id));
    for (const piece of textOf(events, 'text-delta')) expect(piece).not.toMatch(MARKUP_PATTERN);
  });

  it('shows reasoning written inline apart from the answer', async () => {
    const { agent, events, port, spec } = await setUp(profile);
    server!.setScript([piecesTurn(THINK_TEXT, { seed: 5 })]);
    const { runId, conversationId } = await agent.start({ prompt: 'Plan, then answer.', model: checkedModelSpec(spec) });
    expect(await agent.done(runId)).toMatchObject({ type: 'run-finish', text: 'Answer.' });
    expect(textOf(events, 'reasoning-delta').join('')).toBe('plan');
    expect(textOf(events, 'text-delta').join('')).toBe('Answer.');
    expect(port.get(conversationId)!.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'Answer.', reasoning: 'plan' });
  });

  it('keeps a call to a tool that was not offered as text, with a notice, and runs nothing', async () => {
    const { agent, events, spec } = await setUp(profile);
    const written = 'Deleting.\n<tool_call>\n<function=delete_all>\n<parameter=path>\n/\n</parameter>\n</function>\n</tool_call>';
    server!.setScript([piecesTurn(written, { seed: 2 })]);
    const { runId } = await agent.start({ prompt: 'Clean up.', model: checkedModelSpec(spec) });
    expect(await agent.done(runId)).toMatchObject({ type: 'run-finish', text: written });
    expect(events.some((e) => e.type === 'tool-call-ready')).toBe(false);
    expect(events.find((e) => e.type === 'notice')).toMatchObject({ code: 'tool-call-text-rejected', message: expect.stringContaining('"delete_all"') });
    expect(server!.chatRequests()).toHaveLength(1);
  });
});
