import type { ModelPreset } from './modelPreset';

/**
 * Model families Punie recognises by model id, with the sampling their
 * makers recommend (each figure with its source: the model card or the
 * generation config shipped with the weights) and the few facts about their
 * chat templates that change how Punie reads and writes their turns.
 *
 * A family preset applies only to local servers (LM Studio, mlx-lm,
 * llama.cpp, Ollama, other OpenAI-compatible servers), under the user's own
 * preset for that model and the command line's flags. A model that matches
 * no family gets no sampling parameters at all: the server applies the
 * model's own defaults.
 */

/** One recommended figure and where it comes from. */
export interface Figure {
  value: number;
  source: string;
}

export type SamplingField = 'temperature' | 'topP' | 'topK' | 'minP' | 'repetitionPenalty';

export interface ModelFamily {
  id: string;
  label: string;
  /** Tested against the model id, lower-cased, with `_` read as `-`. */
  match: RegExp;
  sampling: Partial<Record<SamplingField, Figure>>;
  /** The template opens `<think>` in the prompt: a reply without a reasoning parser begins inside the block. */
  opensReasoningInPrompt?: { source: string };
  /**
   * The template reads back the reasoning of the assistant's tool-call turns
   * within the current request (`reasoning_content`): sent back during a run,
   * never for earlier runs. `whenNoContent`: only on a turn with no text.
   */
  reasoningInToolTurns?: { whenNoContent: boolean; source: string };
  /** The template accepts one tool call per assistant message: parallel calls go back as consecutive turns. */
  oneCallPerMessage?: { source: string };
  /** The template refuses tool-call ids that are not nine letters and digits: ids go back in that shape. */
  nineCharToolIds?: { source: string };
}

const QWEN3_CODER_CARD = 'https://huggingface.co/Qwen/Qwen3-Coder-30B-A3B-Instruct (Best practices: temperature=0.7, top_p=0.8, top_k=20, repetition_penalty=1.05)';
const QWEN3_CARD = 'https://huggingface.co/Qwen/Qwen3-8B (Best practices, thinking mode: Temperature=0.6, TopP=0.95, TopK=20, MinP=0)';
const QWEN3_THINKING_2507_CARD = 'https://huggingface.co/Qwen/Qwen3-30B-A3B-Thinking-2507 (Best practices: Temperature=0.6, TopP=0.95, TopK=20, MinP=0)';
const QWEN3_INSTRUCT_2507_CARD = 'https://huggingface.co/Qwen/Qwen3-30B-A3B-Instruct-2507 (Best practices: Temperature=0.7, TopP=0.8, TopK=20, MinP=0)';
const QWQ_CARD = 'https://huggingface.co/Qwen/QwQ-32B (Usage guidelines: Temperature=0.6, TopP=0.95, MinP=0, TopK between 20 and 40)';
const QWEN25_CONFIG = 'https://huggingface.co/Qwen/Qwen2.5-Coder-7B-Instruct/blob/main/generation_config.json (temperature 0.7, top_p 0.8, top_k 20, repetition_penalty 1.05)';
const R1_DISTILL_CARD = 'https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Qwen-32B (Usage recommendations: temperature 0.5-0.7, 0.6 recommended; evaluated with top-p 0.95)';
const GPT_OSS_README = 'https://github.com/openai/gpt-oss (Recommended sampling parameters: temperature=1.0, top_p=1.0)';
const MISTRAL_SMALL_CARD = 'https://huggingface.co/mistralai/Mistral-Small-3.1-24B-Instruct-2503 (Devstral Small’s base model: "a relatively low temperature, such as temperature=0.15")';
const MISTRAL_NEMO_CARD = 'https://huggingface.co/mistralai/Mistral-Nemo-Instruct-2407 ("Mistral Nemo requires smaller temperatures. We recommend to use a temperature of 0.3")';
const NINE_CHAR_IDS = {
  source:
    'llama.cpp models/templates/mistralai-Mistral-Nemo-Instruct-2407.jinja and Mistral-Small-3.2-24B-Instruct-2506.jinja: "Tool call IDs should be alphanumeric strings with length 9!" (seen refusing llama-server\'s own 32-character ids)',
};
const LLAMA3_CONFIG = 'https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/blob/main/generation_config.json (temperature 0.6, top_p 0.9)';

const f = (value: number, source: string): Figure => ({ value, source });

