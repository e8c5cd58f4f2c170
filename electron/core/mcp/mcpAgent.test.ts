import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent, AgentEventOf } from '../../../shared/agentEvents';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { textTurn, toolTurn } from '../../../e2e/fake-server/script';
import { everythingSpec, filesystemSpec, recordingTap } from '../../../test/support/core/mcp/realServers';
import { createAgentService, type AgentService } from '../agent/agentService';
import { assertOrdering } from '../../../test/support/core/loopHarness';
import { createMemoryAgentHistory } from '../agent/memoryAgentHistory';
import { createLogger } from '../log';
import { createModel } from '../models/createModel';
import { createKeySource } from '../models/keySource';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { createMcpHost, type McpHost } from './mcpHost';
import type { McpServerSpec } from './mcpServerSpec';
import { checkedModelSpec } from '../models/checkedSpec';

/**
 * MCP tools through the whole engine: the scripted fake model server calls
 * them by the names it was offered, the agent service asks permission,
 * runs them on the real servers, and the model is given their results.
 */

let ws: TempWorkspace;
let server: FakeServer;
let service: AgentService | undefined;
let host: McpHost | undefined;

beforeEach(async () => {
  ws = await makeTempWorkspace();
  server = await startFakeServer({ profile: 'lmstudio' });
});
afterEach(async () => {
  await service?.dispose();
  await host?.stop();
  await server.close();
  await ws.cleanup();
});

async function setUp(specs: McpServerSpec[], options: { answer?: (e: AgentEventOf<'permission-request'>) => 'once' | 'conversation' | 'deny'; mcpRules?: { server: string; tool?: string }[]; tap?: ReturnType<typeof recordingTap>['tap'] } = {}) {
  host = createMcpHost({ baseEnv: async () => ({ PATH: process.env.PATH, HOME: process.env.HOME }), log: createLogger('test:mcp'), ...(options.tap ? { tap: options.tap } : {}) });
  await host.setServers(specs);
  host.start();
  const mcp = host;
  const events: AgentEvent[] = [];
  const agent = createAgentService({
    port: createMemoryAgentHistory(),
    settings: () => ({ workspace: ws.root, ...(options.mcpRules ? { mcpRules: options.mcpRules } : {}) }),
    createModel: (spec, signal) => createModel(spec, { env: {}, keys: createKeySource({}), endpoints: [] }, signal),
    extraTools: async ({ signal }) => {
      await mcp.ready(signal);
      return mcp.tools();
    },
  });
  agent.subscribe((e) => {
    events.push(e);
    if (e.type === 'permission-request' && options.answer) {
      const decision = options.answer(e);
      setImmediate(() => agent.answerPermission(e.runId, e.requestId, decision));
    }
  });
  service = agent;
  return { agent, events, spec: `local:${server.baseURL}/${server.models[0]?.id ?? 'm'}` };
}

type ChatBody = { messages: { role: string; content: unknown }[]; tools?: { function: { name: string; parameters: unknown } }[] };

