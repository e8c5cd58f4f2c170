import { z } from 'zod';

/**
 * A model preset: how to sample one model and what to load it with. Every
 * field is optional: a field left out means "not set here", so the server's
 * own default (read from the model's files) applies, or a family preset's
 * figure when the model id matches a family.
 *
 * The user's presets live in settings as `modelPresets`, keyed by the model
 * id the server reports (`qwen/qwen3-coder-30b`, `mlx-community/Qwen3-8B-4bit`),
 * never by the whole spec, so the same model on another server or port keeps
 * its preset. Order of precedence for one request: command-line flags, then
 * the user's preset for that model id, then the family preset, then nothing.
 */
export const modelPresetSchema = z
  .object({
    temperature: z.number().min(0).max(5),
    topP: z.number().gt(0).max(1),
    topK: z.number().int().min(0).max(1000),
    minP: z.number().min(0).max(1),
    /** 1 = no penalty. Sent as `repeat_penalty` (LM Studio, llama.cpp, Ollama) or `repetition_penalty` (mlx-lm). */
    repetitionPenalty: z.number().gt(0).max(5),
    /** Cap on generated tokens a turn (still cut to what is left of the context). */
    maxOutputTokens: z.number().int().min(1).max(1_000_000),
    /** The context length to load the model with (LM Studio), and the budget where the server reports none. */
    contextLength: z.number().int().min(256).max(10_000_000),
    /** Added to the system prompt for this model. */
    systemPrompt: z.string().max(20_000),
  })
  .partial()
  .strict();
export type ModelPreset = z.infer<typeof modelPresetSchema>;

/** The fields a preset can set, in the order an editor shows them. */
export const MODEL_PRESET_FIELDS = [
  'temperature',
  'topP',
  'topK',
  'minP',
  'repetitionPenalty',
  'maxOutputTokens',
  'contextLength',
  'systemPrompt',
] as const satisfies readonly (keyof ModelPreset)[];

/** Longest model id a preset may be stored under. */
export const MAX_PRESET_MODEL_ID = 500;

/** The user's presets, keyed by model id. */
export const modelPresetsSchema = z.record(z.string().min(1).max(MAX_PRESET_MODEL_ID), modelPresetSchema);
export type ModelPresets = z.infer<typeof modelPresetsSchema>;

/** The preset a model id has in the user's settings (ids compare exactly, then case-insensitively). */
export function userPresetFor(presets: ModelPresets | undefined, modelId: string): ModelPreset | undefined {
  if (!presets) return undefined;
  if (Object.hasOwn(presets, modelId)) return presets[modelId];
  const lower = modelId.toLowerCase();
  const key = Object.keys(presets).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : presets[key];
}

/** Layers merged in order: a later layer's field wins where it is set; undefined never erases a field below. */
export function mergePresets(...layers: (ModelPreset | undefined)[]): ModelPreset {
  const out: ModelPreset = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of MODEL_PRESET_FIELDS) {
      const value = layer[key];
      if (value !== undefined) (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}
