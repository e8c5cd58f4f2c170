import type { ServerKind } from '../../../shared/serverStatus';
import { familyOf, familyPreset, type ModelFamily } from '../../../shared/modelFamilies';
import { mergePresets, userPresetFor, type ModelPreset, type ModelPresets } from '../../../shared/modelPreset';

/**
 * Sampling for one model: which preset applies, and how it is written in a
 * request for the server that will read it.
 *
 * Precedence: command-line flags, then the user's preset for that model id,
 * then the family's recommended figures (local servers only), then nothing
 * (the server's own defaults, which LM Studio and llama.cpp read from the
 * model's files). Parameters a server does not accept are left out, and
 * names follow each server:
 *
 * | field             | LM Studio      | llama.cpp      | mlx-lm             | Ollama /v1  | other        | OpenAI                | Anthropic   |
 * |-------------------|----------------|----------------|--------------------|-------------|--------------|-----------------------|-------------|
 * | temperature       | temperature    | temperature    | temperature        | temperature | temperature  | temperature           | temperature |
 * | topP              | top_p          | top_p          | top_p              | top_p       | top_p        | top_p                 | top_p       |
 * | topK              | top_k          | top_k          | top_k              | —           | —            | —                     | top_k       |
 * | minP              | —              | min_p          | min_p              | —           | —            | —                     | —           |
 * | repetitionPenalty | repeat_penalty | repeat_penalty | repetition_penalty | —           | —            | —                     | —           |
 * | max output        | max_tokens     | max_tokens     | max_tokens         | max_tokens  | max_tokens   | max_completion_tokens | max_tokens  |
 *
 * Sources: LM Studio's OpenAI-compatibility docs (supported payload
 * parameters: top_p, top_k, temperature, max_tokens, repeat_penalty, …);
 * llama.cpp's tools/server/README.md; mlx-lm's SERVER.md; Ollama's
 * docs/openai.md (the /v1 endpoint takes temperature, top_p, max_tokens; its
 * other options only through the native API); OpenAI's and Anthropic's API
 * references. An unrecognised OpenAI-compatible server gets only the fields
 * of OpenAI's own API.
 */

/** Where a request goes: a local server's kind, or a cloud provider. */
export type SamplingTarget = ServerKind | 'openai' | 'anthropic';

type BodyName = 'temperature' | 'top_p' | 'top_k' | 'min_p' | 'repeat_penalty' | 'repetition_penalty';

const NAMES: Readonly<Record<SamplingTarget, Partial<Record<'temperature' | 'topP' | 'topK' | 'minP' | 'repetitionPenalty', BodyName>>>> = {
  lmstudio: { temperature: 'temperature', topP: 'top_p', topK: 'top_k', repetitionPenalty: 'repeat_penalty' },
  'llama.cpp': { temperature: 'temperature', topP: 'top_p', topK: 'top_k', minP: 'min_p', repetitionPenalty: 'repeat_penalty' },
  'mlx-lm': { temperature: 'temperature', topP: 'top_p', topK: 'top_k', minP: 'min_p', repetitionPenalty: 'repetition_penalty' },
  ollama: { temperature: 'temperature', topP: 'top_p' },
  'openai-compatible': { temperature: 'temperature', topP: 'top_p' },
  openai: { temperature: 'temperature', topP: 'top_p' },
  anthropic: { temperature: 'temperature', topP: 'top_p', topK: 'top_k' },
};

/** The preset's sampling fields as request-body fields for `target`; fields it does not take are left out. */
export function samplingFields(preset: ModelPreset, target: SamplingTarget): Record<string, number> {
  const body: Record<string, number> = {};
  const names = NAMES[target];
  for (const field of ['temperature', 'topP', 'topK', 'minP', 'repetitionPenalty'] as const) {
    const value = preset[field];
    const name = names[field];
    if (value !== undefined && name !== undefined) body[name] = value;
  }
  return body;
}

/** The field that caps a reply's length for `target`. */
export function maxTokensField(target: SamplingTarget): 'max_tokens' | 'max_completion_tokens' {
  return target === 'openai' ? 'max_completion_tokens' : 'max_tokens';
}

export interface PresetInputs {
  provider: 'local' | 'ollama' | 'openai' | 'anthropic' | 'test';
  modelId: string;
  /** The user's presets by model id (settings.modelPresets). */
  userPresets?: ModelPresets;
  /** Command-line flags (--temperature, --top-p, --max-tokens). */
  overrides?: ModelPreset;
}

export interface ResolvedPreset {
  preset: ModelPreset;
  /** The model's family; never set for OpenAI or Anthropic. */
  family?: ModelFamily;
}

/** The preset a model runs with: flags over the user's preset over the family's figures (local only). */
export function resolvePreset(inputs: PresetInputs): ResolvedPreset {
  const local = inputs.provider === 'local' || inputs.provider === 'ollama';
  const family = local ? familyOf(inputs.modelId) : undefined;
  const preset = mergePresets(familyPreset(family), userPresetFor(inputs.userPresets, inputs.modelId), inputs.overrides);
  return family ? { preset, family } : { preset };
}

/**
 * The reply cap a request carries: the preset's cap (or the command line's),
 * cut to what is left of the context after the prompt when the context is
 * known. Without a cap none is sent: a local server then stops at the end of
 * its context by itself, and an estimate of the prompt (which errs high) never
 * cuts an answer short. Never below 1.
 */
export function replyCap(maxOutputTokens: number | undefined, contextLength: number | undefined, promptTokens: number): number | undefined {
  if (maxOutputTokens === undefined) return undefined;
  if (contextLength === undefined) return maxOutputTokens;
  return Math.max(1, Math.min(maxOutputTokens, contextLength - promptTokens));
}
