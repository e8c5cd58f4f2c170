import { describe, expect, it } from 'vitest';
import { closedPort } from '../../../e2e/fake-server/closedPort';
import { type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import { LOAD_ON_SERVER_NOTE, ROUTER_AUTOLOAD_NOTE } from './llamaCppListing';
import { JIT_NOTE, LOAD_IN_LMSTUDIO_NOTE } from './lmstudioListing';
import { probeEndpoint } from './probeEndpoint';

const start = useFakeServers();
const signal = () => new AbortController().signal;
const paths = (s: FakeServer) => s.requests.map((r) => r.path);

describe('probeEndpoint: LM Studio', () => {
  it('tells LM Studio by its REST listing and lists everything known, just-in-time loading included', async () => {
    const s = await start({ profile: 'lmstudio' });
    const status = await probeEndpoint(s.baseURL, { signal: signal() });
    expect(status).toMatchObject({ url: s.baseURL, kind: 'lmstudio', state: 'online', loadApi: 'lmstudio-v1' });
    expect(status.models).toEqual([
      { id: 'qwen/qwen3-coder-30b', loaded: true, type: 'llm', contextLength: 32768, contextSource: 'loaded', maxContextLength: 262144, quantization: 'Q4_K_M', arch: 'qwen3moe', toolUse: true },
      // Not loaded: the context LM Studio loads it with (its default), not its maximum.
      { id: 'google/gemma-3-12b', loaded: false, loadsOnDemand: true, note: JIT_NOTE, type: 'vlm', contextLength: 4096, contextSource: 'load-default', maxContextLength: 131072, quantization: 'Q4_K_M', arch: 'gemma3', toolUse: false },
      { id: 'text-embedding-nomic-embed-text-v1.5', loaded: false, loadsOnDemand: true, type: 'embeddings', contextLength: 2048, contextSource: 'load-default', maxContextLength: 2048, quantization: 'Q4_K_M', arch: 'nomic-bert', toolUse: false },
    ]);
    expect(status.models[1]!.note).toBe('not loaded — the first message loads it');
    expect(status.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reads the older /api/v0 listing alone (tool use from capabilities, the loaded context)', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v0' });
    const status = await probeEndpoint(s.baseURL, { signal: signal() });
    expect(status.kind).toBe('lmstudio');
    expect(status.models.map((m) => [m.id, m.loaded, m.type, m.contextLength, m.toolUse])).toEqual([
      ['qwen/qwen3-coder-30b', true, 'llm', 32768, true],
      ['google/gemma-3-12b', false, 'vlm', 4096, false],
      ['text-embedding-nomic-embed-text-v1.5', false, 'embeddings', 2048, false],
    ]);
    // 0.3 has no REST API to load models with.
    expect(status.loadApi).toBeUndefined();
  });

  it('reads the newer /api/v1 listing alone', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v1', models: [{ id: 'qwen/qwen3-8b', loaded: true, contextLength: 8192, maxContextLength: 40960, toolUse: true }] });
    const status = await probeEndpoint(s.baseURL, { signal: signal() });
    expect(status).toMatchObject({ kind: 'lmstudio', models: [{ id: 'qwen/qwen3-8b', loaded: true, type: 'llm', contextLength: 8192, maxContextLength: 40960, toolUse: true }] });
  });

  it('with just-in-time loading off, a model not loaded must be loaded in LM Studio first', async () => {
    const s = await start({ profile: 'lmstudio', jit: false, lmstudioListsLoadedOnly: true });
    const gemma = (await probeEndpoint(s.baseURL, { signal: signal() })).models.find((m) => m.id === 'google/gemma-3-12b');
    expect(gemma).toMatchObject({ loaded: false, loadsOnDemand: false, note: LOAD_IN_LMSTUDIO_NOTE });
  });

  it('sends the endpoint key to every path, and reports a missing one as auth-failed', async () => {
    const s = await start({ profile: 'lmstudio', apiKey: 'lm-key' });
    expect(await probeEndpoint(s.baseURL, { signal: signal() })).toMatchObject({ state: 'error', models: [], lastError: { code: 'auth-failed' } });
    expect(await probeEndpoint(s.baseURL, { signal: signal(), apiKey: 'lm-key' })).toMatchObject({ state: 'online', kind: 'lmstudio' });
    expect(s.requests.slice(1).every((r) => r.headers.authorization === 'Bearer lm-key')).toBe(true);
  });
});

