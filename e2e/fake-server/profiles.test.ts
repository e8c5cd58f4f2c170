import { afterEach, describe, expect, it } from 'vitest';
import { createModel } from '../../electron/core/models/createModel';
import { createKeySource } from '../../electron/core/models/keySource';
import type { ChatModel, ModelStreamEvent } from '../../electron/core/models/types';
import { getJson } from '../../electron/core/servers/httpJson';
import { startFakeServer, type FakeServer, type FakeServerOptions } from './fakeServer';
import { textTurn, toolTurn } from './script';
import { checkedModelSpec } from '../../electron/core/models/checkedSpec';

/**
 * Each server kind's wire quirks, each through the real client (the
 * OpenAI-compatible provider over the `openai` SDK, or the Anthropic one).
 */
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(options: FakeServerOptions): Promise<FakeServer> {
  const s = await startFakeServer(options);
  servers.push(s);
  return s;
}
const signal = () => new AbortController().signal;
const deps = { env: {}, keys: createKeySource({}), endpoints: [] };

async function localModel(server: FakeServer, model?: string): Promise<ChatModel> {
  return createModel(checkedModelSpec(`local:${server.baseURL}${model ? `/${model}` : ''}`), deps, signal());
}
async function collect(model: ChatModel, withTools = false): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  const tools = withTools ? [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object' } }] : undefined;
  await model.streamTo({ messages: [{ role: 'user', content: 'hi' }], ...(tools ? { tools } : {}) }, signal(), (e) => events.push(e));
  return events;
}
const calls = (events: ModelStreamEvent[]) => events.flatMap((e) => (e.type === 'tool-call' ? [e.call] : []));
const text = (events: ModelStreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
const get = async (server: FakeServer, path: string) => (await getJson(`${server.origin}${path}`, { signal: signal() })).body as Record<string, unknown>;

describe('LM Studio profile', () => {
  it('lists models without `created`, and resolves local: to a listed model', async () => {
    const s = await start({ profile: 'lmstudio' });
    const listing = await get(s, '/v1/models');
    expect((listing.data as object[])[0]).not.toHaveProperty('created');
    expect((await localModel(s)).ref.modelId).toBe('qwen/qwen3-coder-30b');
  });

  it('sends numeric-string tool-call ids, assembled intact', async () => {
    const s = await start({ profile: 'lmstudio', script: [toolTurn([{ name: 'read_file', arguments: '{"path":"a"}' }])] });
    const [call] = calls(await collect(await localModel(s)));
    expect(call!.id).toMatch(/^\d+$/);
    expect(call).toMatchObject({ name: 'read_file', argsText: '{"path":"a"}' });
  });

  it('puts usage in the finish chunk', async () => {
    const s = await start({ profile: 'lmstudio', script: [textTurn('Hi.', { usage: { promptTokens: 3, completionTokens: 1 } })] });
    expect(await collect(await localModel(s))).toContainEqual({ type: 'usage', usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 } });
  });

  it('loads a listed model on the first request (just-in-time)', async () => {
    const s = await start({ profile: 'lmstudio' });
    expect(text(await collect(await localModel(s, 'google/gemma-3-12b')))).not.toBe('');
    expect(s.models.find((m) => m.id === 'google/gemma-3-12b')?.loaded).toBe(true);
  });

  it('"No models loaded" (404) is model-not-loaded with the server words and its models', async () => {
    const s = await start({ profile: 'lmstudio', jit: false, models: [{ id: 'qwen/qwen3-8b', loaded: false }] });
    const error = await collect(await localModel(s, 'qwen/qwen3-8b')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model-not-loaded' });
    expect(String((error as Error).message)).toMatch(/No models loaded\. Please load a model/);
    expect(String((error as Error).message)).toMatch(/Models it has: qwen\/qwen3-8b/);
  });

  it('serves /api/v0/models and /api/v1/models with state, type, context, capabilities', async () => {
    const s = await start({ profile: 'lmstudio' });
    const v0 = (await get(s, '/api/v0/models')).data as Array<Record<string, unknown>>;
    expect(v0[0]).toMatchObject({ id: 'qwen/qwen3-coder-30b', type: 'llm', state: 'loaded', max_context_length: 262144, quantization: 'Q4_K_M', arch: 'qwen3moe', capabilities: ['tool_use'] });
    expect(v0.map((m) => m.state)).toEqual(['loaded', 'not-loaded', 'not-loaded']);
    expect(v0[2]).toMatchObject({ type: 'embeddings' });
    const v1 = (await get(s, '/api/v1/models')).models as Array<Record<string, unknown>>;
    expect(v1[0]).toMatchObject({ key: 'qwen/qwen3-coder-30b', loaded_instances: [{ id: 'qwen/qwen3-coder-30b', config: { context_length: 32768 } }], capabilities: { trained_for_tool_use: true } });
    expect(v1[1]).toMatchObject({ loaded_instances: [] });
    const only = await start({ profile: 'lmstudio', lmstudioApi: 'v0' });
    expect((await getJson(`${only.origin}/api/v1/models`, { signal: signal() })).status).toBe(404);
  });
});

describe('mlx-lm profile', () => {
  it('sends keepalive comments, repeats the role on every delta, and streams normally', async () => {
    const s = await start({ profile: 'mlx-lm', script: [textTurn('One two three.')] });
    expect(text(await collect(await localModel(s)))).toBe('One two three.');
  });

  it('streams reasoning in `delta.reasoning`', async () => {
    const s = await start({ profile: 'mlx-lm', script: [{ chunks: [{ reasoning: 'Thinking…' }, { text: 'Answer.' }] }] });
    const events = await collect(await localModel(s));
    expect(events).toContainEqual({ type: 'reasoning-delta', text: 'Thinking…' });
    expect(text(events)).toBe('Answer.');
  });

  it('sends tool calls whole in one delta', async () => {
    const s = await start({
      profile: 'mlx-lm',
      script: [toolTurn([{ name: 'read_file', arguments: '{"path":"a"}' }, { name: 'read_file', arguments: '{"path":"b"}' }])],
    });
    expect(calls(await collect(await localModel(s))).map((c) => c.argsText)).toEqual(['{"path":"a"}', '{"path":"b"}']);
  });

  it('sends usage in a chunk whose object is chat.completion', async () => {
    const s = await start({ profile: 'mlx-lm', script: [textTurn('x', { usage: { promptTokens: 5, completionTokens: 2 } })] });
    expect(await collect(await localModel(s))).toContainEqual({ type: 'usage', usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 } });
  });

  it('reports errors as {"error": "<string>"}: the server words reach the user', async () => {
    const s = await start({ profile: 'mlx-lm' });
    const error = await collect(await localModel(s, 'nobody/unknown-model')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model-not-found' });
    expect(String((error as Error).message)).toMatch(/The server said: Failed to load model nobody\/unknown-model/);
  });

  it('lists every model in its cache, with created', async () => {
    const s = await start({ profile: 'mlx-lm' });
    const data = (await get(s, '/v1/models')).data as Array<Record<string, unknown>>;
    expect(data.map((m) => m.id)).toEqual(['mlx-community/Qwen2.5-7B-Instruct-4bit', 'mlx-community/Llama-3.2-3B-Instruct-4bit']);
    expect(data[0]).toHaveProperty('created');
    expect(await get(s, '/health')).toEqual({ status: 'ok' });
  });
});

describe('llama.cpp profile', () => {
  it('says owned_by llamacpp, which the resolver reports as the server kind', async () => {
    const s = await start({ profile: 'llama.cpp' });
    expect((await localModel(s)).ref).toMatchObject({ serverKind: 'llama.cpp', modelId: 'tiny-qwen2.gguf' });
  });

  it('streams reasoning_content and sends usage in a final chunk with choices: []', async () => {
    const s = await start({ profile: 'llama.cpp', script: [{ chunks: [{ reasoning: 'hmm' }, { text: 'ok' }], usage: { promptTokens: 4, completionTokens: 2 } }] });
    const events = await collect(await localModel(s));
    expect(events).toContainEqual({ type: 'reasoning-delta', text: 'hmm' });
    expect(events).toContainEqual({ type: 'usage', usage: { inputTokens: 4, outputTokens: 2, totalTokens: 6 } });
  });

  it('serves /health and /props', async () => {
    const s = await start({ profile: 'llama.cpp' });
    expect(await get(s, '/health')).toEqual({ status: 'ok' });
    expect(await get(s, '/props')).toMatchObject({ default_generation_settings: { n_ctx: 4096 }, total_slots: 1, build_info: 'b6869-fake' });
  });

  it('router mode: per-model status, and a chat to an unloaded model is model-not-loaded', async () => {
    const s = await start({ profile: 'llama.cpp', router: true, models: [{ id: 'a.gguf', loaded: true }, { id: 'b.gguf', loaded: false }] });
    const data = (await get(s, '/v1/models')).data as Array<Record<string, unknown>>;
    expect(data.map((m) => m.status)).toEqual([{ value: 'loaded' }, { value: 'unloaded' }]);
    await expect(collect(await localModel(s, 'b.gguf'))).rejects.toMatchObject({ code: 'model-not-loaded' });
    expect(text(await collect(await localModel(s, 'a.gguf')))).not.toBe('');
  });
});

describe('Ollama profile', () => {
  it('sends index 0 on every parallel tool call', async () => {
    const s = await start({ profile: 'ollama', script: [toolTurn([{ name: 'read_file', arguments: '{"path":"a"}' }, { name: 'list_files', arguments: '{}' }])] });
    const got = calls(await collect(await localModel(s, 'qwen3:8b')));
    expect(got.map((c) => c.name)).toEqual(['read_file', 'list_files']);
    expect(new Set(got.map((c) => c.id)).size).toBe(2);
  });

  it('sends tool calls without an index', async () => {
    const s = await start({ profile: 'ollama', ollamaToolIndex: 'missing', script: [toolTurn([{ name: 'read_file', arguments: '{"path":"a"}' }, { name: 'read_file', arguments: '{"path":"b"}' }])] });
    expect(calls(await collect(await localModel(s, 'qwen3:8b'))).map((c) => c.argsText)).toEqual(['{"path":"a"}', '{"path":"b"}']);
  });

  it('streams reasoning in `delta.reasoning`', async () => {
    const s = await start({ profile: 'ollama', script: [{ chunks: [{ reasoning: 'r' }, { text: 't' }] }] });
    expect(await collect(await localModel(s, 'qwen3:8b'))).toContainEqual({ type: 'reasoning-delta', text: 'r' });
  });

  it('an unknown model is model-not-found, suggesting a pull', async () => {
    const s = await start({ profile: 'ollama' });
    await expect(collect(await localModel(s, 'llama9'))).rejects.toMatchObject({ code: 'model-not-found' });
  });

  it('serves /api/version, /api/tags and /api/ps', async () => {
    const s = await start({ profile: 'ollama' });
    expect(await get(s, '/api/version')).toEqual({ version: '0.12.6' });
    expect(((await get(s, '/api/tags')).models as Array<Record<string, unknown>>).map((m) => m.name)).toEqual(['qwen3:8b', 'llama3.2:3b']);
    expect(((await get(s, '/api/ps')).models as Array<Record<string, unknown>>).map((m) => m.name)).toEqual(['qwen3:8b']);
  });
});

describe('any profile', () => {
  it('ignores SSE comments mid-stream', async () => {
    const s = await start({ profile: 'openai', models: [{ id: 'm' }], script: [{ chunks: [{ text: 'a' }, { comment: 'keepalive' }, { text: 'b' }] }] });
    expect(text(await collect(await localModel(s, 'm')))).toBe('ab');
  });

  it('answers a non-streamed request too', async () => {
    const s = await start({ profile: 'openai', models: [{ id: 'm' }], script: [textTurn('whole')] });
    const response = await fetch(`${s.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) });
    expect(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe('whole');
  });

  it('records connections and drops a request on a drop turn', async () => {
    const s = await start({ profile: 'openai', models: [{ id: 'm' }], script: [{ kind: 'drop' }] });
    await expect(collect(await localModel(s, 'm'))).rejects.toMatchObject({ code: 'stream-broken' });
    expect(s.connections.opened).toBeGreaterThan(0);
  });
});
