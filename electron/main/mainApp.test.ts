import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import { applyEvents } from '../../shared/runReducer';
import { answerText, type RunView } from '../../shared/runView';
import { historyShape } from '../../test/support/shared/historyShape';
import { events as eventSchemas, type EventChannel } from '../../shared/ipc/events';
import { ROUTE_NAMES, type Envelope, type RouteName } from '../../shared/ipc/routes';
import { useFakeServers } from '../../e2e/fake-server/serverPool';
import { textTurn, toolTurn } from '../../e2e/fake-server/script';
import type { Logger } from '../core/log';
import { TEST_MODEL_REPLY } from '../core/models/testModel';
import { createPlainNodeMain, testEngine, type PlainNodeMain } from '../../test/support/main/plainNodeMain';
import type { SenderInfo } from './senderPolicy';
import type { WindowKind } from './services';

const ORIGIN = 'http://127.0.0.1:5999';
const KEY = 'sk-live-never-shown-0123456789';
const quiet: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, child: () => quiet };

let dir: string;
let main: PlainNodeMain;
let received: { window: WindowKind; channel: EventChannel; payload: unknown }[];

const from = (window: WindowKind): SenderInfo => ({ url: `${ORIGIN}/${window === 'main' ? 'index' : 'quick'}.html`, topFrame: true, window });

async function call(route: RouteName, input: unknown = {}, window: WindowKind = 'main'): Promise<unknown> {
  const answer = await main.app.handle(from(window), route, input);
  if (!answer.ok) throw new Error(`${route} failed: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

const startServer = useFakeServers();

/**
 * A model (the fake server, configured as the user's endpoint) that asks to
 * write `path` in a workspace of the temp folder, then answers; its spec.
 */
async function writingModel(path: string, runs = 1): Promise<string> {
  const turns = [toolTurn([{ name: 'write_file', arguments: JSON.stringify({ path, content: 'hello\n' }) }]), textTurn('Done.')];
  const server = await startServer({ profile: 'lmstudio', script: Array.from({ length: runs }, () => turns).flat() });
  // Beside the data folder, never in it: tools may not touch Punie's own files.
  const workspace = `${dir}-workspace`;
  await mkdir(workspace, { recursive: true });
  await main.settings.update({ endpoints: [server.baseURL], workspace, recentWorkspaces: [workspace] }, AbortSignal.timeout(5_000));
  return `local:${server.baseURL}/${server.models[0]!.id}`;
}

function agentEvents(window: WindowKind = 'main'): AgentEvent[] {
  return received.filter((r) => r.window === window && r.channel === 'agent.events').flatMap((r) => r.payload as AgentEvent[]);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-main-'));
  main = await createPlainNodeMain({
    dataDir: dir,
    trustedOrigins: [ORIGIN],
    takenShortcuts: ['Alt+Space'],
    log: quiet,
  });
  received = [];
  for (const window of ['main', 'quick'] as const) {
    main.app.attachWindow({
      kind: window,
      send: (channel, payload) => {
        // Every event a window receives matches its channel's schema.
        expect(eventSchemas[channel].safeParse(payload).success, channel).toBe(true);
        received.push({ window, channel, payload });
      },
    });
  }
});

afterEach(async () => {
  await main.dispose();
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}-workspace`, { recursive: true, force: true });
});

