import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import type { Notice } from '../../shared/ipc/events';
import { defaultSettings, type Settings, type SettingsPatch } from '../../shared/settings';
import { startFakeServer, type FakeServer } from '../../e2e/fake-server/fakeServer';
import { textTurn } from '../../e2e/fake-server/script';
import { createLogger, setLogWriter } from '../core/log';
import type { KeySource } from '../core/models/types';
import { composeEngine, type ComposedEngine } from './composeEngine';
import { createLogWriter } from '../../test/support/core/historyLogs';
import type { SettingsPort } from './services';
import { checkedModelSpec } from '../core/models/checkedSpec';

/** Settings in memory, with subscribers, as the settings service behaves. */
function memorySettings(initial: Partial<Settings>): SettingsPort & { set(patch: SettingsPatch): void } {
  let value: Settings = { ...defaultSettings(), ...initial };
  const listeners = new Set<(s: Settings) => void>();
  const set = (patch: SettingsPatch) => {
    value = { ...value, ...patch } as Settings;
    for (const l of listeners) l(value);
  };
  return {
    get: () => value,
    update: async (patch) => {
      set(patch);
      return value;
    },
    notice: () => undefined,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    set,
  };
}

const noKeys: KeySource = { get: () => undefined };

let dir: string;
let server: FakeServer | undefined;
let engine: ComposedEngine | undefined;
const lifetime = new AbortController();

beforeEach(async () => {
  setLogWriter(() => {});
  dir = await mkdtemp(join(tmpdir(), 'punie-compose-'));
});

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function compose(settings: SettingsPort, keys: KeySource = noKeys): Promise<ComposedEngine> {
  engine = await composeEngine({ dataDir: dir, settings, keys, signal: lifetime.signal, log: createLogger('test'), env: {}, home: dir });
  return engine;
}

function collect(e: ComposedEngine): AgentEvent[] {
  const events: AgentEvent[] = [];
  e.agent.subscribe((ev) => events.push(ev));
  return events;
}

