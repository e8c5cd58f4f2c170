import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NAMED_SCRIPTS } from '../../../e2e/fake-server/namedScripts';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import { mcpServerStatusSchema } from '../../../shared/mcp';
import { assertBuilt, spawnPunie } from '../../../test/support/cli/spawnPunie';
import { canSeeProcesses, markedProcesses } from '../../../test/support/core/mcp/markedProcesses';
import { EVERYTHING_JS, FIXTURES } from '../../../test/support/core/mcp/realServers';

/**
 * MCP through the built `punie` command, as a user runs it: a scripted model
 * (the fake server) calls the tools of the real server-everything, started
 * from mcp.json in the data folder. Each server gets a unique variable in
 * its env, so the test can see from outside whether any of its processes
 * outlives the command. `npm test` builds first; alone, run `npm run build`.
 */

const root = mkdtempSync(join(tmpdir(), 'punie-mcp-spawn-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(assertBuilt);
const start = useFakeServers();

let home: string;
let workspace: string;
let marker: string;
beforeEach(() => {
  home = join(root, randomUUID());
  workspace = join(home, 'ws');
  mkdirSync(workspace, { recursive: true });
  marker = randomUUID();
});

function writeConfig(servers: Record<string, unknown>, at = join(home, 'mcp.json')): void {
  writeFileSync(at, JSON.stringify({ mcpServers: servers }, null, 2));
}

const everything = (extra: Record<string, unknown> = {}) => ({ command: process.execPath, args: [EVERYTHING_JS, 'stdio'], env: { PUNIE_TEST_MARKER: marker }, ...extra });

const punie = (args: string[], options: Omit<Parameters<typeof spawnPunie>[1], 'env'> = {}) =>
  spawnPunie(args, { env: { PUNIE_HOME: home, PUNIE_LOCAL_ENDPOINTS: 'http://127.0.0.1:9/v1' }, cwd: workspace, ...options });

async function noServerLeft(): Promise<void> {
  if (!canSeeProcesses) return;
  await expect.poll(() => markedProcesses('PUNIE_TEST_MARKER', marker), { timeout: 3_000 }).toEqual([]);
}

describe('punie ask with MCP servers', () => {
  it('a scripted model calls everything__echo and punie answers with what the server echoed; no server process is left', async () => {
    writeConfig({ everything: everything() });
    const server = await start({ profile: 'lmstudio', script: NAMED_SCRIPTS['mcp-echo']!.turns });
    const r = await punie(['ask', 'Echo a greeting through the MCP server', '--yes', '--model', `local:${server.baseURL}/${server.models[0]!.id}`]);
    expect(r.stderr).toContain('everything__echo');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('Echo: Punie reached the MCP server');
    const offered = (server.chatRequests()[0]!.body as { tools: { function: { name: string } }[] }).tools.map((t) => t.function.name);
    expect(offered).toContain('everything__echo');
    await noServerLeft();
  });

  it('--allow names an MCP server: its tools run without a terminal to ask', async () => {
    writeConfig({ everything: everything() });
    const server = await start({ profile: 'lmstudio', script: NAMED_SCRIPTS['mcp-echo']!.turns });
    const r = await punie(['ask', 'Echo', '--allow', 'everything', '--model', `local:${server.baseURL}/${server.models[0]!.id}`, '--no-history']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('Echo: Punie reached the MCP server');
    const unknown = await punie(['ask', 'Echo', '--allow', 'everythin', '--model', `local:${server.baseURL}/m`]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--allow does not know everythin');
  });

  it('--no-mcp offers only the built-in tools; --mcp-config uses another file', async () => {
    writeConfig({ everything: everything() });
    const server = await start({ profile: 'lmstudio' });
    expect((await punie(['ask', 'hi', '--no-mcp', '--model', `local:${server.baseURL}/${server.models[0]!.id}`])).code).toBe(0);
    expect((server.chatRequests()[0]!.body as { tools: unknown[] }).tools).toHaveLength(6);

    const other = join(home, 'other-mcp.json');
    writeConfig({ elsewhere: everything() }, other);
    const listed = await punie(['mcp', 'list', '--json', '--mcp-config', other]);
    expect(JSON.parse(listed.stdout).servers.map((s: { name: string }) => s.name)).toEqual(['elsewhere']);
    const missing = await punie(['ask', 'hi', '--mcp-config', join(home, 'nope.json'), '--model', `local:${server.baseURL}/m`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--mcp-config');
  });

  it('Ctrl-C during a long MCP call: the server is told within a second, punie exits 130 and leaves no process', async () => {
    const log = join(home, 'to-server.jsonl');
    writeConfig({ everything: everything({ args: [join(FIXTURES, 'recordingProxy.mjs'), log, '--', process.execPath, EVERYTHING_JS, 'stdio'] }) });
    const server = await start({ profile: 'lmstudio', script: NAMED_SCRIPTS['mcp-long']!.turns });
    let interruptedAt = 0;
    const r = await punie(['ask', 'Do the long thing', '--yes', '--json', '--model', `local:${server.baseURL}/${server.models[0]!.id}`], {
      onStdout(text, child) {
        if (interruptedAt === 0 && text.includes('"tool-progress"')) {
          interruptedAt = Date.now();
          child.kill('SIGINT');
        }
      },
    });
    expect(interruptedAt).toBeGreaterThan(0);
    expect(r.code).toBe(130);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; error?: { code: string } });
    expect(events.find((e) => e.type === 'tool-error')?.error?.code).toBe('aborted');
    expect(events.at(-1)?.type).toBe('run-abort');

    const told = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { at: number; message: { id?: number; method?: string; params?: { requestId?: number } } });
    const call = told.find((m) => m.message.method === 'tools/call')!;
    const cancel = told.find((m) => m.message.method === 'notifications/cancelled');
    expect(cancel?.message.params?.requestId).toBe(call.message.id);
    expect(cancel!.at - interruptedAt).toBeLessThan(1_000);
    await noServerLeft();
  });

  it('a SIGTERM to punie mid-call leaves no server process either', async () => {
    writeConfig({ everything: everything() });
    const server = await start({ profile: 'lmstudio', script: NAMED_SCRIPTS['mcp-long']!.turns });
    let sent = false;
    const r = await punie(['ask', 'Do the long thing', '--yes', '--json', '--model', `local:${server.baseURL}/${server.models[0]!.id}`], {
      onStdout(text, child) {
        if (!sent && text.includes('"tool-progress"')) {
          sent = true;
          child.kill('SIGTERM');
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.signal).toBeNull();
    await noServerLeft();
  });
});

describe('punie mcp', () => {
  it('list --json: the server connected, with its tools; a failing one with its stderr (exit 1)', async () => {
    writeConfig({ everything: everything(), broken: { command: process.execPath, args: ['-e', "console.error('cannot reach the database'); process.exit(4)"] } });
    const r = await punie(['mcp', 'list', '--json']);
    expect(r.code).toBe(1);
    const servers = JSON.parse(r.stdout).servers.map((s: unknown) => mcpServerStatusSchema.parse(s));
    expect(servers[0]).toMatchObject({ name: 'everything', state: 'connected', transport: 'stdio' });
    expect(servers[0].tools).toContainEqual(expect.objectContaining({ name: 'everything__echo', tool: 'echo', readOnly: true }));
    expect(servers[1]).toMatchObject({ name: 'broken', state: 'failed', error: 'The server exited with code 4 before the MCP handshake finished.', stderr: ['cannot reach the database'] });
    await noServerLeft();

    const text = await punie(['mcp', 'list']);
    expect(text.stdout).toMatch(/^everything {2}connected \(stdio, \d+ tools\)/);
    expect(text.stdout).toContain('everything__echo');
    expect(text.stdout).toContain('    cannot reach the database');
  });

  it('a workspace\'s .mcp.json runs only once approved, and asks again when it changes', async () => {
    writeFileSync(join(workspace, '.mcp.json'), JSON.stringify({ mcpServers: { repo: everything() } }));
    const before = await punie(['mcp', 'list', '--json']);
    expect(JSON.parse(before.stdout).servers[0]).toMatchObject({ name: 'repo', source: 'workspace', state: 'needs-approval' });
    expect(canSeeProcesses ? markedProcesses('PUNIE_TEST_MARKER', marker) : []).toEqual([]);

    const refused = await punie(['mcp', 'approve']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('there is no terminal to ask');
    const approved = await punie(['mcp', 'approve', '--yes']);
    expect(approved.code).toBe(0);
    expect(approved.stderr).toContain(`repo: runs ${process.execPath}`);
    expect(JSON.parse((await punie(['mcp', 'list', '--json'])).stdout).servers[0]).toMatchObject({ name: 'repo', state: 'connected' });

    writeFileSync(join(workspace, '.mcp.json'), JSON.stringify({ mcpServers: { repo: everything({ cwd: '..' }) } }));
    expect(JSON.parse((await punie(['mcp', 'list', '--json'])).stdout).servers[0]).toMatchObject({ state: 'needs-approval' });
    expect(existsSync(join(home, 'mcp-approvals.json'))).toBe(true);
    await noServerLeft();
  });
});