describe('probeEndpoint: port 8080, mlx-lm.server or llama.cpp', () => {
  it('mlx-lm: its cache listing, every model loadable on request', async () => {
    const s = await start({ profile: 'mlx-lm' });
    const status = await probeEndpoint(s.baseURL, { signal: signal() });
    expect(status.kind).toBe('mlx-lm');
    expect(status.models.map((m) => [m.id, m.loaded, m.loadsOnDemand])).toEqual([
      ['mlx-community/Qwen2.5-7B-Instruct-4bit', false, true],
      ['mlx-community/Llama-3.2-3B-Instruct-4bit', false, true],
    ]);
    // It reports no context: a stated default, said to be assumed.
    expect(status.models.map((m) => [m.contextLength, m.contextSource])).toEqual([
      [32768, 'assumed'],
      [32768, 'assumed'],
    ]);
  });

  it('mlx-lm: the folder it was started with is its loaded default', async () => {
    const s = await start({ profile: 'mlx-lm', mlxModelPath: '/Users/me/models/Qwen3-4B-4bit' });
    const models = (await probeEndpoint(s.baseURL, { signal: signal() })).models;
    expect(models.at(-1)).toMatchObject({ id: '/Users/me/models/Qwen3-4B-4bit', loaded: true, isDefault: true });
    expect(models.filter((m) => m.isDefault)).toHaveLength(1);
  });

  it('llama.cpp single model: loaded, with the loaded context from /props, the training context and the build', async () => {
    const s = await start({ profile: 'llama.cpp', version: 'b7000' });
    const status = await probeEndpoint(s.baseURL, { signal: signal() });
    expect(status).toMatchObject({ kind: 'llama.cpp', state: 'online', version: 'b7000' });
    expect(status.models).toEqual([{ id: 'tiny-qwen2.gguf', loaded: true, type: 'llm', contextLength: 4096, contextSource: 'loaded', maxContextLength: 32768 }]);
    expect(status.loadApi).toBeUndefined();
    // Its own listing says what it is: only /props is asked besides.
    expect(paths(s)).toEqual(['/v1/models', '/props']);
  });

  it('llama.cpp router mode without autoload: unloaded models must be loaded on the server', async () => {
    const s = await start({ profile: 'llama.cpp', router: true, models: [{ id: 'a', loaded: true, contextLength: 2048 }, { id: 'b', loaded: false }] });
    const status = await probeEndpoint(s.baseURL, { signal: signal() });
    expect(status.loadApi).toBe('llama-router');
    expect(status.models).toEqual([
      { id: 'a', loaded: true, type: 'llm', contextLength: 2048, contextSource: 'loaded', maxContextLength: 32768 },
      // Nothing says what it will load with (the router was started without --ctx-size).
      { id: 'b', loaded: false, type: 'llm', loadsOnDemand: false, note: LOAD_ON_SERVER_NOTE },
    ]);
  });

  it('llama.cpp router mode: a model not up gets the context its arguments start it with', async () => {
    const s = await start({ profile: 'llama.cpp', router: true, routerArgs: ['/opt/llama-server', '--host', '127.0.0.1', '-c', '8192'], models: [{ id: 'b', loaded: false }] });
    expect((await probeEndpoint(s.baseURL, { signal: signal() })).models).toEqual([
      { id: 'b', loaded: false, type: 'llm', contextLength: 8192, contextSource: 'load-default', loadsOnDemand: false, note: LOAD_ON_SERVER_NOTE },
    ]);
  });

  it('llama.cpp router mode with autoload: the first message loads them', async () => {
    const s = await start({ profile: 'llama.cpp', router: true, routerAutoload: true, models: [{ id: 'b', loaded: false }] });
    expect((await probeEndpoint(s.baseURL, { signal: signal() })).models).toEqual([{ id: 'b', loaded: false, type: 'llm', loadsOnDemand: true, note: ROUTER_AUTOLOAD_NOTE }]);
  });
});

