import { familyOf, familyPreset, type ModelFamily } from '../../../../shared/modelFamilies';
import { MODEL_PRESET_FIELDS, modelPresetSchema, type ModelPreset, type ModelPresets } from '../../../../shared/modelPreset';
import type { ModelOption } from '../../../../shared/ipc/routes';
import { parseModelSpec } from '../../../../shared/modelSpec';

/**
 * The model preset editor's logic: a preset as the text of its fields and
 * back (each field checked by the preset's own schema), what an empty
 * field falls back to, and the words for a model Punie cannot load.
 */

export type PresetField = (typeof MODEL_PRESET_FIELDS)[number];
export type PresetDraft = Record<PresetField, string>;

export const PRESET_FIELD_LABELS: Readonly<Record<PresetField, string>> = {
  temperature: 'Temperature',
  topP: 'Top P',
  topK: 'Top K',
  minP: 'Min P',
  repetitionPenalty: 'Repetition penalty',
  maxOutputTokens: 'Max output tokens',
  contextLength: 'Context length',
  systemPrompt: 'Extra system prompt',
};

const INTEGER_FIELDS: ReadonlySet<PresetField> = new Set(['topK', 'maxOutputTokens', 'contextLength']);

export function draftOf(preset: ModelPreset | undefined): PresetDraft {
  const draft = {} as PresetDraft;
  for (const field of MODEL_PRESET_FIELDS) {
    const value = preset?.[field];
    draft[field] = value === undefined ? '' : String(value);
  }
  return draft;
}

/** The preset a draft describes (empty fields left out), or what is wrong with each field that is not valid. */
export function parseDraft(draft: PresetDraft): { ok: true; preset: ModelPreset } | { ok: false; errors: Partial<Record<PresetField, string>> } {
  const preset: Record<string, unknown> = {};
  const errors: Partial<Record<PresetField, string>> = {};
  for (const field of MODEL_PRESET_FIELDS) {
    const text = draft[field];
    if (field === 'systemPrompt') {
      if (text.trim()) preset[field] = text;
      continue;
    }
    const trimmed = text.trim();
    if (!trimmed) continue;
    const value = Number(trimmed);
    if (!Number.isFinite(value) || (INTEGER_FIELDS.has(field) && !Number.isInteger(value))) {
      errors[field] = INTEGER_FIELDS.has(field) ? 'A whole number' : 'A number';
      continue;
    }
    const checked = modelPresetSchema.shape[field].safeParse(value);
    if (checked.success) preset[field] = value;
    else errors[field] = rangeText(checked.error.issues[0]);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, preset: modelPresetSchema.parse(preset) };
}

function rangeText(issue: { code: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean } | undefined): string {
  if (issue?.code === 'too_small') return `At least ${issue.inclusive === false ? 'more than ' : ''}${String(issue.minimum)}`;
  if (issue?.code === 'too_big') return `At most ${String(issue.maximum)}`;
  return 'Not a valid value';
}

/** The model id presets are keyed by (the id the server reports), from a local spec. */
export function presetModelId(spec: string): string | undefined {
  const parsed = parseModelSpec(spec);
  if (!parsed.ok || parsed.spec.provider === 'test') return undefined;
  return parsed.spec.model || undefined;
}

/** The user's presets with one model's replaced; an empty preset removes the model's entry. */
export function withPreset(presets: ModelPresets | undefined, modelId: string, preset: ModelPreset): ModelPresets {
  const next: ModelPresets = {};
  for (const [key, value] of Object.entries(presets ?? {})) if (key.toLowerCase() !== modelId.toLowerCase()) next[key] = value;
  if (Object.keys(preset).length > 0) next[modelId] = preset;
  return next;
}

const LOCAL_GROUPS: ReadonlySet<ModelOption['group']> = new Set(['lmstudio', 'mlx-lm', 'llama.cpp', 'ollama', 'openai-compatible']);

export function isLocalOption(option: ModelOption): boolean {
  return LOCAL_GROUPS.has(option.group);
}

/** The family whose figures apply when a field is left empty (local models only). */
export function fallbackFamily(option: ModelOption, modelId: string): ModelFamily | undefined {
  return isLocalOption(option) ? familyOf(modelId) : undefined;
}

/** What an empty field means: the family's figure, or the server's own default. */
export function fallbackText(field: PresetField, family: ModelFamily | undefined, option: ModelOption): string {
  if (field === 'systemPrompt') return 'Added to Punie’s system prompt for this model';
  if (field === 'contextLength') return option.contextLength ? `${option.contextLength} (now)` : 'Server default';
  if (field === 'maxOutputTokens') return 'What the context leaves';
  const value = familyPreset(family)[field];
  return value === undefined ? 'Server default' : String(value);
}

/** Why Punie cannot load or unload this model, in one line (a model with `loadVia` can). */
export function noLoadReason(option: ModelOption): string {
  switch (option.group) {
    case 'lmstudio':
      return 'This LM Studio cannot load models over its API (0.4 and later can), and its lms command is not available here: load it in LM Studio.';
    case 'mlx-lm':
      return 'mlx-lm.server loads a model when a message names it; it cannot load or unload one on its own.';
    case 'llama.cpp':
      return 'This llama-server serves the one model it was started with; it cannot load or unload models.';
    case 'ollama':
      return 'Ollama loads a model when a message names it and unloads it when idle.';
    default:
      return 'This server does not let Punie load or unload models.';
  }
}