/** In order: the first family whose pattern matches the id is the model's. */
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  {
    id: 'deepseek-r1-distill',
    label: 'DeepSeek-R1 (distills)',
    // Before the Qwen families: R1 distills are named after their base (DeepSeek-R1-0528-Qwen3-8B).
    match: /deepseek-r1/,
    sampling: { temperature: f(0.6, R1_DISTILL_CARD), topP: f(0.95, R1_DISTILL_CARD) },
    opensReasoningInPrompt: { source: "llama.cpp models/templates/deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja ends the prompt with '<｜Assistant｜><think>\\n'" },
  },
  {
    id: 'qwen3-coder',
    label: 'Qwen3-Coder',
    match: /qwen3-?coder/,
    sampling: { temperature: f(0.7, QWEN3_CODER_CARD), topP: f(0.8, QWEN3_CODER_CARD), topK: f(20, QWEN3_CODER_CARD), repetitionPenalty: f(1.05, QWEN3_CODER_CARD) },
  },
  {
    id: 'qwen3-thinking-2507',
    label: 'Qwen3 Thinking 2507',
    match: /qwen3-.*thinking/,
    sampling: { temperature: f(0.6, QWEN3_THINKING_2507_CARD), topP: f(0.95, QWEN3_THINKING_2507_CARD), topK: f(20, QWEN3_THINKING_2507_CARD), minP: f(0, QWEN3_THINKING_2507_CARD) },
    opensReasoningInPrompt: { source: `${QWEN3_THINKING_2507_CARD}: "the default chat template automatically includes <think>"` },
    reasoningInToolTurns: { whenNoContent: false, source: 'the Qwen3 chat template renders reasoning_content for assistant turns after the last user message' },
  },
  {
    id: 'qwen3-instruct-2507',
    label: 'Qwen3 Instruct 2507',
    match: /qwen3-.*2507/,
    sampling: { temperature: f(0.7, QWEN3_INSTRUCT_2507_CARD), topP: f(0.8, QWEN3_INSTRUCT_2507_CARD), topK: f(20, QWEN3_INSTRUCT_2507_CARD), minP: f(0, QWEN3_INSTRUCT_2507_CARD) },
  },
  {
    id: 'qwen3',
    label: 'Qwen3 (thinking)',
    match: /qwen3(?![.\d])/,
    sampling: { temperature: f(0.6, QWEN3_CARD), topP: f(0.95, QWEN3_CARD), topK: f(20, QWEN3_CARD), minP: f(0, QWEN3_CARD) },
    reasoningInToolTurns: { whenNoContent: false, source: 'llama.cpp models/templates/Qwen-Qwen3-0.6B.jinja renders reasoning_content for assistant turns after the last user message' },
  },
  {
    id: 'qwq',
    label: 'QwQ',
    match: /qwq/,
    sampling: { temperature: f(0.6, QWQ_CARD), topP: f(0.95, QWQ_CARD), topK: f(20, QWQ_CARD), minP: f(0, QWQ_CARD) },
    opensReasoningInPrompt: { source: "llama.cpp models/templates/Qwen-QwQ-32B.jinja ends the prompt with '<|im_start|>assistant\\n<think>\\n'" },
  },
  {
    id: 'gpt-oss',
    label: 'gpt-oss',
    match: /gpt-oss/,
    sampling: { temperature: f(1.0, GPT_OSS_README), topP: f(1.0, GPT_OSS_README) },
    reasoningInToolTurns: {
      whenNoContent: true,
      source: 'llama.cpp models/templates/openai-gpt-oss-120b.jinja renders the thinking of a tool-call turn, and refuses a tool-call turn with both content and thinking',
    },
  },
  {
    id: 'devstral',
    label: 'Devstral',
    match: /devstral/,
    sampling: { temperature: f(0.15, MISTRAL_SMALL_CARD) },
    nineCharToolIds: NINE_CHAR_IDS,
  },
  {
    id: 'mistral-nemo',
    label: 'Mistral Nemo',
    match: /mistral-nemo/,
    sampling: { temperature: f(0.3, MISTRAL_NEMO_CARD) },
    nineCharToolIds: NINE_CHAR_IDS,
  },
  {
    id: 'mistral-small',
    label: 'Mistral Small',
    match: /mistral-small/,
    sampling: { temperature: f(0.15, MISTRAL_SMALL_CARD) },
    nineCharToolIds: NINE_CHAR_IDS,
  },
  {
    id: 'mistral',
    label: 'Mistral (other)',
    match: /mistral|mixtral|ministral|magistral|codestral/,
    sampling: {},
    nineCharToolIds: NINE_CHAR_IDS,
  },
  {
    id: 'llama3',
    label: 'Llama 3.x',
    match: /llama-?3(?:\.\d+)?(?!\d)/,
    sampling: { temperature: f(0.6, LLAMA3_CONFIG), topP: f(0.9, LLAMA3_CONFIG) },
    oneCallPerMessage: { source: 'llama.cpp models/templates/meta-llama-Llama-3.1-8B-Instruct.jinja: "This model only supports single tool-calls at once!"' },
  },
  {
    id: 'qwen2.5',
    label: 'Qwen2.5 / Qwen2.5-Coder',
    match: /qwen2\.?5/,
    sampling: { temperature: f(0.7, QWEN25_CONFIG), topP: f(0.8, QWEN25_CONFIG), topK: f(20, QWEN25_CONFIG), repetitionPenalty: f(1.05, QWEN25_CONFIG) },
  },
];

/** The family a model id belongs to, if any. */
export function familyOf(modelId: string): ModelFamily | undefined {
  const id = modelId.toLowerCase().replaceAll('_', '-');
  return MODEL_FAMILIES.find((family) => family.match.test(id));
}

/** A family's sampling as a preset (figures without their sources). */
export function familyPreset(family: ModelFamily | undefined): ModelPreset {
  const preset: ModelPreset = {};
  if (!family) return preset;
  for (const [field, figure] of Object.entries(family.sampling) as [SamplingField, Figure][]) preset[field] = figure.value;
  return preset;
}
