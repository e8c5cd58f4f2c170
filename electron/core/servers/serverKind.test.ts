import { describe, expect, it } from 'vitest';
import { contextFromArgs } from './llamaCppListing';
import { readListing } from './modelListing';
import { confirmsKind, describeServer, detectionPaths, detectKind } from './serverKind';

/** Wire shapes as the real servers send them (see e2e/llama/README.md and shared/NOTES.md). */
const llamaListing = {
  models: [{ name: 'tiny-qwen2', model: 'tiny-qwen2', capabilities: ['completion'] }],
  object: 'list',
  data: [
    {
      id: 'tiny-qwen2',
      aliases: ['tiny-qwen2'],
      tags: [],
      object: 'model',
      created: 1_760_000_000,
      owned_by: 'llamacpp',
      meta: { vocab_type: 2, n_vocab: 151936, n_ctx: 4096, n_ctx_train: 32768, n_embd: 64, n_params: 19674048, size: 39800576, ftype: 'F16' },
    },
  ],
};
const llamaProps = { default_generation_settings: { n_ctx: 4096, params: { temperature: 0.8 } }, total_slots: 4, model_alias: 'tiny-qwen2', build_info: 'b1-de3ff81', modalities: { vision: false } };
const routerListing = {
  data: [
    { id: 'tiny-a', aliases: [], tags: [], object: 'model', owned_by: 'llamacpp', created: 1, status: { value: 'unloaded', args: [] }, source: 'models_dir' },
    { id: 'tiny-b', aliases: [], tags: [], object: 'model', owned_by: 'llamacpp', created: 1, status: { value: 'loading', args: [] }, source: 'models_dir' },
  ],
};
const routerProps = { role: 'router', max_instances: 4, models_autoload: false, model_alias: 'llama-server', model_path: 'none', default_generation_settings: { params: null, n_ctx: 0 } };
/** mlx-lm.server: no owned_by; the folder it was started with comes last. */
const mlxListing = {
  object: 'list',
  data: [
    { id: 'mlx-community/Qwen3-8B-4bit', object: 'model', created: 1 },
    { id: '/Users/me/models/Mistral-7B-mlx', object: 'model', created: 1 },
  ],
};

const answers = (entries: Record<string, unknown>) => new Map(Object.entries(entries));

describe('detectKind', () => {
  it('llama-server by its owner, without asking more', () => {
    const entries = readListing(llamaListing)!;
    expect(detectionPaths(entries)).toEqual(['/props']);
    expect(detectKind(entries, answers({}))).toBe('llama.cpp');
  });

  it('mlx-lm.server by its health answer where llama-server has /props', () => {
    const entries = readListing(mlxListing)!;
    expect(detectKind(entries, answers({ '/health': { status: 'ok' } }))).toBe('mlx-lm');
    // The same listing behind a server with llama-server's /props is llama.cpp.
    expect(detectKind(entries, answers({ '/health': { status: 'ok' }, '/props': llamaProps }))).toBe('llama.cpp');
  });

  it('LM Studio, even when it answers unknown paths with a 200 error body', () => {
    const entries = readListing({ data: [{ id: 'qwen/qwen3-8b', object: 'model', owned_by: 'organization_owner' }] })!;
    const lmsError = { error: 'Unexpected endpoint or method. (GET /props)' };
    expect(detectKind(entries, answers({ '/props': lmsError, '/health': lmsError, '/api/v0/models': { object: 'list', data: [{ id: 'qwen/qwen3-8b', type: 'llm', state: 'loaded' }] } }))).toBe('lmstudio');
  });

  it('Ollama by its version; an OpenAI-style listing at /api/v0 is not LM Studio', () => {
    const entries = readListing({ data: [{ id: 'qwen3:8b', owned_by: 'library' }] })!;
    expect(detectKind(entries, answers({ '/api/version': { version: '0.12.6' } }))).toBe('ollama');
    expect(detectKind(entries, answers({ '/api/v0/models': { data: [{ id: 'x', object: 'model' }] } }))).toBe('openai-compatible');
  });

  it('a hint is confirmed only by its own answers', () => {
    const mlx = readListing(mlxListing)!;
    expect(confirmsKind('mlx-lm', mlx, answers({ '/health': { status: 'ok' } }))).toBe(true);
    expect(confirmsKind('mlx-lm', mlx, answers({ '/health': { status: 'ok' }, '/props': llamaProps }))).toBe(false);
    expect(confirmsKind('lmstudio', mlx, answers({ '/health': { status: 'ok' } }))).toBe(false);
    expect(confirmsKind('openai-compatible', mlx, answers({}))).toBe(false);
  });
});

