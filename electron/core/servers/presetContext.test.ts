import { describe, expect, it } from 'vitest';
import type { EndpointStatus, LocalModel } from '../../../shared/serverStatus';
import { withPresetContext } from './presetContext';

const endpoint = (kind: EndpointStatus['kind'], models: LocalModel[], extra: Partial<EndpointStatus> = {}): EndpointStatus => ({
  url: 'http://127.0.0.1:1234/v1',
  ...(kind ? { kind } : {}),
  state: 'online',
  models,
  checkedAt: 0,
  ...extra,
});
const presets = (map: Record<string, number>) => ({ presetContext: (id: string) => map[id] });

describe('withPresetContext', () => {
  const loaded: LocalModel = { id: 'qwen/qwen3-8b', loaded: true, type: 'llm', contextLength: 8192, contextSource: 'loaded', maxContextLength: 40960 };
  const idle: LocalModel = { id: 'google/gemma-3-12b', loaded: false, type: 'vlm', contextLength: 4096, contextSource: 'load-default', maxContextLength: 131072 };

  it('LM Studio: a model not loaded takes its preset (Punie loads it with that); a loaded one keeps what it has', () => {
    const e = endpoint('lmstudio', [loaded, idle], { loadApi: 'lmstudio-v1' });
    const out = withPresetContext(e, presets({ 'qwen/qwen3-8b': 32768, 'google/gemma-3-12b': 32768 }));
    expect(out.models.map((m) => [m.contextLength, m.contextSource])).toEqual([
      [8192, 'loaded'],
      [32768, 'preset'],
    ]);
  });

  it('LM Studio 0.3 without lms: Punie cannot load it, so the first message loads it with the default', () => {
    const e = endpoint('lmstudio', [idle]);
    expect(withPresetContext(e, presets({ 'google/gemma-3-12b': 32768 })).models[0]).toMatchObject({ contextLength: 4096, contextSource: 'load-default' });
    expect(withPresetContext(e, { ...presets({ 'google/gemma-3-12b': 32768 }), lmsInstalled: true }).models[0]).toMatchObject({ contextLength: 32768, contextSource: 'preset' });
  });

  it("a preset is never more than the model's maximum", () => {
    const e = endpoint('lmstudio', [idle], { loadApi: 'lmstudio-v1' });
    expect(withPresetContext(e, presets({ 'google/gemma-3-12b': 1_000_000 })).models[0]).toMatchObject({ contextLength: 131072, contextSource: 'preset' });
  });

  it('mlx-lm and unknown servers report none: the preset says it', () => {
    const mlx = endpoint('mlx-lm', [{ id: 'm', loaded: false, type: 'llm', contextLength: 32768, contextSource: 'assumed' }]);
    expect(withPresetContext(mlx, presets({ m: 16384 })).models[0]).toMatchObject({ contextLength: 16384, contextSource: 'preset' });
    const other = endpoint('openai-compatible', [{ id: 'm', loaded: true, type: 'unknown' }]);
    expect(withPresetContext(other, presets({ m: 8192 })).models[0]).toMatchObject({ contextLength: 8192, contextSource: 'preset' });
  });

  it("llama-server's router and Ollama load with their own settings: the preset changes nothing; no preset, nothing changes", () => {
    const router = endpoint('llama.cpp', [{ id: 'b', loaded: false, type: 'llm', contextLength: 4096, contextSource: 'load-default' }], { loadApi: 'llama-router' });
    expect(withPresetContext(router, presets({ b: 16384 }))).toBe(router);
    const ollama = endpoint('ollama', [{ id: 'q', loaded: false, type: 'llm', contextLength: 4096, contextSource: 'load-default' }]);
    expect(withPresetContext(ollama, presets({ q: 16384 }))).toBe(ollama);
    const lm = endpoint('lmstudio', [idle], { loadApi: 'lmstudio-v1' });
    expect(withPresetContext(lm, presets({}))).toBe(lm);
  });
});
