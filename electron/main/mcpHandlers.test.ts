import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, RouteInput, RouteName, RouteOutput } from '../../shared/ipc/routes';
import type { McpView } from '../../shared/mcp';
import { settingsSchema } from '../../shared/settings';
import { createPlainNodeMain, type PlainNodeMain } from '../../test/support/main/plainNodeMain';
import { canSeeProcesses, markedProcesses } from '../../test/support/core/mcp/markedProcesses';
import { EVERYTHING_JS } from '../../test/support/core/mcp/realServers';
import { liveGroups } from '../core/mcp/liveGroups';
import { saveSettingsFile, SETTINGS_FILE_NAME } from '../core/store/settingsFile';
import { composeEngine } from './composeEngine';
import type { SenderInfo } from './senderPolicy';

/**
 * The MCP routes on the real engine (composeEngine with its MCP manager, the
 * real server-everything): the page asks, main decides, and every change
 * that lets something new run waits for the native question's answer.
 */

const ORIGIN = 'http://127.0.0.1:5999';
let root: string;
let dataDir: string;
let workspace: string;
let home: string;
let main: PlainNodeMain;
const pushed: McpView[] = [];

const sender: SenderInfo = { url: `${ORIGIN}/index.html`, topFrame: true, window: 'main' };
async function ask<R extends RouteName>(route: R, input: RouteInput<R>): Promise<Envelope<RouteOutput<R>>> {
  return (await main.app.handle(sender, route, input)) as Envelope<RouteOutput<R>>;
}
async function ok<R extends RouteName>(route: R, input: RouteInput<R>): Promise<RouteOutput<R>> {
  const answer = await ask(route, input);
  if (!answer.ok) throw new Error(`${route}: ${answer.error.code}: ${answer.error.message}`);
  return answer.data;
}
const everything = { transport: 'stdio' as const, command: process.execPath, args: [EVERYTHING_JS, 'stdio'], env: {} };
const configText = () => readFile(join(dataDir, 'mcp.json'), 'utf8');
const stateOf = async (name: string) => (await ok('mcp.view', {})).servers.find((s) => s.name === name)?.state;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'punie-mcp-routes-'));
  dataDir = join(root, 'data');
  workspace = join(root, 'ws');
  home = join(root, 'home');
  await mkdir(dataDir);
  await mkdir(workspace);
  await mkdir(home);
  await saveSettingsFile(join(dataDir, SETTINGS_FILE_NAME), settingsSchema.parse({ endpoints: [], workspace }), AbortSignal.timeout(5_000));
  main = await createPlainNodeMain({
    dataDir,
    trustedOrigins: [ORIGIN],
    composeEngine: (deps) => composeEngine({ ...deps, env: {}, mcp: { importFrom: { home, platform: 'linux', env: {} }, host: { closeGraceMs: 300 } } }),
  });
  pushed.length = 0;
  main.app.attachWindow({ kind: 'main', send: (channel, payload) => void (channel === 'mcp.changed' && pushed.push(payload as McpView)) });
});

afterEach(async () => {
  await main.dispose();
  expect(liveGroups.list()).toEqual([]);
  await rm(root, { recursive: true, force: true });
});