describe('composeEngine (the real engine behind main)', () => {
  it('discovers the local server named in settings and lists its models beside the test model', async () => {
    server = await startFakeServer({ profile: 'lmstudio', models: [{ id: 'qwen/qwen3-8b', loaded: true }] });
    const e = await compose(memorySettings({ endpoints: [server.baseURL] }));
    const listed = await e.models.list({ refresh: true }, AbortSignal.timeout(5_000));
    expect(listed.status.overall).toBe('ready');
    expect(listed.status.endpoints[0]?.kind).toBe('lmstudio');
    const specs = listed.models.map((m) => m.spec);
    expect(specs).toContain('test');
    expect(specs.some((s) => s.startsWith('local:') && s.endsWith('/qwen/qwen3-8b'))).toBe(true);
    // Cloud models are listed but not usable without a key.
    const openai = listed.models.find((m) => m.group === 'openai');
    expect(openai?.available).toBe(false);
  });

  it('follows endpoint changes in settings', async () => {
    const settings = memorySettings({ endpoints: ['http://127.0.0.1:9/v1'] });
    const e = await compose(settings);
    expect((await e.servers.refresh(AbortSignal.timeout(5_000))).overall).toBe('offline');
    server = await startFakeServer({ profile: 'llama.cpp', models: [{ id: 'tiny', loaded: true }] });
    settings.set({ endpoints: [server.baseURL] });
    await vi.waitFor(async () => expect((await e.servers.status(AbortSignal.timeout(5_000))).overall).toBe('ready'), { timeout: 5_000 });
  });

  it('runs the agent against a local server, records the conversation and says the list changed', async () => {
    server = await startFakeServer({ profile: 'lmstudio', models: [{ id: 'm', loaded: true }], script: [textTurn('Hello from the fake server.')] });
    const e = await compose(memorySettings({ endpoints: [server.baseURL] }));
    const events = collect(e);
    const changes: Array<{ ids?: string[]; runIds?: string[] }> = [];
    e.conversations.subscribe((c) => changes.push(c));
    const { runId, conversationId } = await e.agent.start({ prompt: 'hi', model: checkedModelSpec('local:') }, lifetime.signal);
    await vi.waitFor(() => expect(events.some((ev) => ev.type === 'run-finish' && ev.runId === runId)).toBe(true), { timeout: 10_000 });
    // The store says so when the conversation is made, when its prompt is on disk, and once the run's last record is (naming the run).
    await vi.waitFor(() => expect(changes).toEqual([{ ids: [conversationId] }, { ids: [conversationId] }, { ids: [conversationId], runIds: [runId] }]));
    const conversation = await e.conversations.get(conversationId, lifetime.signal);
    expect(conversation.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(conversation.messages[1]?.content).toBe('Hello from the fake server.');
    const exported = await e.conversations.exportMarkdown(conversationId, lifetime.signal);
    expect(exported.title).toBe('hi');
    expect(exported.markdown).toContain('Hello from the fake server.');
  });

  it("samples a model with the user's preset from settings, read when the run starts", async () => {
    server = await startFakeServer({ profile: 'lmstudio', models: [{ id: 'qwen/qwen3-coder-30b', loaded: true }], script: [textTurn('One.'), textTurn('Two.')] });
    const settings = memorySettings({ endpoints: [server.baseURL] });
    const e = await compose(settings);
    const events = collect(e);
    const run = async () => {
      const { runId } = await e.agent.start({ prompt: 'hi', model: checkedModelSpec('local:qwen/qwen3-coder-30b') }, lifetime.signal);
      await vi.waitFor(() => expect(events.some((ev) => ev.type === 'run-finish' && ev.runId === runId)).toBe(true), { timeout: 10_000 });
    };
    await run();
    expect(server.chatRequests()[0]!.body).toMatchObject({ temperature: 0.7, top_k: 20 });
    settings.set({ modelPresets: { 'qwen/qwen3-coder-30b': { temperature: 0.1, maxOutputTokens: 1000 } } });
    await run();
    expect(server.chatRequests()[1]!.body).toMatchObject({ temperature: 0.1, top_k: 20, max_tokens: 1000 });
  });

  it('answers local: from the watcher’s status: the run’s first request is its chat request', async () => {
    server = await startFakeServer({ profile: 'lmstudio', models: [{ id: 'm', loaded: true, contextLength: 4096 }], script: [textTurn('Straight to the chat.')] });
    const e = await compose(memorySettings({ endpoints: [server.baseURL] }));
    expect((await e.servers.refresh(AbortSignal.timeout(5_000))).overall).toBe('ready');
    const before = server.requests.length;
    const events = collect(e);
    const { runId } = await e.agent.start({ prompt: 'hi', model: checkedModelSpec('local:') }, lifetime.signal);
    await vi.waitFor(() => expect(events.some((ev) => ev.type === 'run-finish' && ev.runId === runId)).toBe(true), { timeout: 10_000 });
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/chat/completions']);
    const start = events.find((ev) => ev.type === 'run-start');
    expect(start?.type === 'run-start' && start.model).toMatchObject({ modelId: 'm', baseURL: server.baseURL, serverKind: 'lmstudio', contextLength: 4096 });
  });

  it("a model its preset gives a context is shown with it, and loaded with it before its first message", async () => {
    server = await startFakeServer({ profile: 'lmstudio', loadDelayMs: 50, script: [textTurn('Loaded first.')] });
    const settings = memorySettings({ endpoints: [server.baseURL] });
    const e = await compose(settings);
    const gemma = async () => (await e.servers.refresh(AbortSignal.timeout(5_000))).endpoints[0]?.models.find((m) => m.id === 'google/gemma-3-12b');
    expect(await gemma()).toMatchObject({ contextLength: 4096, contextSource: 'load-default' });
    settings.set({ modelPresets: { 'google/gemma-3-12b': { contextLength: 16384 } } });
    await vi.waitFor(async () => expect((await e.servers.status(AbortSignal.timeout(5_000))).endpoints[0]?.models.find((m) => m.id === 'google/gemma-3-12b')).toMatchObject({ contextLength: 16384, contextSource: 'preset' }));
    const loads: string[] = [];
    e.modelLoads.subscribe((l) => loads.push(`${l.phase} ${l.model} ${l.contextLength ?? ''}`.trim()));
    const events = collect(e);
    const { runId } = await e.agent.start({ prompt: 'hi', model: checkedModelSpec(`local:${server.baseURL}/google/gemma-3-12b`) }, lifetime.signal);
    await vi.waitFor(() => expect(events.some((ev) => ev.type === 'run-finish' && ev.runId === runId)).toBe(true), { timeout: 10_000 });
    // Loaded with the preset's context (not by LM Studio's just-in-time load with its default), then asked.
    expect(server.controlLog).toEqual(['load google/gemma-3-12b 16384']);
    expect(server.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/api/v1/models/load', '/v1/chat/completions']);
    expect(loads[0]).toBe('loading google/gemma-3-12b 16384');
    expect(loads.at(-1)).toBe('loaded google/gemma-3-12b 16384');
    const start = events.find((ev) => ev.type === 'run-start');
    expect(start?.type === 'run-start' && start.model).toMatchObject({ contextLength: 16384, contextSource: 'loaded' });
  });

  it('loads and unloads through the model loads port, only on endpoints in settings', async () => {
    server = await startFakeServer({ profile: 'lmstudio', loadDelayMs: 20 });
    const e = await compose(memorySettings({ endpoints: [server.baseURL] }));
    await e.servers.refresh(AbortSignal.timeout(5_000));
    const ends: string[] = [];
    e.modelLoads.subscribe((l) => (l.phase === 'loaded' || l.phase === 'unloaded') && ends.push(`${l.phase} ${l.model}`));
    await e.modelLoads.start({ endpointUrl: server.baseURL, model: 'qwen/qwen3-coder-30b', action: 'unload' });
    await vi.waitFor(() => expect(ends).toEqual(['unloaded qwen/qwen3-coder-30b']));
    // The status was refreshed before the end was said.
    expect(await e.servers.status(AbortSignal.timeout(5_000))).toMatchObject({ endpoints: [{ models: expect.arrayContaining([expect.objectContaining({ id: 'qwen/qwen3-coder-30b', loaded: false })]) }] });
    await expect(e.modelLoads.start({ endpointUrl: 'http://127.0.0.1:1/v1', model: 'x', action: 'load' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a missing cloud key ends the run with a hint that names Settings', async () => {
    const e = await compose(memorySettings({}));
    const events = collect(e);
    const { runId } = await e.agent.start({ prompt: 'hi', model: checkedModelSpec('openai:gpt-4.1') }, lifetime.signal);
    await vi.waitFor(() => expect(events.some((ev) => ev.type === 'run-error' && ev.runId === runId)).toBe(true), { timeout: 10_000 });
    const failure = events.find((ev) => ev.type === 'run-error');
    expect(failure?.type === 'run-error' && failure.error).toMatchObject({ code: 'auth-missing', hint: 'Add your OpenAI key in Settings → API keys → OpenAI.' });
  });

  it('keeps the tools out of the app data folder', async () => {
    const workspace = join(dir, 'ws');
    await mkdir(workspace);
    // The data folder inside the workspace is still refused.
    const e = await composeEngine({
      dataDir: join(workspace, '.punie-data'),
      settings: memorySettings({}),
      keys: noKeys,
      signal: lifetime.signal,
      log: createLogger('test'),
      env: {},
    });
    engine = e;
    server = await startFakeServer({
      profile: 'lmstudio',
      models: [{ id: 'm', loaded: true }],
      script: [
        { chunks: [{ toolCalls: [{ name: 'list_files', arguments: '{"path":".punie-data"}' }] }], finishReason: 'tool_calls' },
        textTurn('ok'),
      ],
    });
    const events = collect(e);
    await e.agent.start({ prompt: 'look', model: checkedModelSpec(`local:${server.baseURL}/m`), workspace }, lifetime.signal);
    await vi.waitFor(() => expect(events.some((ev) => ev.type === 'run-finish')).toBe(true), { timeout: 10_000 });
    const toolError = events.find((ev) => ev.type === 'tool-error');
    expect(toolError?.type === 'tool-error' && toolError.error.code).toBe('outside-workspace');
  });

  it('lists a big history without its index at once: the newest first, then all, then exact, saying so each time', async () => {
    const folder = join(dir, 'history', 'conversations');
    await mkdir(folder, { recursive: true });
    const { conversationLog } = createLogWriter();
    for (let i = 0; i < 80; i++) {
      const file = join(folder, `c-${i}.jsonl`);
      await writeFile(file, conversationLog(`c-${i}`, 60, 1_700_000_000_000 + i * 1000));
      // Modification times a minute apart (files written in one clock tick share a time).
      const when = new Date(1_800_000_000_000 + i * 60_000);
      await utimes(file, when, when);
    }
    const e = await compose(memorySettings({}));
    const changes: Array<{ ids?: string[] }> = [];
    const lists: number[] = [];
    e.conversations.subscribe((change) => {
      changes.push(change);
    });
    const first = await e.conversations.list({}, lifetime.signal);
    // The first screen: the newest 50 (electron/main/composeEngine.ts FIRST_SCREEN).
    expect(first.items.map((i) => i.id).slice(0, 2)).toEqual(['c-79', 'c-78']);
    expect(first.items).toHaveLength(50);
    // Every conversation listed (provisionally), then the rebuilt index: a change each, and the sidebar lists again.
    await expect.poll(() => changes.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    lists.push((await e.conversations.list({}, lifetime.signal)).items.length);
    await expect.poll(() => changes.length, { timeout: 30_000 }).toBe(2);
    expect(changes).toEqual([{}, {}]);
    expect(lists).toEqual([80]);
    const exact = await e.conversations.list({}, lifetime.signal);
    expect(exact.items).toHaveLength(80);
    expect(exact.items.slice(0, 50).map((i) => i.title)).toEqual(first.items.map((i) => i.title));
  });

  it('reports an unreadable conversation once, through notices and the list', async () => {
    const folder = join(dir, 'history', 'conversations');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'broken.jsonl'), Buffer.from([0xff, 0x00, 0x13, 0x37, 0x0a, 0x42]));
    const e = await compose(memorySettings({}));
    const notices: Notice[] = [];
    e.onNotice?.((n) => notices.push(n));
    const first = await e.conversations.list({}, lifetime.signal);
    expect(first.items).toEqual([]);
    expect(first.quarantined?.length).toBe(1);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toMatch(/could not be read/);
    const second = await e.conversations.list({}, lifetime.signal);
    expect(second.quarantined).toBeUndefined();
    expect(notices).toHaveLength(1);
    expect(await readdir(join(dir, 'history', 'quarantine'))).toHaveLength(1);
  });
});
