import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import type { FakeProfile } from '../../../e2e/fake-server/script';
import { createModel } from '../models/createModel';
import { createKeySource } from '../models/keySource';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { createAgentService, type AgentService } from './agentService';
import { assertOrdering } from '../../../test/support/core/loopHarness';
import { createMemoryAgentHistory } from './memoryAgentHistory';
import { checkedModelSpec } from '../models/checkedSpec';

/**
 * The loop over the real OpenAI-compatible provider against the scripted
 * fake server, for the wire shapes of several local servers.
 */

let ws: TempWorkspace;
let server: FakeServer | undefined;
let service: AgentService | undefined;

beforeEach(async () => {
  ws = await makeTempWorkspace();
  await ws.write('notes.txt', 'The meeting moved to Thursday.\n');
});
afterEach(async () => {
  await service?.dispose();
  await server?.close();
  await ws.cleanup();
});

async function setUp(profile: FakeProfile, answer?: (e: AgentEvent & { type: 'permission-request' }) => 'once' | 'deny') {
  server = await startFakeServer({ profile });
  const events: AgentEvent[] = [];
  const agent = createAgentService({
    port: createMemoryAgentHistory(),
    settings: () => ({ workspace: ws.root }),
    createModel: (spec, signal) => createModel(spec, { env: {}, keys: createKeySource({}), endpoints: [] }, signal),
    env: { ...process.env },
  });
  agent.subscribe((e) => {
    events.push(e);
    if (e.type === 'permission-request' && answer) setImmediate(() => agent.answerPermission(e.runId, e.requestId, answer(e)));
  });
  service = agent;
  const model = server.models[0]?.id ?? 'm';
  return { agent, events, spec: `local:${server.baseURL}/${model}` };
}

describe.each(['lmstudio', 'mlx-lm', 'llama.cpp'] as const)('agent over the fake %s server', (profile) => {
  it('reads notes.txt, then answers with what it holds', async () => {
    const { agent, events, spec } = await setUp(profile);
    server?.setScript([
      { chunks: [{ toolCalls: [{ name: 'read_file', arguments: '{"path":"notes.txt"}' }] }] },
      { chunks: [{ text: 'notes.txt says: ' }, { text: 'The meeting moved to Thursday.' }] },
    ]);
    const { runId } = await agent.start({ prompt: 'What does notes.txt say?', model: checkedModelSpec(spec) });
    expect(await agent.done(runId)).toMatchObject({ type: 'run-finish', text: 'notes.txt says: The meeting moved to Thursday.' });
    assertOrdering(events);
    expect(events.find((e) => e.type === 'tool-result')).toMatchObject({ name: 'read_file', content: 'The meeting moved to Thursday.' });
    const second = server?.chatRequests()[1]?.body as { messages: { role: string; content: unknown }[]; tools?: unknown[] };
    expect(second.messages.at(-1)).toMatchObject({ role: 'tool', content: 'The meeting moved to Thursday.' });
    expect(second.tools).toHaveLength(6);
  });

  it('writes nothing when the user denies, and writes when allowed', async () => {
    for (const decision of ['deny', 'once'] as const) {
      const { agent, events, spec } = await setUp(profile, () => decision);
      server?.setScript([
        { chunks: [{ toolCalls: [{ name: 'write_file', arguments: '{"path":"todo.txt","content":"ship it\\n"}' }] }] },
        { chunks: [{ text: decision === 'deny' ? 'You denied the write.' : 'Saved.' }] },
      ]);
      const { runId } = await agent.start({ prompt: 'Save a todo', model: checkedModelSpec(spec) });
      expect((await agent.done(runId))?.type).toBe('run-finish');
      if (decision === 'deny') {
        expect(existsSync(join(ws.root, 'todo.txt'))).toBe(false);
        expect(events.find((e) => e.type === 'tool-error')).toMatchObject({ denied: true });
      } else {
        expect(await readFile(join(ws.root, 'todo.txt'), 'utf8')).toBe('ship it\n');
      }
      await service?.dispose();
      await server?.close();
      server = undefined;
    }
  });
});
