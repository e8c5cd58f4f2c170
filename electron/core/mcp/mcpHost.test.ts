import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  changingToolsSpec,
  everythingSpec,
  exitAtStartSpec,
  filesystemSpec,
  hangAtInitializeSpec,
  recordingTap,
  startEverythingHttp,
  wrappedEverythingSpec,
  type HttpServer,
} from '../../../test/support/core/mcp/realServers';
import { PunieError } from '../errors';
import { createLogger } from '../log';
import { makeTempWorkspace, type TempWorkspace } from '../../../test/support/core/tempWorkspace';
import { processAlive, waitUntilGone } from '../../../test/support/core/processAlive';
import { ToolFailure } from '../tools/toolFailure';
import type { ToolProgress } from '../tools/toolTypes';
import { liveGroups } from './liveGroups';
import { createMcpHost, type McpHost, type McpHostOptions } from './mcpHost';
import type { McpServerSpec } from './mcpServerSpec';

// Against the real servers from npm (server-everything, server-filesystem), a
// real SDK server whose tools change, and programs that misbehave.

const log = createLogger('test:mcp');
const hosts: McpHost[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function host(specs: McpServerSpec[], options: Partial<McpHostOptions> = {}): McpHost {
  const h = createMcpHost({ baseEnv: async () => ({ PATH: process.env.PATH, HOME: process.env.HOME }), log, ...options });
  hosts.push(h);
  void h.setServers(specs);
  h.start();
  return h;
}

async function workspace(): Promise<TempWorkspace> {
  const ws = await makeTempWorkspace();
  cleanups.push(() => ws.cleanup());
  return ws;
}

function tool(h: McpHost, name: string) {
  const found = h.tools().find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name}; have ${h.tools().map((t) => t.name).join(', ')}`);
  return found;
}

describe('server-everything over stdio', () => {
  it('connects, offers its tools as everything__TOOL with their schemas, and echoes', async () => {
    const h = host([everythingSpec()]);
    await h.ready(AbortSignal.timeout(15_000));
    const [status] = h.statuses();
    expect(status).toMatchObject({ name: 'everything', state: 'connected', transport: 'stdio', serverInfo: { name: 'mcp-servers/everything' } });
    expect(status!.tools).toContainEqual(expect.objectContaining({ name: 'everything__echo', tool: 'echo', readOnly: true }));
    const echo = tool(h, 'everything__echo');
    expect(echo.needsPermission).toBe(true);
    expect(echo.parameters).toMatchObject({ type: 'object', properties: { message: { type: 'string' } }, required: ['message'] });
    expect(echo.parameters).not.toHaveProperty('$schema');

    const ws = await workspace();
    const call = await echo.prepare({ message: 'hello from Punie' }, await ws.context());
    expect(call.preview.mcp).toEqual({ server: 'everything', tool: 'echo', readOnly: true });
    const outcome = await call.run();
    expect(outcome).toEqual({ content: 'Echo: hello from Punie', meta: { mcp: { server: 'everything', tool: 'echo' } } });
  });

  it('turns images and resource links into text the model can read', async () => {
    const h = host([everythingSpec()]);
    await h.ready(AbortSignal.timeout(15_000));
    const ctx = await (await workspace()).context();
    const image = await (await tool(h, 'everything__get-tiny-image').prepare({}, ctx)).run();
    expect(image.content).toMatch(/\[Image \(image\/png, [\d.]+ (B|KB)\) returned by the tool\. Punie cannot pass images to the model/);
    const links = await (await tool(h, 'everything__get-resource-links').prepare({ count: 2 }, ctx)).run();
    expect(links.content).toContain('[Resource link: Text Resource 2 <demo://resource/dynamic/text/2>');
    const embedded = await (await tool(h, 'everything__get-resource-reference').prepare({ resourceType: 'Text', resourceId: 1 }, ctx)).run();
    expect(embedded.content).toMatch(/\[Resource demo:\/\/resource\/dynamic\/text\/1 \(text\/plain\)\]\n/);
  });

  it('caps a long result like a built-in tool', async () => {
    const h = host([everythingSpec()]);
    await h.ready(AbortSignal.timeout(15_000));
    const ctx = await (await workspace()).context({ limits: { mcpResultChars: 200 } });
    const outcome = await (await tool(h, 'everything__echo').prepare({ message: 'x'.repeat(5_000) }, ctx)).run();
    expect(outcome.content.length).toBeLessThan(400);
    expect(outcome.content).toContain('cut to fit');
    expect(outcome.meta).toMatchObject({ truncated: true });
  });

  it('gives the server only PATH, HOME and its own variables, never Punie\'s keys', async () => {
    const h = host([everythingSpec('everything', { env: { DOCS_ROOT: '/srv/docs' } })], {
      baseEnv: async () => ({ PATH: process.env.PATH, HOME: '/home/someone', OPENAI_API_KEY: 'sk-secret-1234567890', ANTHROPIC_API_KEY: 'sk-ant-secret', PUNIE_HOME: '/x', EDITOR: 'vim' }),
    });
    await h.ready(AbortSignal.timeout(15_000));
    const outcome = await (await tool(h, 'everything__get-env').prepare({}, await (await workspace()).context())).run();
    const env = JSON.parse(outcome.content) as Record<string, string>;
    expect(env).toMatchObject({ HOME: '/home/someone', DOCS_ROOT: '/srv/docs', PATH: process.env.PATH });
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'PUNIE_HOME', 'EDITOR']) expect(env).not.toHaveProperty(name);
    expect(outcome.content).not.toContain('sk-');
  });

  it('passes progress on, and a Stop cancels the call: the server is told and never answers it', async () => {
    const { sent, received, tap } = recordingTap();
    const h = host([everythingSpec()], { tap });
    await h.ready(AbortSignal.timeout(15_000));
    const controller = new AbortController();
    const progress: ToolProgress[] = [];
    const call = await tool(h, 'everything__trigger-long-running-operation').prepare({ duration: 3, steps: 6 }, await (await workspace()).context({ signal: controller.signal }));
    const running = call.run({ progress: (p) => progress.push(p) });
    await expect.poll(() => progress.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(progress[0]).toMatchObject({ progress: 1, total: 6 });

    const stoppedAt = performance.now();
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'aborted' });
    expect(performance.now() - stoppedAt).toBeLessThan(1_000);
    const request = sent.find((m) => (m as { method?: string }).method === 'tools/call') as { id: number };
    const cancel = sent.find((m) => (m as { method?: string }).method === 'notifications/cancelled') as { params: { requestId: number } } | undefined;
    expect(cancel?.params.requestId).toBe(request.id);

    // Had it not been told, the server would answer when the 3 s are up.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(received.some((m) => (m as { id?: unknown }).id === request.id)).toBe(false);
    expect(h.statuses()[0]!.state).toBe('connected');
  });

  it('times out a call with the server\'s timeout and cancels it', async () => {
    const { sent, tap } = recordingTap();
    const h = host([everythingSpec('everything', { timeoutMs: 500 })], { tap });
    await h.ready(AbortSignal.timeout(15_000));
    const call = await tool(h, 'everything__trigger-long-running-operation').prepare({ duration: 5, steps: 5 }, await (await workspace()).context());
    const error = await call.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolFailure);
    expect(error).toMatchObject({ code: 'tool-timeout', message: 'everything__trigger-long-running-operation did not answer within 1 s, so the call was cancelled.' });
    expect(sent.some((m) => (m as { method?: string }).method === 'notifications/cancelled')).toBe(true);
  });

  it('stops a server started through a wrapper, its child too (one process group)', async () => {
    const h = host([wrappedEverythingSpec()]);
    await h.ready(AbortSignal.timeout(15_000));
    const status = h.statuses()[0]!;
    expect(status.state).toBe('connected');
    const parent = h.server('wrapped')!.pid()!;
    const child = Number(/child (\d+)/.exec(status.stderr.join('\n'))?.[1]);
    expect(processAlive(parent) && processAlive(child)).toBe(true);
    await h.stop();
    expect(await waitUntilGone(parent)).toBe(true);
    expect(await waitUntilGone(child)).toBe(true);
  });
});

describe('server-filesystem', () => {
  it('reads a file of its folder, and a read outside it comes back as a tool error the model can correct', async () => {
    const folder = await realpath(await mkdtemp(join(tmpdir(), 'punie-mcp-fs-')));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    await writeFile(join(folder, 'notes.md'), '# Notes\n\nShip the cache fix.\n');
    const h = host([filesystemSpec(folder)]);
    await h.ready(AbortSignal.timeout(15_000));
    const read = tool(h, 'filesystem__read_text_file');
    const ctx = await (await workspace()).context();
    expect((await (await read.prepare({ path: join(folder, 'notes.md') }, ctx)).run()).content).toBe('# Notes\n\nShip the cache fix.\n');

    const error = await (await read.prepare({ path: '/etc/hostname' }, ctx)).run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolFailure);
    expect(error).toMatchObject({ code: 'tool-failed', meta: { mcp: { server: 'filesystem', tool: 'read_text_file' } } });
    expect((error as Error).message).toMatch(/Access denied|outside allowed/i);
  });
});

describe('Streamable HTTP', () => {
  let http: HttpServer | undefined;
  afterEach(async () => {
    await http?.stop();
    http = undefined;
  });

  it('connects to server-everything over Streamable HTTP and echoes', async () => {
    http = await startEverythingHttp('streamableHttp');
    const h = host([{ name: 'remote', source: 'user', launch: { kind: 'auto', url: http.url, headers: { 'X-Team': 'punie' } }, disabled: false, timeoutMs: 30_000, target: http.url }]);
    await h.ready(AbortSignal.timeout(15_000));
    expect(h.statuses()[0]).toMatchObject({ state: 'connected', transport: 'http' });
    const outcome = await (await tool(h, 'remote__echo').prepare({ message: 'over http' }, await (await workspace()).context())).run();
    expect(outcome.content).toBe('Echo: over http');
  });

  it('falls back to the older HTTP+SSE transport when the server has only that', async () => {
    http = await startEverythingHttp('sse');
    const h = host([{ name: 'legacy', source: 'user', launch: { kind: 'auto', url: http.url, headers: {} }, disabled: false, timeoutMs: 30_000, target: http.url }]);
    await h.ready(AbortSignal.timeout(15_000));
    expect(h.statuses()[0]).toMatchObject({ state: 'connected', transport: 'sse' });
    const outcome = await (await tool(h, 'legacy__echo').prepare({ message: 'over sse' }, await (await workspace()).context())).run();
    expect(outcome.content).toBe('Echo: over sse');
  });
});

describe('servers that misbehave', () => {
  it('a server that exits at start is restarted with backoff, then marked failed with its stderr', async () => {
    const h = host([exitAtStartSpec()], { restart: { maxRestarts: 2, baseDelayMs: 50, maxDelayMs: 100 } });
    const states = new Set<string>();
    h.subscribe(() => states.add(h.statuses()[0]!.state));
    await expect.poll(() => h.statuses()[0]!.state, { timeout: 10_000 }).toBe('failed');
    const status = h.statuses()[0]!;
    expect(states).toContain('restarting');
    expect(status.restarts).toBe(2);
    expect(status.error).toMatch(/exited with code 3 before the MCP handshake finished.*restarted 2 times and gave up/);
    expect(status.stderr).toEqual(['fatal: cannot open the database at /nope  (×3)']);
    expect(h.tools()).toEqual([]);
    expect(liveGroups.list()).toEqual([]);
  });

  it('a server that hangs at initialize times out, is marked failed, and its process is stopped', async () => {
    const h = host([hangAtInitializeSpec()], { initTimeoutMs: 700, closeGraceMs: 200 });
    await h.ready(AbortSignal.timeout(10_000));
    const status = h.statuses()[0]!;
    expect(status.state).toBe('failed');
    expect(status.error).toBe('The server did not finish the MCP handshake within 1 s.');
    expect(status.stderr).toEqual(['waiting for a license server…']);
    expect(status.restarts).toBe(0);
    await expect.poll(() => liveGroups.list(), { timeout: 5_000 }).toEqual([]);
  });

  it('a program that does not exist fails with a message that says so', async () => {
    const h = host([{ name: 'ghost', source: 'user', launch: { kind: 'stdio', command: 'punie-no-such-program', args: [], env: {}, cwd: tmpdir() }, disabled: false, timeoutMs: 1000, target: 'punie-no-such-program' }], {
      restart: { maxRestarts: 0 },
    });
    await h.ready(AbortSignal.timeout(10_000));
    expect(h.statuses()[0]!.error).toMatch(/The program "punie-no-such-program" was not found/);
  });

  it('a tool that answers isError is a tool error with the server\'s words', async () => {
    const h = host([changingToolsSpec()]);
    await h.ready(AbortSignal.timeout(20_000));
    const error = await (await tool(h, 'changing__fail').prepare({ why: 'the disk is full' }, await (await workspace()).context())).run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PunieError);
    expect(error).toMatchObject({ code: 'tool-failed', message: 'It failed because the disk is full.' });
  });

  it('a crashed server is restarted and its tools come back', async () => {
    const h = host([everythingSpec()], { restart: { baseDelayMs: 50 } });
    await h.ready(AbortSignal.timeout(15_000));
    const first = h.server('everything')!.pid()!;
    process.kill(first, 'SIGKILL');
    await expect.poll(() => h.statuses()[0]!.state, { timeout: 5_000 }).not.toBe('connected');
    await expect.poll(() => h.statuses()[0]!.state, { timeout: 15_000 }).toBe('connected');
    expect(h.statuses()[0]!.restarts).toBe(1);
    expect(h.server('everything')!.pid()).not.toBe(first);
    expect(h.tools().some((t) => t.name === 'everything__echo')).toBe(true);
  });
});

it('follows tools/list_changed', async () => {
  const h = host([changingToolsSpec()]);
  await h.ready(AbortSignal.timeout(20_000));
  expect(h.tools().map((t) => t.name)).toEqual(['changing__unlock', 'changing__fail']);
  let changes = 0;
  h.subscribe(() => (changes += 1));
  await (await tool(h, 'changing__unlock').prepare({}, await (await workspace()).context())).run();
  await expect.poll(() => h.tools().map((t) => t.name), { timeout: 5_000 }).toEqual(['changing__unlock', 'changing__fail', 'changing__secret_door']);
  expect(changes).toBeGreaterThan(0);
  const door = await (await tool(h, 'changing__secret_door').prepare({ knock: 3 }, await (await workspace()).context())).run();
  expect(door.content).toBe('The door opens after 3 knocks.');
});

it('names tools of servers whose names clash apart', async () => {
  const h = host([everythingSpec('my server'), everythingSpec('my.server')]);
  await h.ready(AbortSignal.timeout(20_000));
  const names = h.tools().map((t) => t.name);
  expect(names).toContain('my_server__echo');
  expect(names).toContain('my_server__echo_2');
  expect(new Set(names).size).toBe(names.length);
});
