import { describe, expect, it } from 'vitest';
import { lmStudioModels, readLmStudioV0, readLmStudioV1 } from './lmstudioListing';

describe('LM Studio listings (plain checks, no zod)', () => {
  it('reads /api/v1/models entries, nulls and unknown fields included, and skips an entry with a field of the wrong type', () => {
    const body = {
      models: [
        {
          key: 'qwen/qwen3-coder-30b',
          type: 'llm',
          architecture: null,
          quantization: { name: 'Q4_K_M' },
          max_context_length: 262144,
          loaded_instances: [{ id: 'qwen/qwen3-coder-30b', config: { context_length: 32768 } }],
          capabilities: { vision: false, trained_for_tool_use: true },
          extra: { anything: 1 },
        },
        { key: 'bad-context', max_context_length: -1 },
        { key: 'bad-instances', loaded_instances: [{ config: { context_length: 1.5 } }] },
        { key: 'bad-caps', capabilities: { vision: 'yes' } },
        { key: '' },
        'junk',
        { key: 'text-embedding-nomic', type: 'embedding', loaded_instances: null, quantization: null, capabilities: null },
      ],
    };
    expect(readLmStudioV1(body)?.map((e) => e.key)).toEqual(['qwen/qwen3-coder-30b', 'text-embedding-nomic']);
    expect(lmStudioModels(body, undefined, new Set(['text-embedding-nomic']))).toEqual([
      { id: 'qwen/qwen3-coder-30b', loaded: true, type: 'llm', contextLength: 32768, contextSource: 'loaded', maxContextLength: 262144, quantization: 'Q4_K_M', toolUse: true },
      { id: 'text-embedding-nomic', loaded: false, type: 'embeddings', contextLength: 4096, contextSource: 'load-default', loadsOnDemand: true },
    ]);
    expect(readLmStudioV1({ models: 'no' })).toBeUndefined();
    expect(readLmStudioV1([])).toBeUndefined();
  });

  it('reads /api/v0/models entries and skips one with a field of the wrong type', () => {
    const body = {
      data: [
        { id: 'a', type: 'llm', state: 'loaded', arch: 'qwen2', quantization: 'Q8_0', max_context_length: 8192, loaded_context_length: 4096, capabilities: ['tool_use'] },
        { id: 'no-state', type: 'llm' },
        { id: 'bad-caps', state: 'not-loaded', capabilities: [1] },
        { id: 'bad-type', state: 'not-loaded', type: null },
        { id: 'b', state: 'not-loaded', arch: null, capabilities: null },
      ],
    };
    expect(readLmStudioV0(body)?.map((e) => e.id)).toEqual(['a', 'b']);
    // An OpenAI-style listing also has `data`, without `state`: not LM Studio's.
    expect(readLmStudioV0({ data: [{ id: 'x', object: 'model' }] })).toBeUndefined();
    expect(readLmStudioV0({ data: [] })).toEqual([]);
  });
});