describe('adding and changing servers', () => {
  it('adds a server only once the user says yes natively, then it connects and the page hears of it', async () => {
    main.dialogs.confirmAnswer = false;
    expect(await ask('mcp.saveServer', { name: 'everything', server: everything })).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    expect(main.dialogs.confirmations[0]).toMatchObject({ message: 'Add the MCP server "everything"?', confirmLabel: 'Allow it to run' });
    expect(main.dialogs.confirmations[0]!.detail).toContain(`everything: runs ${process.execPath}`);
    await expect(configText()).rejects.toThrow();

    main.dialogs.confirmAnswer = true;
    await ok('mcp.saveServer', { name: 'everything', server: everything });
    expect(JSON.parse(await configText())).toEqual({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING_JS, 'stdio'] } } });
    await expect.poll(() => stateOf('everything'), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => pushed.at(-1)?.servers[0]?.tools.length ?? 0, { timeout: 5_000 }).toBeGreaterThan(5);
  });

  it('keeps keys it does not know, asks again for a changed command, not for a timeout; disabling narrows, enabling asks', async () => {
    await writeFile(join(dataDir, 'mcp.json'), JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING_JS, 'stdio'], lmstudioNote: 'keep me' } }, theme: 'dark' }));
    await ok('mcp.view', {}); // reading needs no question
    main.dialogs.confirmAnswer = true;
    await ok('mcp.saveServer', { name: 'everything', server: { ...everything, timeoutSeconds: 5 } });
    expect(main.dialogs.confirmations).toHaveLength(0);
    expect(JSON.parse(await configText())).toEqual({ mcpServers: { everything: { lmstudioNote: 'keep me', command: process.execPath, args: [EVERYTHING_JS, 'stdio'], timeoutSeconds: 5 } }, theme: 'dark' });

    await ok('mcp.saveServer', { name: 'everything', server: { ...everything, args: [EVERYTHING_JS, 'stdio', '--extra'] } });
    expect(main.dialogs.confirmations.at(-1)).toMatchObject({ message: 'Change the MCP server "everything"?' });

    await ok('mcp.setDisabled', { name: 'everything', disabled: true });
    expect(main.dialogs.confirmations).toHaveLength(1);
    await expect.poll(() => stateOf('everything')).toBe('disabled');
    main.dialogs.confirmAnswer = false;
    expect(await ask('mcp.setDisabled', { name: 'everything', disabled: false })).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    expect(main.dialogs.confirmations.at(-1)).toMatchObject({ message: 'Turn on the MCP server "everything"?' });

    await ok('mcp.removeServer', { name: 'everything' });
    expect(JSON.parse(await configText())).toEqual({ mcpServers: {}, theme: 'dark' });
  });

  it('the JSON view: what it saves is checked, new servers are asked about, a broken file can be fixed', async () => {
    await writeFile(join(dataDir, 'mcp.json'), '{ "mcpServers": {');
    await expect.poll(async () => (await ok('mcp.view', {})).problem ?? '', { timeout: 5_000 }).toMatch(/not valid JSON/);
    expect(await ask('mcp.saveServer', { name: 'x', server: everything })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await ok('mcp.getJson', {})).text).toBe('{ "mcpServers": {');
    expect(await ask('mcp.setJson', { text: '{"mcpServers": {"a": {"url": "ftp://x"}}}' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('http:// or https://') } });
    main.dialogs.confirmAnswer = true;
    await ok('mcp.setJson', { text: JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING_JS, 'stdio'] } } }) });
    expect(main.dialogs.confirmations.at(-1)).toMatchObject({ message: 'Add the MCP server "everything"?' });
    await expect.poll(() => stateOf('everything'), { timeout: 15_000 }).toBe('connected');
  });
});