describe('probeEndpoint: Ollama and others', () => {
  it('Ollama: version, pulled models, what is in memory with its context', async () => {
    const s = await start({ profile: 'ollama', models: [{ id: 'qwen3:8b', loaded: true, contextLength: 40960, quantization: 'Q4_K_M', arch: 'qwen3' }, { id: 'nomic-embed-text:latest', loaded: false, arch: 'nomic-bert' }, { id: 'llama3.2:3b', loaded: false }] });
    const status = await probeEndpoint(s.baseURL, { signal: signal() });
    expect(status).toMatchObject({ kind: 'ollama', version: '0.12.6' });
    expect(status.models).toEqual([
      { id: 'qwen3:8b', loaded: true, type: 'llm', contextLength: 40960, contextSource: 'loaded', quantization: 'Q4_K_M', arch: 'qwen3' },
      // Not in memory: the context Ollama is sure to load it with.
      { id: 'nomic-embed-text:latest', loaded: false, loadsOnDemand: true, type: 'embeddings', contextLength: 4096, contextSource: 'load-default', quantization: 'Q4_K_M', arch: 'nomic-bert' },
      { id: 'llama3.2:3b', loaded: false, loadsOnDemand: true, note: 'not loaded — the first message loads it', type: 'llm', contextLength: 4096, contextSource: 'load-default', quantization: 'Q4_K_M', arch: 'llama' },
    ]);
  });

  it('anything else that lists models is OpenAI-compatible, its listed models served', async () => {
    const s = await start({ profile: 'openai' });
    expect(await probeEndpoint(s.baseURL, { signal: signal() })).toMatchObject({
      kind: 'openai-compatible',
      state: 'online',
      models: [
        { id: 'gpt-4.1-mini', loaded: true, type: 'unknown' },
        { id: 'gpt-4.1', loaded: true, type: 'unknown' },
      ],
    });
  });

  it('a server without a model listing answers, but is an error', async () => {
    const s = await start({ profile: 'lmstudio' });
    const status = await probeEndpoint(`${s.origin}/elsewhere/v1`, { signal: signal() });
    expect(status).toMatchObject({ state: 'error', models: [], lastError: { code: 'model-not-found' } });
    expect(status.lastError!.message).toMatch(/does not list its models \(HTTP 404\)/);
  });
});

describe('probeEndpoint: nothing there', () => {
  it('a closed port is offline, said plainly', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const status = await probeEndpoint(url, { signal: signal() });
    expect(status).toMatchObject({ url, state: 'offline', models: [], lastError: { code: 'server-unavailable' } });
    expect(status.lastError!.message).toMatch(/^Nothing is listening at 127\.0\.0\.1:\d+\.$/);
    expect(status.kind).toBeUndefined();
  });

  it('a port that accepts and never answers is an error once its bound is up, and the probe completes', async () => {
    const s = await start({ hangAll: true });
    const status = await probeEndpoint(s.baseURL, { signal: signal(), requestTimeoutMs: 150 });
    expect(status).toMatchObject({ state: 'error', lastError: { code: 'server-unavailable' } });
    expect(status.lastError!.message).toMatch(/accepts connections but did not answer within 150 ms/);
  });

  it('the deadline cuts the bound of every request', async () => {
    const s = await start({ hangAll: true });
    const status = await probeEndpoint(s.baseURL, { signal: signal(), requestTimeoutMs: 60_000, deadline: Date.now() + 100 });
    expect(status.lastError!.message).toMatch(/did not answer within \d{2,3} ms/);
  });

  it('a server that lists its models but is slow to say what it is keeps its kind while the deadline allows', async () => {
    // Busy (loading a model, or a machine under load): the listing answered, so the rest is bounded by the deadline, not the per-request bound.
    const s = await start({ profile: 'lmstudio', discoveryDelayMs: 400 });
    const status = await probeEndpoint(s.baseURL, { signal: signal(), requestTimeoutMs: 250, deadline: Date.now() + 30_000 });
    expect(status).toMatchObject({ kind: 'lmstudio', state: 'online' });
  });

  it('stops when aborted', async () => {
    const s = await start({ hangAll: true });
    const controller = new AbortController();
    const probe = probeEndpoint(s.baseURL, { signal: controller.signal, requestTimeoutMs: 60_000, deadline: Date.now() + 60_000 });
    controller.abort();
    await expect(probe).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('probeEndpoint with a kind hint', () => {
  it('asks only what the kind needs while it still fits', async () => {
    const s = await start({ profile: 'lmstudio' });
    await probeEndpoint(s.baseURL, { signal: signal(), kindHint: 'lmstudio' });
    expect(paths(s).sort()).toEqual(['/api/v0/models', '/api/v1/models', '/v1/models']);
  });

  it('detects afresh when another server took the port', async () => {
    const s = await start({ profile: 'mlx-lm' });
    expect((await probeEndpoint(s.baseURL, { signal: signal(), kindHint: 'lmstudio' })).kind).toBe('mlx-lm');
    const l = await start({ profile: 'llama.cpp' });
    expect((await probeEndpoint(l.baseURL, { signal: signal(), kindHint: 'mlx-lm' })).kind).toBe('llama.cpp');
  });
});