describe('main app (router + handlers + sink, in plain Node)', () => {
  it('conversations.get with lastRuns answers the end of the branch in view and says how many runs it left out', async () => {
    const ids: string[] = [];
    let conversationId: string | undefined;
    // Five runs, then a sixth that branches after the second: the branch in view is 1, 2, 6.
    for (let i = 0; i < 6; i++) {
      const input = { prompt: `prompt ${i}`, modelSpec: 'test', ...(conversationId ? { conversationId } : {}), ...(i === 5 ? { parentRunId: ids[1]! } : {}) };
      const started = (await call('agent.start', input)) as { runId: string; conversationId: string };
      conversationId = started.conversationId;
      ids.push(started.runId);
      await vi.waitFor(() => expect(received.filter((r) => r.channel === 'conversations.changed').map((r) => r.payload)).toContainEqual({ ids: [conversationId], runIds: [started.runId] }));
    }
    const all = (await call('conversations.get', { id: conversationId })) as { runs: RunView[]; branchTip?: string; earlierRuns?: number };
    expect(all.runs.map((r) => r.runId)).toEqual(ids);
    expect(all.branchTip).toBe(ids[5]);
    expect(all.earlierRuns).toBeUndefined();
    const end = (await call('conversations.get', { id: conversationId, lastRuns: 2 })) as typeof all;
    expect(end.runs.map((r) => r.runId)).toEqual([ids[1], ids[5]]);
    expect(end.runs).toEqual([all.runs[1], all.runs[5]]);
    expect(end.branchTip).toBe(ids[5]);
    expect(end.earlierRuns).toBe(4);
    // Enough room: every run, nothing left out.
    const roomy = (await call('conversations.get', { id: conversationId, lastRuns: 6 })) as typeof all;
    expect(roomy.runs).toEqual(all.runs);
    expect(roomy.earlierRuns).toBeUndefined();
  });

  it('streams a run from the test model to every window and records it', async () => {
    const { runId, conversationId } = (await call('agent.start', { prompt: 'hello', modelSpec: 'test' })) as { runId: string; conversationId: string };
    await vi.waitFor(() => expect([agentEvents().at(-1)?.type, agentEvents('quick').at(-1)?.type]).toEqual(['run-finish', 'run-finish']));
    const events = agentEvents();
    expect(events[0]).toMatchObject({ type: 'run-start', runId, conversationId });
    const text = events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');
    expect(text).toBe(TEST_MODEL_REPLY);
    expect(agentEvents('quick').map((e) => e.type)).toEqual(events.map((e) => e.type));
    // The store says so once the run is on disk, naming the run, so a window that watched it reads nothing back.
    await vi.waitFor(() => expect(received.filter((r) => r.channel === 'conversations.changed').map((r) => r.payload)).toContainEqual({ ids: [conversationId], runIds: [runId] }));
    const conversation = (await call('conversations.get', { id: conversationId })) as { messageCount: number; runs: RunView[] };
    expect(conversation.messageCount).toBe(2);
    // The run rebuilt from disk is the run the window built live, by the same reducer.
    const live = applyEvents({}, events, 0)[runId]!;
    expect(conversation.runs.map(historyShape)).toEqual([historyShape(live)]);
    expect(answerText(conversation.runs[0]!)).toBe(TEST_MODEL_REPLY);
  });

  it('aborts a run and keeps its partial answer', async () => {
    const { runId } = (await call('agent.start', { prompt: 'hello', modelSpec: 'test' })) as { runId: string };
    await vi.waitFor(() => expect(agentEvents().some((e) => e.type === 'text-delta')).toBe(true));
    expect(await call('agent.abort', { runId })).toEqual({ aborted: true });
    await vi.waitFor(() => expect(agentEvents().at(-1)?.type).toBe('run-abort'));
    expect(await call('agent.abort', { runId })).toEqual({ aborted: false });
  });

  it('carries a permission request to the window that started the run, and its answer back', async () => {
    const modelSpec = await writingModel('notes.txt');
    const { runId } = (await call('agent.start', { prompt: 'Write notes.txt', modelSpec }, 'quick')) as { runId: string };
    await vi.waitFor(() => expect(agentEvents('quick').some((e) => e.type === 'permission-request')).toBe(true));
    const request = agentEvents('quick').find((e) => e.type === 'permission-request');
    if (request?.type !== 'permission-request') throw new Error('no request');
    expect(main.app.permissions.pending('quick').map((p) => p.requestId)).toEqual([request.requestId]);
    expect(main.app.permissions.pending('main')).toEqual([]);
    expect(await call('agent.permission', { runId, requestId: request.requestId, decision: 'deny' }, 'quick')).toEqual({ accepted: true });
    await vi.waitFor(() => expect(agentEvents('quick').at(-1)?.type).toBe('run-finish'));
    expect(agentEvents('quick').find((e) => e.type === 'tool-error')).toMatchObject({ denied: true });
    expect(main.app.permissions.pending()).toEqual([]);
  });

  it('lists the runs in flight so a reloaded window can reattach', async () => {
    const modelSpec = await writingModel('a.txt');
    const { runId } = (await call('agent.start', { prompt: 'Write a.txt', modelSpec })) as { runId: string };
    await vi.waitFor(() => expect(agentEvents().some((e) => e.type === 'permission-request')).toBe(true));
    const { runs } = (await call('agent.active')) as { runs: { runId: string; events: AgentEvent[] }[] };
    expect(runs.map((r) => r.runId)).toEqual([runId]);
    expect(runs[0]?.events.map((e) => e.type)).toContain('permission-request');
    await call('agent.abort', { runId });
  });

  it('a model that is not available ends its run with an error the window can show', async () => {
    // The one configured endpoint is a port nothing listens on. The run starts at once and ends with the error.
    await main.settings.update({ endpoints: ['http://127.0.0.1:9/v1'] }, AbortSignal.timeout(5_000));
    const { runId } = (await call('agent.start', { prompt: 'hi', modelSpec: 'local:' })) as { runId: string };
    await vi.waitFor(() => expect(agentEvents().at(-1)).toMatchObject({ type: 'run-error', runId, error: { code: 'server-unavailable' } }));
  });

  it('reports a taken quick-ask shortcut in settings, and registers a free one', async () => {
    const taken = (await call('settings.set', { quickAskShortcut: 'Alt+Space' })) as { shortcut: { registered: boolean; error?: string } };
    expect(taken.shortcut).toMatchObject({ registered: false, error: expect.stringMatching(/another app/) });
    const free = (await call('settings.set', { quickAskShortcut: 'Ctrl+Alt+P' })) as { shortcut: unknown; settings: { quickAskShortcut: string } };
    expect(free.shortcut).toEqual({ accelerator: 'Ctrl+Alt+P', registered: true });
    expect(free.settings.quickAskShortcut).toBe('Ctrl+Alt+P');
    expect([...main.registrar.registered.keys()]).toEqual(['Ctrl+Alt+P']);
    expect(received.filter((r) => r.channel === 'settings.changed').length).toBeGreaterThan(0);
  });

  it('picks a workspace and remembers it in settings', async () => {
    main.dialogs.folder = '/home/me/project';
    expect(await call('workspace.pick')).toEqual({ path: '/home/me/project' });
    const view = (await call('settings.get')) as { settings: { workspace?: string; recentWorkspaces: string[] } };
    expect(view.settings.workspace).toBe('/home/me/project');
    expect(view.settings.recentWorkspaces).toEqual(['/home/me/project']);
    main.dialogs.folder = null;
    expect(await call('workspace.pick')).toEqual({ path: null });
  });

  it('a folder picked through a link is the workspace by its real path, as conversations record it', async () => {
    const real = join(dir, 'project');
    await mkdir(real);
    await symlink(real, join(dir, 'link'));
    main.dialogs.folder = join(dir, 'link');
    const resolved = await realpath(real);
    expect(await call('workspace.pick')).toEqual({ path: resolved });
    const view = (await call('settings.get')) as { settings: { workspace?: string; recentWorkspaces: string[] } };
    expect(view.settings).toMatchObject({ workspace: resolved, recentWorkspaces: [resolved] });
  });

  it('opens the main window on a conversation from quick ask, and hides quick ask', async () => {
    await call('app.openMain', { conversationId: 'conv-9' }, 'quick');
    expect(main.windows.calls).toEqual(['showMain', 'hideQuickAsk']);
    expect(received.filter((r) => r.channel === 'app.command')).toEqual([
      { window: 'main', channel: 'app.command', payload: { command: 'open-conversation', conversationId: 'conv-9' } },
    ]);
  });

  it('opens only http(s) links externally', async () => {
    expect(await call('app.openExternal', { url: 'https://lmstudio.ai/docs' })).toEqual({ opened: true });
    const refused = await main.app.handle(from('main'), 'app.openExternal', { url: 'file:///etc/passwd' });
    expect(refused.ok).toBe(false);
    expect(main.external.opened).toEqual(['https://lmstudio.ai/docs']);
  });

  it('refuses a page from another origin', async () => {
    const answer = await main.app.handle({ url: 'http://127.0.0.1:6000/index.html', topFrame: true, window: 'main' }, 'settings.get', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('answers every route with data its schema allows, and never returns a key to the renderer', async () => {
    const answers: Envelope<unknown>[] = [];
    const ask = async (route: RouteName, input: unknown = {}, window: WindowKind = 'main') => {
      const answer = await main.app.handle(from(window), route, input);
      answers.push(answer);
      return answer;
    };
    // A configured LM Studio (the fake server) for the model routes.
    const lmstudio = await startServer({ profile: 'lmstudio', models: [{ id: 'qwen/qwen3-8b', loaded: false }, { id: 'qwen/qwen3-4b' }] });
    await main.settings.update({ endpoints: [lmstudio.baseURL] }, AbortSignal.timeout(5_000));
    await ask('secrets.set', { provider: 'openai', key: KEY });
    await ask('secrets.set', { provider: 'anthropic', key: `  ${KEY}-2  ` });
    const started = await ask('agent.start', { prompt: 'export me', modelSpec: 'test' });
    if (!started.ok) throw new Error('start failed');
    const { conversationId } = started.data as { conversationId: string };
    await vi.waitFor(() => expect(agentEvents().at(-1)?.type).toBe('run-finish'));
    main.dialogs.savePath = join(dir, 'export.md');
    main.dialogs.folder = dir;

    const inputs: Record<RouteName, unknown> = {
      'models.list': { refresh: true },
      'models.load': { endpointUrl: lmstudio.baseURL, model: 'qwen/qwen3-8b', contextLength: 8192 },
      'models.unload': { endpointUrl: lmstudio.baseURL, model: 'qwen/qwen3-4b' },
      'models.cancelLoad': { loadId: 'nope' },
      'models.loads': {},
      'servers.status': {},
      'servers.refresh': {},
      'agent.start': { prompt: 'again', modelSpec: 'test', conversationId },
      'agent.abort': { runId: 'nope' },
      'agent.permission': { runId: 'nope', requestId: 'nope', decision: 'once' },
      'agent.active': {},
      'conversations.list': { query: 'export' },
      'conversations.get': { id: conversationId },
      'conversations.writer': { id: conversationId },
      'conversations.branch': { id: conversationId, runId: (started.data as { runId: string }).runId },
      'conversations.rename': { id: conversationId, title: 'Renamed' },
      'conversations.export': { id: conversationId },
      'conversations.relocate': { id: conversationId },
      'conversations.workspace': { id: conversationId },
      'undo.runs': { conversationId },
      'undo.plan': { conversationId, runId: 'run-x', redo: false },
      'undo.apply': { conversationId, runId: 'run-x', redo: false, overwrite: [], seen: {} },
      'workspace.openInstructions': { conversationId, file: 'AGENTS.md' },
      'conversations.delete': { id: conversationId },
      'conversations.restore': { id: conversationId },
      'settings.get': {},
      'settings.set': { theme: 'dark' },
      'secrets.set': { provider: 'anthropic', key: null },
      'secrets.status': {},
      'workspace.pick': {},
      'app.openQuickAsk': {},
      'app.hideQuickAsk': {},
      'app.openMain': {},
      'app.openExternal': { url: 'https://example.com' },
      'editors.preview': {},
      'editors.setup': { editor: 'jetbrains' },
      'app.info': {},
      'mcp.view': {},
      'mcp.saveServer': { name: 'docs', server: { transport: 'http', url: 'http://127.0.0.1:9/mcp', headers: {} } },
      'mcp.removeServer': { name: 'gone' },
      'mcp.setDisabled': { name: 'docs', disabled: true },
      'mcp.restart': { name: 'docs' },
      'mcp.getJson': {},
      'mcp.setJson': { text: '{"mcpServers": {}}' },
      'mcp.approveWorkspace': { approve: false },
      'mcp.setRule': { server: 'docs', allow: false },
      'mcp.importPreview': { source: 'lmstudio' },
      'mcp.importApply': { source: 'lmstudio', names: ['docs'] },
    };
    // No such server, no workspace .mcp.json, nothing in LM Studio to import, no run that changed files: refused with a code, never `internal`.
    const refused = new Set<RouteName>(['mcp.removeServer', 'mcp.approveWorkspace', 'mcp.importApply', 'undo.plan', 'undo.apply']);
    for (const route of ROUTE_NAMES) {
      // The store refuses to delete a conversation while a run writes to it (the second agent.start above).
      if (route === 'conversations.delete') await vi.waitFor(() => expect(main.services.agent.active()).toEqual([]));
      const answer = await ask(route, inputs[route]);
      if (refused.has(route)) {
        expect(answer, route).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(not-found|conflict)$/) } });
        continue;
      }
      // checkOutput is on: an answer its schema refuses comes back as `internal`.
      expect(answer.ok, `${route}: ${JSON.stringify(answer)}`).toBe(true);
    }
    await vi.waitFor(() => expect(agentEvents().filter((e) => e.type === 'run-finish')).toHaveLength(2));

    expect(main.dialogs.saved[0]?.text).toContain('export me');
    const status = (await ask('secrets.status')) as Envelope<{ providers: { openai: unknown } }>;
    expect(status.ok && status.data.providers.openai).toEqual({ set: true, source: 'stored' });
    // The engine can still use it; the renderer never sees it.
    expect(main.secrets.keySource.get('openai')).toBe(KEY);
    const everything = JSON.stringify({ answers, received });
    expect(everything).not.toContain(KEY);
  });

  it('stops talking to windows once disposed', async () => {
    main.app.dispose();
    const before = received.length;
    main.app.broadcast('conversations.changed', {});
    expect(received.length).toBe(before);
    expect(await main.app.handle(from('main'), 'app.info', {})).toMatchObject({ ok: false, error: { code: 'aborted' } });
  });
});

describe('createPlainNodeMain with a composition function', () => {
  it('builds the engine from the settings and keys it made, and disposes it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'punie-compose-'));
    const disposed = vi.fn(async () => {});
    const seen: { endpoints: string[]; key: string | undefined }[] = [];
    const composed = await createPlainNodeMain({
      dataDir,
      trustedOrigins: [ORIGIN],
      env: { ANTHROPIC_API_KEY: 'sk-ant-from-env-000000' },
      log: quiet,
      composeEngine: async (deps) => {
        seen.push({ endpoints: deps.settings.get().endpoints, key: deps.keys.get('anthropic') });
        const engine = await testEngine(dataDir)(deps);
        return {
          ...engine,
          dispose: async () => {
            await engine.dispose();
            await disposed();
          },
        };
      },
    });
    try {
      expect(seen).toEqual([{ endpoints: ['http://127.0.0.1:1234/v1', 'http://127.0.0.1:8080/v1'], key: 'sk-ant-from-env-000000' }]);
      expect((await composed.app.handle(from('main'), 'servers.status', {})).ok).toBe(true);
    } finally {
      await composed.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
    expect(disposed).toHaveBeenCalledOnce();
  });
});