describe('rules and approvals', () => {
  it('a rule that stops asking is confirmed natively and cannot be set through settings.set', async () => {
    expect(await ask('settings.set', { mcpRules: [{ server: 'everything' }] } as never)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    main.dialogs.confirmAnswer = false;
    expect(await ask('mcp.setRule', { server: 'everything', tool: 'echo', allow: true })).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    main.dialogs.confirmAnswer = true;
    expect(await ok('mcp.setRule', { server: 'everything', tool: 'echo', allow: true })).toEqual({ rules: [{ server: 'everything', tool: 'echo' }] });
    expect(main.dialogs.confirmations.at(-1)).toMatchObject({ message: 'Let "echo" of "everything" run without asking?' });
    expect(await ok('mcp.setRule', { server: 'everything', allow: true })).toEqual({ rules: [{ server: 'everything', tool: 'echo' }, { server: 'everything' }] });
    const asked = main.dialogs.confirmations.length;
    expect(await ok('mcp.setRule', { server: 'everything', allow: false })).toEqual({ rules: [] });
    expect(main.dialogs.confirmations).toHaveLength(asked);
    expect(main.settings.get().mcpRules).toEqual([]);
  });

  it('a workspace\'s .mcp.json waits for its approval, which is asked natively', async () => {
    await writeFile(join(workspace, '.mcp.json'), JSON.stringify({ mcpServers: { repo: { command: process.execPath, args: [EVERYTHING_JS, 'stdio'] } } }));
    await main.settings.update({ workspace: join(root, 'ws') }, AbortSignal.timeout(1_000));
    await expect.poll(async () => (await ok('mcp.view', {})).workspace?.servers, { timeout: 5_000 }).toEqual([{ name: 'repo', target: `${process.execPath} ${EVERYTHING_JS} stdio` }]);
    expect(await stateOf('repo')).toBe('needs-approval');
    main.dialogs.confirmAnswer = false;
    expect(await ask('mcp.approveWorkspace', { approve: true })).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    expect(main.dialogs.confirmations.at(-1)!.detail).toContain(`repo: ${process.execPath}`);
    main.dialogs.confirmAnswer = true;
    expect((await ok('mcp.approveWorkspace', { approve: true })).workspace?.approved).toBe(true);
    await expect.poll(() => stateOf('repo'), { timeout: 15_000 }).toBe('connected');
    await ok('mcp.approveWorkspace', { approve: false });
    await expect.poll(() => stateOf('repo')).toBe('needs-approval');
  });
});

describe('quitting', () => {
  it('leaves no server process: every one is stopped before the engine is gone', async () => {
    const marker = `quit-${Date.now()}`;
    await writeFile(join(dataDir, 'mcp.json'), JSON.stringify({ mcpServers: { a: { command: process.execPath, args: [EVERYTHING_JS, 'stdio'], env: { PUNIE_TEST_MARKER: marker } }, b: { command: process.execPath, args: [EVERYTHING_JS, 'stdio'], env: { PUNIE_TEST_MARKER: marker } } } }));
    await expect.poll(async () => (await ok('mcp.view', {})).servers.map((s) => s.state), { timeout: 20_000 }).toEqual(['connected', 'connected']);
    if (canSeeProcesses) expect(markedProcesses('PUNIE_TEST_MARKER', marker)).toHaveLength(2);
    await main.dispose();
    if (canSeeProcesses) expect(markedProcesses('PUNIE_TEST_MARKER', marker)).toEqual([]);
    expect(liveGroups.list()).toEqual([]);
  });
});

describe('import from LM Studio and Claude Desktop', () => {
  it('previews what it adds, and adds the new servers as they were written, after asking', async () => {
    await writeFile(join(dataDir, 'mcp.json'), JSON.stringify({ mcpServers: { same: { url: 'http://127.0.0.1:1/mcp' }, clash: { command: 'mine' } } }));
    await mkdir(join(home, '.lmstudio'));
    await writeFile(
      join(home, '.lmstudio', 'mcp.json'),
      JSON.stringify({ mcpServers: { fresh: { command: process.execPath, args: [EVERYTHING_JS, 'stdio'], lmstudio: { pinned: true } }, same: { url: 'http://127.0.0.1:1/mcp' }, clash: { command: 'theirs' }, broken: {} } }),
    );
    const preview = await ok('mcp.importPreview', { source: 'lmstudio' });
    expect(preview).toMatchObject({ source: 'lmstudio', path: join(home, '.lmstudio', 'mcp.json'), found: true });
    expect(preview.servers.map((s) => [s.name, s.outcome])).toEqual([
      ['fresh', 'new'],
      ['same', 'same'],
      ['clash', 'conflict'],
      ['broken', 'invalid'],
    ]);
    expect(await ok('mcp.importPreview', { source: 'claude' })).toMatchObject({ path: join(home, '.config', 'Claude', 'claude_desktop_config.json'), found: false, servers: [] });

    expect(await ask('mcp.importApply', { source: 'lmstudio', names: ['clash'] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    main.dialogs.confirmAnswer = true;
    await ok('mcp.importApply', { source: 'lmstudio', names: ['fresh'] });
    expect(main.dialogs.confirmations.at(-1)).toMatchObject({ message: 'Add the MCP server "fresh"?' });
    expect(JSON.parse(await configText()).mcpServers.fresh).toEqual({ command: process.execPath, args: [EVERYTHING_JS, 'stdio'], lmstudio: { pinned: true } });
    await expect.poll(() => stateOf('fresh'), { timeout: 15_000 }).toBe('connected');
  });
});
