import { describe, expect, it } from 'vitest';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import { modelOptionSchema } from '../../../shared/ipc/routes';
import { parseModelSpec } from '../../../shared/modelSpec';
import type { EndpointStatus, ServersStatus } from '../../../shared/serverStatus';
import { summarise } from './localChoice';
import { createModelCatalog, modelCatalog, TEST_MODEL_OPTION } from './modelCatalog';
import { probeServers } from './probeServers';

const start = useFakeServers();
const signal = () => new AbortController().signal;
const noKeys = { openai: false, anthropic: false };

describe('modelCatalog', () => {
  it('LM Studio: chat models with what is known, loaded first, embeddings left out', async () => {
    const lms = await start({ profile: 'lmstudio' });
    const options = modelCatalog(await probeServers({ endpoints: [lms.baseURL], signal: signal() }), noKeys);
    const local = options.filter((o) => o.group === 'lmstudio');
    expect(local).toEqual([
      {
        spec: `local:${lms.baseURL}/qwen/qwen3-coder-30b`,
        label: 'qwen/qwen3-coder-30b',
        group: 'lmstudio',
        groupLabel: 'LM Studio',
        endpointUrl: lms.baseURL,
        serverKind: 'lmstudio',
        loaded: true,
        contextLength: 32768,
        contextSource: 'loaded',
        maxContextLength: 262144,
        loadVia: 'lmstudio-rest',
        canSetContext: true,
        quantization: 'Q4_K_M',
        toolUse: true,
        available: true,
      },
      {
        spec: `local:${lms.baseURL}/google/gemma-3-12b`,
        label: 'google/gemma-3-12b',
        group: 'lmstudio',
        groupLabel: 'LM Studio',
        endpointUrl: lms.baseURL,
        serverKind: 'lmstudio',
        loaded: false,
        loadsOnDemand: true,
        // What LM Studio will load it with on the first message, not its maximum.
        contextLength: 4096,
        contextSource: 'load-default',
        maxContextLength: 131072,
        loadVia: 'lmstudio-rest',
        canSetContext: true,
        quantization: 'Q4_K_M',
        toolUse: false,
        note: 'not loaded — the first message loads it',
        available: true,
      },
    ]);
    for (const o of options) expect(modelOptionSchema.parse(o)).toEqual(o);
  });

  it('a model that cannot be used now is listed as unavailable, with the reason (and that Punie can load it there)', async () => {
    const router = await start({ profile: 'llama.cpp', router: true, models: [{ id: 'b', loaded: false }, { id: 'a', loaded: true }] });
    const local = modelCatalog(await probeServers({ endpoints: [router.baseURL], signal: signal() }), noKeys).filter((o) => o.group === 'llama.cpp');
    expect(local.map((o) => [o.label, o.available, o.unavailableReason, o.loadVia, o.canSetContext])).toEqual([
      ['a', true, undefined, 'llama-router', false],
      ['b', false, 'not loaded — load it on the server first', 'llama-router', false],
    ]);
  });

  it('LM Studio 0.3 on this machine can be managed only with lms installed', async () => {
    const lms = await start({ profile: 'lmstudio', lmstudioApi: 'v0' });
    const status = await probeServers({ endpoints: [lms.baseURL], signal: signal() });
    expect(modelCatalog(status, noKeys, false).filter((o) => o.group === 'lmstudio').map((o) => o.loadVia)).toEqual([undefined, undefined]);
    expect(modelCatalog(status, noKeys, true).filter((o) => o.group === 'lmstudio').map((o) => o.loadVia)).toEqual(['lms', 'lms']);
  });

  it('every spec resolves back to its server and model; mlx-lm’s started-with folder through its endpoint', async () => {
    const mlx = await start({ profile: 'mlx-lm', mlxModelPath: '/Users/me/models/Qwen3-4B' });
    const local = modelCatalog(await probeServers({ endpoints: [mlx.baseURL], signal: signal() }), noKeys).filter((o) => o.group === 'mlx-lm');
    expect(local.map((o) => [o.spec, o.label])).toEqual([
      [`local:${mlx.baseURL}`, 'Qwen3-4B'],
      [`local:${mlx.baseURL}/mlx-community/Qwen2.5-7B-Instruct-4bit`, 'mlx-community/Qwen2.5-7B-Instruct-4bit'],
      [`local:${mlx.baseURL}/mlx-community/Llama-3.2-3B-Instruct-4bit`, 'mlx-community/Llama-3.2-3B-Instruct-4bit'],
    ]);
    for (const o of local.slice(1)) expect(parseModelSpec(o.spec)).toEqual({ ok: true, spec: { provider: 'local', baseURL: mlx.baseURL, model: o.label } });
  });

  it('Ollama’s models as ollama: specs when it answers', async () => {
    const ollama = await start({ profile: 'ollama' });
    const status = await probeServers({ endpoints: [], ollamaURL: ollama.baseURL, signal: signal() });
    const options = modelCatalog(status, noKeys).filter((o) => o.group === 'ollama');
    expect(options.map((o) => [o.spec, o.loaded, o.available])).toEqual([
      ['ollama:qwen3:8b', true, true],
      ['ollama:llama3.2:3b', false, true],
    ]);
    expect(options[0]).toMatchObject({ groupLabel: 'Ollama', serverKind: 'ollama', contextLength: 40960 });
  });

  it('cloud models: available with a key, unavailable with the reason without one; the test model always', () => {
    const status = summarise([], 0);
    const without = modelCatalog(status, noKeys);
    expect(without.filter((o) => o.group === 'openai').every((o) => !o.available && /No OpenAI API key.*OPENAI_API_KEY/.test(o.unavailableReason ?? ''))).toBe(true);
    expect(without.find((o) => o.spec === 'anthropic:claude-sonnet-4-6')).toMatchObject({ available: false, unavailableReason: expect.stringMatching(/ANTHROPIC_API_KEY/) });
    expect(without.at(-1)).toEqual(TEST_MODEL_OPTION);
    const withKeys = modelCatalog(status, { openai: true, anthropic: true });
    expect(withKeys.filter((o) => o.group === 'openai' || o.group === 'anthropic').every((o) => o.available && o.unavailableReason === undefined)).toBe(true);
    for (const o of withKeys) expect(parseModelSpec(o.spec).ok).toBe(true);
  });

  it('two servers of one kind are told apart by host; offline and failing endpoints offer nothing', () => {
    const e = (url: string, extra: Partial<EndpointStatus> = {}): EndpointStatus => ({ url, kind: 'llama.cpp', state: 'online', models: [{ id: 'm', loaded: true, type: 'llm' }], checkedAt: 0, ...extra });
    const status: ServersStatus = summarise(
      [e('http://127.0.0.1:8080/v1'), e('http://gpu:8080/v1'), e('http://127.0.0.1:9000/v1', { state: 'offline' }), e('http://127.0.0.1:9001/v1', { state: 'error' })],
      0,
    );
    const local = modelCatalog(status, noKeys).filter((o) => o.group === 'llama.cpp');
    expect(local.map((o) => o.groupLabel)).toEqual(['llama.cpp · 127.0.0.1:8080', 'llama.cpp · gpu:8080']);
  });

  it('a model id no spec can carry is left out', () => {
    const status = summarise([{ url: 'http://127.0.0.1:8080/v1', kind: 'openai-compatible', state: 'online', models: [{ id: 'has space', loaded: false, type: 'llm' }, { id: 'ok', loaded: true, type: 'llm' }], checkedAt: 0 }], 0);
    expect(modelCatalog(status, noKeys).filter((o) => o.group === 'openai-compatible').map((o) => o.label)).toEqual(['ok']);
  });
});

describe('createModelCatalog', () => {
  it('reads the cached status, or a fresh one on refresh', async () => {
    const calls: string[] = [];
    const status = summarise([], 0);
    const catalog = createModelCatalog({
      servers: {
        status: async () => (calls.push('status'), status),
        refresh: async () => (calls.push('refresh'), status),
      },
      keys: () => ({ openai: true, anthropic: false }),
    });
    const listed = await catalog.list({ refresh: false }, signal());
    await catalog.list({ refresh: true }, signal());
    expect(calls).toEqual(['status', 'refresh']);
    expect(listed.status).toBe(status);
    expect(listed.models.find((o) => o.group === 'openai')?.available).toBe(true);
  });
});
