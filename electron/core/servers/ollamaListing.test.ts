import { describe, expect, it } from 'vitest';
import { ollamaModels } from './ollamaListing';

describe('Ollama listings (plain checks, no zod)', () => {
  it('reads /api/tags and /api/ps, nulls included, and skips an entry with a field of the wrong type', () => {
    const tags = {
      models: [
        { name: 'qwen2.5-coder:7b', details: { family: 'qwen2', families: ['qwen2'], quantization_level: 'Q4_K_M' } },
        { name: 'nomic-embed-text', details: { family: 'nomic-bert', families: null, quantization_level: null } },
        { name: 'bad-families', details: { families: [1] } },
        { name: 'bad-details', details: 'x' },
        { name: '' },
        { name: 'plain', details: null },
      ],
    };
    const ps = { models: [{ name: 'qwen2.5-coder:7b', context_length: 8192 }, { name: 'plain', context_length: 0 }] };
    const models = ollamaModels(tags, ps);
    expect(models?.map((m) => m.id)).toEqual(['qwen2.5-coder:7b', 'nomic-embed-text', 'plain']);
    expect(models?.[0]).toMatchObject({ loaded: true, type: 'llm', contextLength: 8192, contextSource: 'loaded', quantization: 'Q4_K_M', arch: 'qwen2' });
    expect(models?.[1]).toMatchObject({ loaded: false, type: 'embeddings', arch: 'nomic-bert' });
    // `plain` in /api/ps had a context of 0, not a positive integer: that entry of ps is skipped, so it reads as not in memory.
    expect(models?.[2]).toMatchObject({ loaded: false, type: 'llm', contextSource: 'load-default' });
    expect(ollamaModels({ nothing: true }, ps)).toBeUndefined();
  });
});