describe('a scripted model using MCP tools', () => {
  it('calls everything__echo after asking, and answers with what the server echoed', async () => {
    const { agent, events, spec } = await setUp([everythingSpec()], { answer: () => 'once' });
    server.setScript([toolTurn([{ name: 'everything__echo', arguments: '{"message":"ping from the model"}' }]), textTurn('The server said: Echo: ping from the model')]);
    const { runId } = await agent.start({ prompt: 'Echo something', model: checkedModelSpec(spec) });
    expect(await agent.done(runId)).toMatchObject({ type: 'run-finish', text: 'The server said: Echo: ping from the model' });
    assertOrdering(events);

    const first = server.chatRequests()[0]!.body as ChatBody;
    const offered = first.tools!.map((t) => t.function.name);
    expect(offered.slice(0, 6)).toEqual(['read_file', 'list_files', 'search_files', 'write_file', 'edit_file', 'run_command']);
    expect(offered).toContain('everything__echo');
    expect(first.tools!.find((t) => t.function.name === 'everything__echo')!.function.parameters).toMatchObject({ properties: { message: { type: 'string' } } });
    expect(JSON.stringify(first.messages[0]!.content)).toContain('the tools of MCP servers (named SERVER__TOOL) ask the user for permission first');

    expect(events.find((e) => e.type === 'permission-request')).toMatchObject({ tool: 'everything__echo', mcp: { server: 'everything', tool: 'echo', readOnly: true }, args: { message: 'ping from the model' } });
    expect(events.find((e) => e.type === 'tool-result')).toMatchObject({ name: 'everything__echo', content: 'Echo: ping from the model', meta: { mcp: { server: 'everything', tool: 'echo' } } });
    const second = server.chatRequests()[1]!.body as ChatBody;
    expect(second.messages.at(-1)).toMatchObject({ role: 'tool', content: 'Echo: ping from the model' });
  });

  it('runs a pre-allowed server\'s tool without asking; a denied one is never called', async () => {
    const { sent, tap } = recordingTap();
    const allowed = await setUp([everythingSpec()], { mcpRules: [{ server: 'everything', tool: 'echo' }], tap });
    server.setScript([toolTurn([{ name: 'everything__echo', arguments: '{"message":"a"}' }, { name: 'everything__get-env', arguments: '{}' }]), textTurn('Done.')]);
    const { runId } = await allowed.agent.start({ prompt: 'Go', model: checkedModelSpec(allowed.spec) });
    // get-env is not allowed by the rule and nobody answers: deny it by stopping after the echo.
    await expect.poll(() => allowed.events.some((e) => e.type === 'permission-request'), { timeout: 15_000 }).toBe(true);
    const ask = allowed.events.find((e) => e.type === 'permission-request') as AgentEventOf<'permission-request'>;
    expect(ask.tool).toBe('everything__get-env');
    allowed.agent.answerPermission(runId, ask.requestId, 'deny');
    expect(await allowed.agent.done(runId)).toMatchObject({ type: 'run-finish' });
    expect(allowed.events.find((e) => e.type === 'permission-resolved' && e.automatic)).toBeDefined();
    expect(allowed.events.find((e) => e.type === 'tool-error')).toMatchObject({ name: 'everything__get-env', denied: true });
    const calls = sent.filter((m) => (m as { method?: string }).method === 'tools/call').map((m) => (m as { params: { name: string } }).params.name);
    expect(calls).toEqual(['echo']);
  });

  it('reads a file through server-filesystem\'s read_text_file, and an isError result goes back as an error the model can correct', async () => {
    await ws.write('docs/plan.md', 'Step 1: measure.\n');
    const { agent, events, spec } = await setUp([filesystemSpec(ws.root)], { answer: () => 'conversation' });
    server.setScript([
      toolTurn([{ name: 'filesystem__read_text_file', arguments: JSON.stringify({ path: '/etc/shadow' }) }]),
      toolTurn([{ name: 'filesystem__read_text_file', arguments: JSON.stringify({ path: `${ws.root}/docs/plan.md` }) }]),
      textTurn('The plan starts with measuring.'),
    ]);
    const { runId } = await agent.start({ prompt: 'What is the plan?', model: checkedModelSpec(spec) });
    expect(await agent.done(runId)).toMatchObject({ type: 'run-finish' });
    const error = events.find((e) => e.type === 'tool-error') as AgentEventOf<'tool-error'>;
    expect(error.error.code).toBe('tool-failed');
    expect(error.content).toMatch(/^Error: .*(Access denied|outside allowed)/);
    expect(events.find((e) => e.type === 'tool-result')).toMatchObject({ content: 'Step 1: measure.\n' });
    // "Allow for this conversation" covered the second call.
    expect(events.filter((e) => e.type === 'permission-request')).toHaveLength(1);
    const third = server.chatRequests()[2]!.body as ChatBody;
    expect(third.messages.filter((m) => m.role === 'tool').map((m) => m.content)).toEqual([error.content, 'Step 1: measure.\n']);
  });

  it('Stop during a long call: progress is shown, the run ends within a second and the server is told', async () => {
    const { sent, tap } = recordingTap();
    const { agent, events, spec } = await setUp([everythingSpec()], { answer: () => 'once', tap });
    server.setScript([toolTurn([{ name: 'everything__trigger-long-running-operation', arguments: '{"duration":20,"steps":40}' }]), textTurn('never sent')]);
    const { runId } = await agent.start({ prompt: 'Do the long thing', model: checkedModelSpec(spec) });
    await expect.poll(() => events.filter((e) => e.type === 'tool-progress').length, { timeout: 10_000 }).toBeGreaterThan(1);
    expect(events.find((e) => e.type === 'tool-progress')).toMatchObject({ progress: 1, total: 40 });
    const stoppedAt = performance.now();
    agent.abort(runId);
    expect(await agent.done(runId)).toMatchObject({ type: 'run-abort' });
    expect(performance.now() - stoppedAt).toBeLessThan(1_000);
    const request = sent.find((m) => (m as { method?: string }).method === 'tools/call') as { id: number };
    expect(sent).toContainEqual(expect.objectContaining({ method: 'notifications/cancelled', params: expect.objectContaining({ requestId: request.id }) }));
    expect(events.find((e) => e.type === 'tool-error')).toMatchObject({ error: { code: 'aborted' } });
    expect(server.chatRequests()).toHaveLength(1);
  });
});
