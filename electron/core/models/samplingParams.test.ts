import { describe, expect, it } from 'vitest';
import { maxTokensField, replyCap, resolvePreset, samplingFields } from './samplingParams';

const FULL = { temperature: 0.7, topP: 0.8, topK: 20, minP: 0.05, repetitionPenalty: 1.05 };

describe('samplingFields', () => {
  it('names the fields the way each server reads them and leaves out what it does not take', () => {
    expect(samplingFields(FULL, 'lmstudio')).toEqual({ temperature: 0.7, top_p: 0.8, top_k: 20, repeat_penalty: 1.05 });
    expect(samplingFields(FULL, 'llama.cpp')).toEqual({ temperature: 0.7, top_p: 0.8, top_k: 20, min_p: 0.05, repeat_penalty: 1.05 });
    expect(samplingFields(FULL, 'mlx-lm')).toEqual({ temperature: 0.7, top_p: 0.8, top_k: 20, min_p: 0.05, repetition_penalty: 1.05 });
    expect(samplingFields(FULL, 'ollama')).toEqual({ temperature: 0.7, top_p: 0.8 });
    expect(samplingFields(FULL, 'openai-compatible')).toEqual({ temperature: 0.7, top_p: 0.8 });
  });

  it('never sends local-only parameters to OpenAI or Anthropic', () => {
    expect(samplingFields(FULL, 'openai')).toEqual({ temperature: 0.7, top_p: 0.8 });
    expect(samplingFields(FULL, 'anthropic')).toEqual({ temperature: 0.7, top_p: 0.8, top_k: 20 });
    expect(maxTokensField('openai')).toBe('max_completion_tokens');
    expect(maxTokensField('lmstudio')).toBe('max_tokens');
  });

  it('sends nothing for an empty preset', () => {
    expect(samplingFields({}, 'llama.cpp')).toEqual({});
  });
});

describe('resolvePreset', () => {
  it('gives a model that matches no family no sampling at all', () => {
    expect(resolvePreset({ provider: 'local', modelId: 'm' })).toEqual({ preset: {} });
  });

  it('applies the family preset to local models only, under the user preset and the flags', () => {
    const local = resolvePreset({
      provider: 'local',
      modelId: 'qwen/qwen3-coder-30b',
      userPresets: { 'qwen/qwen3-coder-30b': { temperature: 0.5, maxOutputTokens: 2000 } },
      overrides: { topP: 0.9 },
    });
    expect(local.family?.id).toBe('qwen3-coder');
    expect(local.preset).toEqual({ temperature: 0.5, topP: 0.9, topK: 20, repetitionPenalty: 1.05, maxOutputTokens: 2000 });
    expect(resolvePreset({ provider: 'ollama', modelId: 'qwen3-coder:30b' }).preset.temperature).toBe(0.7);
    expect(resolvePreset({ provider: 'openai', modelId: 'gpt-oss-120b' })).toEqual({ preset: {} });
    expect(resolvePreset({ provider: 'anthropic', modelId: 'claude-sonnet-4-6', overrides: { temperature: 0.2 } })).toEqual({ preset: { temperature: 0.2 } });
  });
});

describe('replyCap', () => {
  it('sends no cap unless one is set, and never more than the context leaves after the prompt', () => {
    expect(replyCap(undefined, 4096, 1000)).toBeUndefined();
    expect(replyCap(8192, undefined, 1000)).toBe(8192);
    expect(replyCap(8192, 4096, 1000)).toBe(3096);
    expect(replyCap(500, 4096, 1000)).toBe(500);
    expect(replyCap(500, 4096, 5000)).toBe(1);
  });
});
