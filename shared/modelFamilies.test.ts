import { describe, expect, it } from 'vitest';
import { familyOf, familyPreset, MODEL_FAMILIES } from './modelFamilies';

describe('model families', () => {
  it.each([
    ['qwen/qwen3-coder-30b', 'qwen3-coder'],
    ['Qwen3-Coder-30B-A3B-Instruct-Q4_K_M.gguf', 'qwen3-coder'],
    ['mlx-community/Qwen3-8B-4bit', 'qwen3'],
    ['qwen3:14b', 'qwen3'],
    ['qwen/qwen3-30b-a3b-2507', 'qwen3-instruct-2507'],
    ['Qwen3-4B-Thinking-2507', 'qwen3-thinking-2507'],
    ['Qwen/QwQ-32B', 'qwq'],
    ['deepseek-r1-distill-qwen-7b', 'deepseek-r1-distill'],
    ['DeepSeek-R1-0528-Qwen3-8B', 'deepseek-r1-distill'],
    ['openai/gpt-oss-20b', 'gpt-oss'],
    ['mistralai/devstral-small-2507', 'devstral'],
    ['mistralai/Mistral-Nemo-Instruct-2407', 'mistral-nemo'],
    ['mistral-small-3.2-24b-instruct-2506', 'mistral-small'],
    ['mistralai/Ministral-8B-Instruct-2410', 'mistral'],
    ['meta-llama/Llama-3.1-8B-Instruct', 'llama3'],
    ['llama3.2:3b', 'llama3'],
    ['Qwen2.5-Coder-7B-Instruct', 'qwen2.5'],
  ])('%s is %s', (id, family) => {
    expect(familyOf(id)?.id).toBe(family);
  });

  it.each(['m', 'gpt-4.1', 'claude-sonnet-4-6', 'qwen3.5-27b', 'codellama-34b', 'llama-30b', 'phi-4'])('%s matches no family', (id) => {
    expect(familyOf(id)).toBeUndefined();
  });

  it('ships every figure with its source, and gives the Qwen3-Coder preset from its model card', () => {
    for (const family of MODEL_FAMILIES) for (const figure of Object.values(family.sampling)) expect(figure.source).toMatch(/^https:\/\//);
    expect(familyPreset(familyOf('qwen/qwen3-coder-30b'))).toEqual({ temperature: 0.7, topP: 0.8, topK: 20, repetitionPenalty: 1.05 });
    expect(familyPreset(undefined)).toEqual({});
  });
});
