import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, clientCapabilities, spawnAcp, type AcpHarness } from '../../test/support/acp/acpClient';
import { assertBuilt } from '../../test/support/cli/spawnPunie';
import { ensureLlama, startLlamaServer, type LlamaServer } from './llamaServer';

// The built `punie acp` driven by a real ACP client (the SDK's client-side
// app) against the real llama-server with the tiny random model: a prompt
// streams agent_message_chunk updates and ends end_turn; session/cancel
// mid-stream answers cancelled and the server cancels its task. Asserts
// protocol and behaviour, never the model's words. Build first (npm test does).

const setup = await ensureLlama();
const skip = 'skip' in setup ? setup.skip : undefined;
if (skip !== undefined) console.warn(`punie acp real-server suite skipped: ${skip}`);

const ALIAS = 'tiny-qwen2';
/** The line this llama.cpp version prints when a client goes away mid-generation (e2e/llama/README.md). */
const CANCEL_LINE = /cancel task, id_task = \d+/;
const PROMPT = 'Tell me a very long story about the sea, with many chapters, and do not stop early.';

describe.skipIf(skip !== undefined)('punie acp against the real llama-server', () => {
  const root = mkdtempSync(join(tmpdir(), 'punie-acp-llama-'));
  const workspace = join(root, 'workspace');
  const home = join(root, 'home');
  const started: LlamaServer[] = [];
  const agents: AcpHarness[] = [];
  /** Answers end on their own. */
  let natural: LlamaServer;
  /** Never ends its turn: generates until max_tokens, far longer than the test waits. */
  let endless: LlamaServer;

  const session = async (server: LlamaServer) => {
    const h = spawnAcp({ env: { PUNIE_HOME: home, PUNIE_LOCAL_ENDPOINTS: server.baseURL }, args: ['--model', 'local:', '--no-mcp'] });
    agents.push(h);
    await h.connection.agent.request('initialize', { protocolVersion: 1, clientCapabilities: clientCapabilities() });
    const created = await h.connection.agent.request('session/new', { cwd: workspace, mcpServers: [] });
    return { h, sessionId: created.sessionId, created };
  };

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(workspace);
    natural = await startLlamaServer({ alias: ALIAS });
    started.push(natural);
    endless = await startLlamaServer({ alias: ALIAS, extraArgs: ['--ignore-eos'] });
    started.push(endless);
  });

  afterAll(async () => {
    for (const h of agents) h.child.kill('SIGKILL');
    await Promise.all(started.map((s) => s.stop()));
    rmSync(root, { recursive: true, force: true });
  });

  it('the model picker lists the server’s model; a prompt streams message chunks and ends end_turn; stdin closed: exit 0', async () => {
    const { h, sessionId, created } = await session(natural);
    expect(created.configOptions?.[0]).toMatchObject({
      currentValue: 'local:',
      options: expect.arrayContaining([expect.objectContaining({ name: `llama.cpp (127.0.0.1:${natural.port})`, options: [expect.objectContaining({ value: `local:${natural.baseURL}/${ALIAS}` })] })]),
    });
    const result = await h.connection.agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: 'Say hello.' }] });
    expect(result).toEqual({ stopReason: 'end_turn' });
    const updates = h.updatesOf(sessionId);
    expect(updates.filter((u) => u.sessionUpdate === 'agent_message_chunk').length).toBeGreaterThan(0);
    expect(answerText(updates).length).toBeGreaterThan(0);
    expect(updates.every((u) => ['agent_message_chunk', 'agent_thought_chunk', 'usage_update'].includes(u.sessionUpdate))).toBe(true);
    expect(await h.close()).toBe(0);
  });

  it('session/cancel mid-stream: cancelled within a second, and the server cancels its task', async () => {
    const { h, sessionId } = await session(endless);
    const mark = endless.logMark();
    const answering = h.connection.agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text: PROMPT }] });
    const deadline = Date.now() + 60_000;
    while (h.updatesOf(sessionId).filter((u) => u.sessionUpdate === 'agent_message_chunk').length < 3) {
      if (Date.now() > deadline) throw new Error(`no streamed answer: ${h.stderr()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const at = performance.now();
    await h.connection.agent.notify('session/cancel', { sessionId });
    expect(await answering).toEqual({ stopReason: 'cancelled' });
    expect(performance.now() - at).toBeLessThan(1000);
    await endless.waitForLog(CANCEL_LINE, 10_000, mark);
    expect(await h.close()).toBe(0);
  });
});
