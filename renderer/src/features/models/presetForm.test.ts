import { describe, expect, it } from 'vitest';
import type { ModelOption } from '../../../../shared/ipc/routes';
import { draftOf, fallbackFamily, fallbackText, noLoadReason, parseDraft, presetModelId, withPreset } from './presetForm';

const lmstudio: ModelOption = { spec: 'local:http://127.0.0.1:1234/v1/qwen/qwen3-coder-30b', label: 'qwen/qwen3-coder-30b', group: 'lmstudio', groupLabel: 'LM Studio', available: true, contextLength: 4096 };

describe('preset form', () => {
  it('reads a draft back into the preset it was made from', () => {
    const preset = { temperature: 0.7, topK: 20, maxOutputTokens: 2000, systemPrompt: 'Answer briefly.' };
    expect(parseDraft(draftOf(preset))).toEqual({ ok: true, preset });
    expect(parseDraft(draftOf(undefined))).toEqual({ ok: true, preset: {} });
  });

  it('says what is wrong with each field the schema refuses', () => {
    const draft = { ...draftOf(undefined), temperature: 'hot', topK: '2.5', topP: '0', contextLength: '100', minP: '0.05' };
    const r = parseDraft(draft);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({ temperature: 'A number', topK: 'A whole number', topP: 'At least more than 0', contextLength: 'At least 256' });
  });

  it('keys presets by the model id of a local spec, and an empty preset removes the entry', () => {
    expect(presetModelId(lmstudio.spec)).toBe('qwen/qwen3-coder-30b');
    expect(presetModelId('test')).toBeUndefined();
    const presets = { 'Qwen/Qwen3-Coder-30B': { temperature: 1 }, other: { topP: 0.5 } };
    expect(withPreset(presets, 'qwen/qwen3-coder-30b', { temperature: 0.2 })).toEqual({ other: { topP: 0.5 }, 'qwen/qwen3-coder-30b': { temperature: 0.2 } });
    expect(withPreset(presets, 'qwen/qwen3-coder-30b', {})).toEqual({ other: { topP: 0.5 } });
  });

  it("shows the family's figure where a field is empty, else the server's default", () => {
    const family = fallbackFamily(lmstudio, 'qwen/qwen3-coder-30b');
    expect(family?.id).toBe('qwen3-coder');
    expect(fallbackText('temperature', family, lmstudio)).toBe('0.7');
    expect(fallbackText('minP', family, lmstudio)).toBe('Server default');
    expect(fallbackText('contextLength', family, lmstudio)).toBe('4096 (now)');
    expect(fallbackFamily({ ...lmstudio, group: 'openai', groupLabel: 'OpenAI' }, 'qwen3-coder')).toBeUndefined();
  });

  it('says in one line why a server cannot load models', () => {
    expect(noLoadReason({ ...lmstudio, group: 'mlx-lm' })).toMatch(/^mlx-lm\.server loads a model when a message names it/);
    for (const group of ['lmstudio', 'llama.cpp', 'ollama', 'openai-compatible'] as const) expect(noLoadReason({ ...lmstudio, group })).not.toContain('\n');
  });
});
