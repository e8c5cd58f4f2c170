import { describe, expect, it } from 'vitest';
import { mergePresets, modelPresetSchema, modelPresetsSchema, userPresetFor } from './modelPreset';
import { settingsPatchSchema, settingsSchema } from './settings';

describe('modelPreset', () => {
  it('accepts a partial preset and rejects unknown fields and out-of-range figures', () => {
    expect(modelPresetSchema.parse({ temperature: 0.7, topK: 20 })).toEqual({ temperature: 0.7, topK: 20 });
    expect(modelPresetSchema.safeParse({ temp: 0.7 }).success).toBe(false);
    expect(modelPresetSchema.safeParse({ topP: 0 }).success).toBe(false);
    expect(modelPresetSchema.safeParse({ topK: 2.5 }).success).toBe(false);
    expect(modelPresetSchema.safeParse({ contextLength: 10 }).success).toBe(false);
  });

  it('keys presets by model id, exact first, then ignoring case', () => {
    const presets = modelPresetsSchema.parse({ 'qwen/qwen3-coder-30b': { temperature: 0.5 }, 'Other/M': { topP: 0.9 } });
    expect(userPresetFor(presets, 'qwen/qwen3-coder-30b')).toEqual({ temperature: 0.5 });
    expect(userPresetFor(presets, 'other/m')).toEqual({ topP: 0.9 });
    expect(userPresetFor(presets, 'nothing')).toBeUndefined();
    expect(userPresetFor(presets, 'toString')).toBeUndefined();
    expect(userPresetFor(undefined, 'x')).toBeUndefined();
  });

  it('merges layers in order, later fields winning, undefined erasing nothing', () => {
    expect(mergePresets({ temperature: 0.7, topP: 0.8 }, undefined, { temperature: 0.2, topP: undefined }, { maxOutputTokens: 100 })).toEqual({
      temperature: 0.2,
      topP: 0.8,
      maxOutputTokens: 100,
    });
  });

  it('lives in settings as modelPresets, empty by default, patchable as a whole map', () => {
    expect(settingsSchema.parse({}).modelPresets).toEqual({});
    expect(settingsPatchSchema.parse({ modelPresets: { m: { systemPrompt: 'Be brief.' } } })).toEqual({ modelPresets: { m: { systemPrompt: 'Be brief.' } } });
    expect(settingsPatchSchema.safeParse({ modelPresets: { m: { temperature: -1 } } }).success).toBe(false);
  });
});
