import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closedPort } from '../../../e2e/fake-server/closedPort';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { NAMED_SCRIPTS } from '../../../e2e/fake-server/namedScripts';
import { textTurn, toolTurn } from '../../../e2e/fake-server/script';
import { canSeeProcesses, markedProcesses } from '../../../test/support/core/mcp/markedProcesses';
import { processAlive, processState } from '../../../test/support/core/processAlive';
import { EVERYTHING_JS } from '../../../test/support/core/mcp/realServers';
import { conversationSummarySchema } from '../../../shared/conversation';
import { answerText, clientCapabilities, spawnAcp, type AcpHarness, type EditorOffers } from '../../../test/support/acp/acpClient';
import { assertBuilt, spawnPunie } from '../../../test/support/cli/spawnPunie';

/**
 * The built `punie acp` driven by a real ACP client (the SDK's client-side
 * app, stable v1) against the fake server, through every scenario of the
 * ACP issue: initialize, a new session with the model picker, a prompt that
 * reads a file, writes rejected and allowed, cancel mid-stream, during a
 * permission and during a command, a session written by `punie ask` loaded
 * and replayed, the editor's file system and terminal, a server that is
 * down, garbage on stdin, the turn bound, and a clean exit when stdin closes.
 */

const NOTES = 'The meeting moved to Thursday, room 4.\n';
const root = mkdtempSync(join(tmpdir(), 'punie-acp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let ws: string;
let home: string;
let server: FakeServer;
let spec: string;
let serial = 0;
const open: AcpHarness[] = [];

beforeAll(assertBuilt);
beforeEach(async () => {
  serial += 1;
  ws = join(root, `ws-${serial}`);
  home = join(root, `home-${serial}`);
  mkdirSync(ws);
  writeFileSync(join(ws, 'notes.txt'), NOTES);
  server = await startFakeServer({ profile: 'lmstudio', models: [{ id: 'm', contextLength: 8192 }, { id: 'other', loaded: false }] });
  spec = `local:${server.baseURL}/m`;
});
afterEach(async () => {
  for (const h of open.splice(0)) {
    h.child.kill('SIGKILL');
    await h.exited;
  }
  await server.close();
});

function acp(options: { args?: string[]; offers?: EditorOffers; env?: Record<string, string> } = {}): AcpHarness {
  const h = spawnAcp({
    env: { PUNIE_HOME: home, PUNIE_LOCAL_ENDPOINTS: server.baseURL, ...options.env },
    args: ['--model', spec, ...(options.args ?? [])],
    ...(options.offers ? { offers: options.offers } : {}),
  });
  open.push(h);
  return h;
}

async function startSession(h: AcpHarness, offers: EditorOffers = {}): Promise<string> {
  await h.connection.agent.request('initialize', { protocolVersion: 1, clientCapabilities: clientCapabilities(offers) });
  const { sessionId } = await h.connection.agent.request('session/new', { cwd: ws, mcpServers: [] });
  return sessionId;
}

const prompt = (h: AcpHarness, sessionId: string, text: string) => h.connection.agent.request('session/prompt', { sessionId, prompt: [{ type: 'text', text }] });

type ToolUpdate = Extract<SessionUpdate, { sessionUpdate: 'tool_call' | 'tool_call_update' }>;
const toolUpdates = (updates: SessionUpdate[], toolCallId?: string): ToolUpdate[] =>
  updates.filter((u): u is ToolUpdate => (u.sessionUpdate === 'tool_call' || u.sessionUpdate === 'tool_call_update') && (toolCallId === undefined || u.toolCallId === toolCallId));

const chatBodySchema = z.object({ messages: z.array(z.object({ role: z.string(), content: z.unknown() })) });
const sentMessages = (i: number) => chatBodySchema.parse(server.chatRequests()[i]?.body).messages;

describe('punie acp with a real ACP client (built)', () => {
  it('initializes with honest capabilities, its name and version', async () => {
    const h = acp();
    const init = await h.connection.agent.request('initialize', { protocolVersion: 1, clientCapabilities: clientCapabilities(), clientInfo: { name: 'test', version: '1' } });
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(init).toEqual({
      protocolVersion: 1,
      agentCapabilities: {
        loadSession: true,
        promptCapabilities: { image: false, audio: false, embeddedContext: true },
        mcpCapabilities: { http: true, sse: true },
        sessionCapabilities: { list: {}, close: {} },
      },
      authMethods: [],
      agentInfo: { name: 'punie', title: 'Punie', version: pkg.version },
    });
    expect(await h.close()).toBe(0);
  });

  it('new session: models grouped by server with the one in use; a prompt reads notes.txt and answers with its text; listed by punie history', async () => {
    server.setScript([
      toolTurn([{ name: 'read_file', arguments: '{"path":"notes.txt"}' }]),
      textTurn(`notes.txt says: ${NOTES.trim()}`),
    ]);
    const h = acp();
    await h.connection.agent.request('initialize', { protocolVersion: 1, clientCapabilities: clientCapabilities() });
    const created = await h.connection.agent.request('session/new', { cwd: ws, mcpServers: [] });
    expect(created.configOptions).toEqual([
      {
        id: 'model',
        name: 'Model',
        category: 'model',
        type: 'select',
        currentValue: spec,
        options: [
          { group: 'auto', name: 'Automatic', options: [expect.objectContaining({ value: 'local:' })] },
          {
            group: server.baseURL,
            name: `LM Studio (127.0.0.1:${server.port})`,
            options: [
              { value: spec, name: 'm' },
              expect.objectContaining({ value: `local:${server.baseURL}/other`, name: 'other' }),
            ],
          },
        ],
      },
    ]);

    const result = await prompt(h, created.sessionId, 'What does notes.txt say?');
    expect(result).toEqual({ stopReason: 'end_turn' });
    const updates = h.updatesOf(created.sessionId);
    const calls = toolUpdates(updates);
    const callId = calls[0]!.toolCallId;
    expect(calls[0]).toMatchObject({ sessionUpdate: 'tool_call', kind: 'read', status: 'pending' });
    expect(calls).toContainEqual(expect.objectContaining({ toolCallId: callId, title: 'Read notes.txt', kind: 'read', locations: [{ path: join(ws, 'notes.txt') }] }));
    const done = calls.at(-1)!;
    expect(done).toMatchObject({ sessionUpdate: 'tool_call_update', toolCallId: callId, status: 'completed' });
    expect(JSON.stringify(done.content)).toContain(NOTES.trim());
    expect(answerText(updates)).toContain(NOTES.trim());
    expect(await h.close()).toBe(0);

    const listed = await spawnPunie(['history', '--json'], { env: { PUNIE_HOME: home } });
    const summaries = z.array(conversationSummarySchema).parse(JSON.parse(listed.stdout));
    expect(summaries).toEqual([expect.objectContaining({ id: created.sessionId, title: 'What does notes.txt say?', workspace: ws, model: spec, messageCount: 4 })]);
  });

  it('a write is asked for with its diff; rejected: the file stays absent and the run goes on; allowed once: written, with the diff in the result', async () => {
    const write = (content: string) => toolTurn([{ name: 'write_file', arguments: JSON.stringify({ path: 'todo.txt', content }) }]);
    server.setScript([write('ship it\n'), textTurn('I could not write todo.txt.'), write('ship it\n'), textTurn('Saved todo.txt.')]);
    const h = acp();
    const sessionId = await startSession(h);

    h.answer = 'reject';
    expect(await prompt(h, sessionId, 'Write a todo')).toEqual({ stopReason: 'end_turn' });
    expect(existsSync(join(ws, 'todo.txt'))).toBe(false);
    const asked = h.permissionRequests[0]!;
    expect(asked.options.map((o) => [o.optionId, o.kind])).toEqual([
      ['allow-once', 'allow_once'],
      ['allow-session', 'allow_always'],
      ['reject', 'reject_once'],
    ]);
    expect(asked.toolCall).toMatchObject({ title: 'Write todo.txt', kind: 'edit', status: 'pending', locations: [{ path: join(ws, 'todo.txt') }] });
    expect(asked.toolCall.content).toEqual([{ type: 'diff', path: join(ws, 'todo.txt'), oldText: null, newText: 'ship it\n' }]);
    const first = h.updatesOf(sessionId);
    expect(toolUpdates(first).at(-1)).toMatchObject({ status: 'failed' });
    expect(answerText(first)).toBe('I could not write todo.txt.');
    expect(String(sentMessages(1).at(-1)?.content)).toMatch(/Permission denied by the user/);

    h.answer = 'allow-once';
    const before = h.updates.length;
    expect(await prompt(h, sessionId, 'Write it again')).toEqual({ stopReason: 'end_turn' });
    expect(readFileSync(join(ws, 'todo.txt'), 'utf8')).toBe('ship it\n');
    const second = h.updates.slice(before).map((n) => n.update);
    const completed = toolUpdates(second).at(-1)!;
    expect(completed).toMatchObject({ status: 'completed' });
    expect(completed.content?.[0]).toEqual({ type: 'diff', path: join(ws, 'todo.txt'), oldText: null, newText: 'ship it\n' });
    expect(h.permissionRequests).toHaveLength(2);
  });

  it('allow always for the session: the next write in the session is not asked again', async () => {
    const edit = (from: string, to: string) => toolTurn([{ name: 'edit_file', arguments: JSON.stringify({ path: 'notes.txt', old_text: from, new_text: to }) }]);
    server.setScript([edit('Thursday', 'Friday'), textTurn('Moved.'), edit('room 4', 'room 5'), textTurn('Moved again.')]);
    const h = acp();
    const sessionId = await startSession(h);
    h.answer = 'allow-session';
    expect(await prompt(h, sessionId, 'Move it to Friday')).toEqual({ stopReason: 'end_turn' });
    expect(h.permissionRequests[0]!.toolCall.content).toEqual([
      { type: 'diff', path: join(ws, 'notes.txt'), oldText: NOTES, newText: NOTES.replace('Thursday', 'Friday') },
    ]);
    h.answer = 'reject';
    expect(await prompt(h, sessionId, 'And room 5')).toEqual({ stopReason: 'end_turn' });
    expect(h.permissionRequests).toHaveLength(1);
    expect(readFileSync(join(ws, 'notes.txt'), 'utf8')).toBe('The meeting moved to Friday, room 5.\n');

    // What a run from the editor changed can be undone like any other run.
    const undone = await spawnPunie(['undo', '--conversation', sessionId, '--yes'], { env: { PUNIE_HOME: home } });
    expect(undone.code, undone.stderr).toBe(0);
    expect(readFileSync(join(ws, 'notes.txt'), 'utf8')).toBe('The meeting moved to Friday, room 4.\n');
  });

  it('session/cancel mid-stream: the prompt answers cancelled within a second and the server sees its connection closed', async () => {
    server.setScript([textTurn(Array.from({ length: 400 }, (_, i) => `word${i}`).join(' '), { chunkDelayMs: 20 })]);
    const h = acp();
    const sessionId = await startSession(h);
    const answering = prompt(h, sessionId, 'Talk for a long time');
    await until(() => answerText(h.updatesOf(sessionId)).includes('word3'));
    const cancelledAt = performance.now();
    await h.connection.agent.notify('session/cancel', { sessionId });
    expect(await answering).toEqual({ stopReason: 'cancelled' });
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    const request = server.chatRequests()[0]!;
    await request.done;
    expect(request.clientClosedEarly).toBe(true);
  });

  it('session/cancel while permission is pending: denied, nothing written, the prompt answers cancelled', async () => {
    server.setScript([toolTurn([{ name: 'write_file', arguments: '{"path":"late.txt","content":"x"}' }]), textTurn('never sent')]);
    const h = acp();
    const sessionId = await startSession(h);
    h.answer = 'never';
    const answering = prompt(h, sessionId, 'Write late.txt');
    await until(() => h.permissionRequests.length === 1);
    await h.connection.agent.notify('session/cancel', { sessionId });
    expect(await answering).toEqual({ stopReason: 'cancelled' });
    expect(existsSync(join(ws, 'late.txt'))).toBe(false);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('session/cancel while a command runs: the command is killed', async () => {
    const script = "require('fs').writeFileSync('pid', String(process.pid)); setTimeout(() => {}, 60000)";
    server.setScript([toolTurn([{ name: 'run_command', arguments: JSON.stringify({ command: process.execPath, args: ['-e', script] }) }]), textTurn('never sent')]);
    const h = acp();
    const sessionId = await startSession(h);
    h.answer = 'allow-once';
    const answering = prompt(h, sessionId, 'Run it');
    // The file exists before its number is in it (writeFileSync creates, then writes): wait for the number.
    // Reading it empty gave pid 0, and kill(0, 0) signals our own group, so "alive" for ever (the CI failure).
    const pidIn = () => Number(existsSync(join(ws, 'pid')) ? readFileSync(join(ws, 'pid'), 'utf8') : '');
    await until(() => Number.isInteger(pidIn()) && pidIn() > 0).catch((e) => {
      throw new Error(`${String(e)} ${JSON.stringify(h.updatesOf(sessionId))} ${h.stderr()}`);
    });
    const pid = pidIn();
    await h.connection.agent.notify('session/cancel', { sessionId });
    expect(await answering).toEqual({ stopReason: 'cancelled' });
    // A zombie (killed, not yet reaped) counts as gone; if it ever stays, say what state it is in and what acp said.
    await until(() => !processAlive(pid)).catch((e) => {
      throw new Error(`${String(e)}: command pid ${pid} still there after the prompt answered cancelled; ${processState(pid)}; acp pid ${h.child.pid}; acp stderr: ${h.stderr() || '(empty)'}`);
    });
  });

  it('session/load replays a conversation written by punie ask, then continues it', async () => {
    server.setScript([toolTurn([{ name: 'read_file', arguments: '{"path":"notes.txt"}' }]), textTurn('It moved to Thursday.'), textTurn('Room 4.')]);
    const asked = await spawnPunie(['ask', 'When is the meeting?', '--model', spec, '--workspace', ws], { env: { PUNIE_HOME: home } });
    expect(asked.code).toBe(0);
    const listed = await spawnPunie(['history', '--json'], { env: { PUNIE_HOME: home } });
    const id = z.array(conversationSummarySchema).parse(JSON.parse(listed.stdout))[0]!.id;

    const h = acp();
    await h.connection.agent.request('initialize', { protocolVersion: 1, clientCapabilities: clientCapabilities() });
    const list = await h.connection.agent.request('session/list', { cwd: ws });
    expect(list.sessions).toEqual([expect.objectContaining({ sessionId: id, cwd: ws, title: 'When is the meeting?' })]);
    const loaded = await h.connection.agent.request('session/load', { sessionId: id, cwd: ws, mcpServers: [] });
    expect(loaded.configOptions?.[0]).toMatchObject({ currentValue: spec });
    const replayed = h.updatesOf(id);
    expect(replayed.map((u) => u.sessionUpdate)).toEqual(['user_message_chunk', 'tool_call', 'agent_message_chunk']);
    expect(replayed[0]).toMatchObject({ content: { type: 'text', text: 'When is the meeting?' } });
    expect(replayed[1]).toMatchObject({ kind: 'read', status: 'completed', title: 'Read notes.txt', locations: [{ path: join(ws, 'notes.txt') }] });
    expect(JSON.stringify(replayed[1])).toContain(NOTES.trim());
    expect(replayed[2]).toMatchObject({ content: { type: 'text', text: 'It moved to Thursday.' } });

    expect(await prompt(h, id, 'Which room?')).toEqual({ stopReason: 'end_turn' });
    const sent = sentMessages(2).filter((m) => m.role !== 'system');
    expect(sent[0]).toMatchObject({ role: 'user', content: 'When is the meeting?' });
    expect(sent.at(-1)).toMatchObject({ role: 'user', content: 'Which room?' });
    await expect(h.connection.agent.request('session/load', { sessionId: 'no-such-conversation', cwd: ws, mcpServers: [] })).rejects.toMatchObject({ code: -32002 });
  });

  it('session/prompt on a conversation another punie is writing: a request error with code conversation-in-use naming the process; it goes on once that one ends', async () => {
    server.setScript([textTurn('It moved to Thursday.'), { kind: 'hang' }, textTurn('Room 4.')]);
    expect((await spawnPunie(['ask', 'When is the meeting?', '--model', spec, '--workspace', ws], { env: { PUNIE_HOME: home } })).code).toBe(0);
    const listed = await spawnPunie(['history', '--json'], { env: { PUNIE_HOME: home } });
    const id = z.array(conversationSummarySchema).parse(JSON.parse(listed.stdout))[0]!.id;
    let writer: ChildProcess | undefined;
    const writing = spawnPunie(['ask', 'And where?', '--model', spec, '--conversation', id], { env: { PUNIE_HOME: home }, onSpawn: (c) => (writer = c) });
    try {
      await until(() => server.chatRequests().length === 2, 30_000);
      const h = acp();
      await h.connection.agent.request('initialize', { protocolVersion: 1, clientCapabilities: clientCapabilities() });
      await h.connection.agent.request('session/load', { sessionId: id, cwd: ws, mcpServers: [] });
      await expect(prompt(h, id, 'Which room?')).rejects.toMatchObject({
        code: -32603,
        message: `This conversation is in use by punie (pid ${writer!.pid}); continue it there once it finishes, or start a new one.`,
        data: { code: 'conversation-in-use' },
      });
      expect(server.chatRequests()).toHaveLength(2);
      writer!.kill('SIGINT');
      expect((await writing).code).toBe(130);
      expect(await prompt(h, id, 'Which room?')).toEqual({ stopReason: 'end_turn' });
      expect(answerText(h.updatesOf(id))).toContain('Room 4.');
    } finally {
      writer?.kill('SIGKILL');
      await writing;
    }
  }, 120_000);

  it('the editor’s file system: reads see its unsaved buffer, writes go through it', async () => {
    server.setScript([
      toolTurn([{ name: 'read_file', arguments: '{"path":"notes.txt"}' }]),
      toolTurn([{ name: 'write_file', arguments: '{"path":"out/answer.txt","content":"Friday\\n"}' }]),
      textTurn('Done.'),
    ]);
    const h = acp({ offers: { fs: true } });
    const sessionId = await startSession(h, { fs: true });
    h.buffers.set(join(ws, 'notes.txt'), 'Unsaved: it moved to Friday.\n');
    h.answer = 'allow-once';
    expect(await prompt(h, sessionId, 'Read and answer')).toEqual({ stopReason: 'end_turn' });
    expect(h.calls.map((c) => c.method)).toEqual(['fs/read_text_file', 'fs/write_text_file']);
    expect(h.calls[0]!.params).toEqual({ sessionId, path: join(ws, 'notes.txt') });
    expect(h.calls[1]!.params).toEqual({ sessionId, path: join(ws, 'out', 'answer.txt'), content: 'Friday\n' });
    expect(sentMessages(1).at(-1)).toMatchObject({ role: 'tool', content: 'Unsaved: it moved to Friday.' });
    expect(readFileSync(join(ws, 'out', 'answer.txt'), 'utf8')).toBe('Friday\n');
  });

  it('the editor’s terminal: run_command runs there and the tool call shows it', async () => {
    server.setScript([toolTurn([{ name: 'run_command', arguments: JSON.stringify({ command: process.execPath, args: ['-e', 'console.log("from the terminal")'] }) }]), textTurn('Ran.')]);
    const h = acp({ offers: { terminal: true } });
    const sessionId = await startSession(h, { terminal: true });
    h.answer = 'allow-once';
    expect(await prompt(h, sessionId, 'Run it')).toEqual({ stopReason: 'end_turn' });
    const methods = h.calls.map((c) => c.method);
    expect(methods[0]).toBe('terminal/create');
    expect(methods).toContain('terminal/wait_for_exit');
    expect(methods.at(-1)).toBe('terminal/release');
    expect(h.calls[0]!.params).toMatchObject({ sessionId, command: process.execPath, args: ['-e', 'console.log("from the terminal")'], cwd: ws });
    const calls = toolUpdates(h.updatesOf(sessionId));
    expect(calls.at(-1)).toMatchObject({ status: 'completed', content: [{ type: 'terminal', terminalId: 'term-1' }] });
    expect(String(sentMessages(1).at(-1)?.content)).toContain('from the terminal');
  });

  it('a server that is down: the prompt fails with words a user can act on, naming the URLs tried', async () => {
    const port = await closedPort();
    const h = acp({ args: ['--model', 'local:'], env: { PUNIE_LOCAL_ENDPOINTS: `http://127.0.0.1:${port}/v1` } });
    const sessionId = await startSession(h);
    await expect(prompt(h, sessionId, 'hello')).rejects.toMatchObject({
      code: -32603,
      message: expect.stringMatching(new RegExp(`^Local model server not available\\. Start LM Studio or mlx-lm\\.server first\\..*127\\.0\\.0\\.1:${port}`, 's')),
      data: expect.objectContaining({ code: 'server-unavailable' }),
    });
    expect(await h.close()).toBe(0);
  });

  it('garbage on stdin gets a JSON-RPC error and the process lives on; stdout carries only protocol; stdin closed: exit 0', async () => {
    const h = acp();
    let raw = '';
    h.child.stdout!.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    const sessionId = await startSession(h);
    h.child.stdin!.write('this is not json\n');
    h.child.stdin!.write('{"jsonrpc":"2.0","id":"x7","method":"no/such_method","params":{}}\n');
    h.child.stdin!.write('{"jsonrpc":"2.0","id":"x8","method":"session/prompt","params":{"sessionId":42}}\n');
    await until(() => raw.includes('"id":"x8"'));
    expect(await prompt(h, sessionId, 'hi')).toEqual({ stopReason: 'end_turn' });
    const lines = raw.trim().split('\n').map((l) => JSON.parse(l) as { jsonrpc: string; id?: unknown; error?: { code: number } });
    expect(lines.every((l) => l.jsonrpc === '2.0')).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ id: null, error: expect.objectContaining({ code: -32700 }) }));
    expect(lines.find((l) => l.id === 'x7')).toMatchObject({ error: { code: -32601 } });
    expect(lines.find((l) => l.id === 'x8')).toMatchObject({ error: { code: -32602 } });
    expect(await h.close()).toBe(0);
    expect(h.stderr()).toBe('');
  });

  it('the turn bound answers max_turn_requests; set_config_option switches the model', async () => {
    server.setScript([toolTurn([{ name: 'list_files', arguments: '{}' }]), textTurn('unused'), textTurn('From the other model.')]);
    const h = acp({ args: ['--max-turns', '1'] });
    const sessionId = await startSession(h);
    expect(await prompt(h, sessionId, 'List')).toEqual({ stopReason: 'max_turn_requests' });

    const other = `local:${server.baseURL}/other`;
    const set = await h.connection.agent.request('session/set_config_option', { sessionId, configId: 'model', value: other });
    expect(set.configOptions[0]).toMatchObject({ currentValue: other });
    await prompt(h, sessionId, 'Again');
    expect(server.chatRequests().at(-1)?.body).toMatchObject({ model: 'other' });
    await expect(h.connection.agent.request('session/set_config_option', { sessionId, configId: 'model', value: 'local:ftp://x' })).rejects.toMatchObject({ code: -32602 });
  });

  it('an MCP server the editor passes is connected for that session: its tool is asked for and runs; it stops when stdin closes', async () => {
    server.setScript(NAMED_SCRIPTS['mcp-echo']!.turns);
    const marker = randomUUID();
    const h = acp({ args: ['--no-mcp'] });
    await h.connection.agent.request('initialize', { protocolVersion: 1, clientCapabilities: clientCapabilities() });
    const { sessionId } = await h.connection.agent.request('session/new', {
      cwd: ws,
      mcpServers: [{ name: 'everything', command: process.execPath, args: [EVERYTHING_JS, 'stdio'], env: [{ name: 'PUNIE_TEST_MARKER', value: marker }] }],
    });
    h.answer = 'allow-once';
    expect(await prompt(h, sessionId, 'Echo')).toEqual({ stopReason: 'end_turn' });
    expect(h.permissionRequests[0]!.toolCall).toMatchObject({ kind: 'other', title: 'echo (everything)' });
    expect(toolUpdates(h.updatesOf(sessionId)).at(-1)).toMatchObject({ status: 'completed' });
    expect(answerText(h.updatesOf(sessionId))).toContain('Punie reached the MCP server');
    const offered = (server.chatRequests()[0]!.body as { tools: { function: { name: string } }[] }).tools.map((t) => t.function.name);
    expect(offered).toContain('everything__echo');
    expect(await h.close()).toBe(0);
    if (canSeeProcesses) await expect.poll(() => markedProcesses('PUNIE_TEST_MARKER', marker), { timeout: 3_000 }).toEqual([]);
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