describe('describeServer', () => {
  it('llama-server: the loaded context, training context, file type and build', () => {
    expect(describeServer('llama.cpp', readListing(llamaListing)!, answers({ '/props': llamaProps }))).toEqual({
      kind: 'llama.cpp',
      version: 'b1-de3ff81',
      models: [{ id: 'tiny-qwen2', loaded: true, type: 'llm', contextLength: 4096, contextSource: 'loaded', maxContextLength: 32768, quantization: 'F16' }],
    });
  });

  it('LM Studio 0.4 offers its REST API for loading; 0.3 does not', () => {
    const entries = readListing({ data: [{ id: 'qwen/qwen3-8b' }] })!;
    const v1 = { models: [{ key: 'qwen/qwen3-8b', type: 'llm', loaded_instances: [{ id: 'qwen/qwen3-8b', config: { context_length: 8192 } }], max_context_length: 40960 }] };
    const v0 = { data: [{ id: 'qwen/qwen3-8b', type: 'llm', state: 'loaded', max_context_length: 40960 }] };
    expect(describeServer('lmstudio', entries, answers({ '/api/v1/models': v1 }))).toMatchObject({ loadApi: 'lmstudio-v1', models: [{ contextLength: 8192, contextSource: 'loaded' }] });
    // An older 0.3 that does not say what it loaded: only the maximum is known, and said to be that.
    expect(describeServer('lmstudio', entries, answers({ '/api/v0/models': v0 }))).toEqual({ kind: 'lmstudio', models: [expect.objectContaining({ contextLength: 40960, contextSource: 'maximum' })] });
  });

  it('llama-server router: unloaded and loading models, no autoload', () => {
    const { models } = describeServer('llama.cpp', readListing(routerListing)!, answers({ '/props': routerProps }));
    expect(models).toEqual([
      { id: 'tiny-a', loaded: false, type: 'llm', loadsOnDemand: false, note: 'not loaded — load it on the server first' },
      { id: 'tiny-b', loaded: false, loading: true, type: 'llm', note: 'loading…' },
    ]);
  });

  it('mlx-lm: the started-with folder is the loaded default; the rest load on request', () => {
    const { models } = describeServer('mlx-lm', readListing(mlxListing)!, answers({}));
    expect(models.map((m) => [m.id, m.loaded, m.loadsOnDemand ?? false, m.isDefault ?? false])).toEqual([
      ['mlx-community/Qwen3-8B-4bit', false, true, false],
      ['/Users/me/models/Mistral-7B-mlx', true, false, true],
    ]);
  });

  it('falls back to the plain listing when a kind’s own answers are missing', () => {
    const entries = readListing({ data: [{ id: 'qwen/qwen3-8b' }, { id: 'text-embedding-bge' }] })!;
    expect(describeServer('lmstudio', entries, answers({})).models).toEqual([
      { id: 'qwen/qwen3-8b', loaded: true, type: 'unknown' },
      { id: 'text-embedding-bge', loaded: true, type: 'embeddings' },
    ]);
    expect(describeServer('ollama', entries, answers({})).models[0]).toMatchObject({ loaded: false, loadsOnDemand: true });
  });
});

describe('contextFromArgs', () => {
  it('reads --ctx-size N, -c N and --ctx-size=N, the last one winning; 0 or junk is unknown', () => {
    expect(contextFromArgs(['llama-server', '--ctx-size', '4096'])).toBe(4096);
    expect(contextFromArgs(['-c', '2048', '--ctx-size=8192'])).toBe(8192);
    expect(contextFromArgs(['-c', '0'])).toBeUndefined();
    expect(contextFromArgs(['-c', 'lots'])).toBeUndefined();
    expect(contextFromArgs(['-c'])).toBeUndefined();
    expect(contextFromArgs(undefined)).toBeUndefined();
  });
});

describe('readListing', () => {
  it('skips junk and reads at most 1000 entries', () => {
    expect(readListing({ data: [null, 1, { id: '' }, { id: 'ok', owned_by: 3, status: 'loaded' }] })).toEqual([{ id: 'ok', status: 'loaded' }]);
    expect(readListing({ data: Array.from({ length: 1500 }, (_, i) => ({ id: `m${i}` })) })).toHaveLength(1000);
    expect(readListing('Not Found')).toBeUndefined();
    expect(readListing({ models: [] })).toBeUndefined();
  });
});
