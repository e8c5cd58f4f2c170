import type { FakeModel, FakeProfile } from './script';

/**
 * The wire quirks of each server kind (see NOTES.md). The OpenAI-compatible
 * writer and the discovery routes read these; nothing else differs between
 * profiles.
 */
export interface ProfileQuirks {
  /** Field for reasoning deltas. */
  reasoningField: 'reasoning_content' | 'reasoning';
  /** How streamed tool calls are shaped. */
  toolCallStyle: 'split' | 'whole' | 'ollama';
  /** Tool-call ids: numeric strings (LM Studio) or `call_…`. */
  toolCallIds: 'numeric' | 'call';
  /** Every delta repeats `role: "assistant"` (mlx-lm). */
  repeatRole: boolean;
  /** SSE `: keepalive` comments before the first token (mlx-lm while processing the prompt). */
  keepalive: boolean;
  /** Where usage goes: in a final chunk with `choices: []`, or inside the finish chunk. */
  usagePlacement: 'separate-chunk' | 'finish-chunk';
  /** The usage chunk's `object` field (mlx-lm sends `chat.completion`). */
  usageObject: 'chat.completion.chunk' | 'chat.completion';
  /** `/v1/models` entries carry `created` (LM Studio's do not). */
  modelsHaveCreated: boolean;
  ownedBy: string;
  /** Requires `Authorization: Bearer <apiKey>` when the server was given one. */
  checksKey: boolean;
}

export const PROFILE_QUIRKS: Record<Exclude<FakeProfile, 'anthropic'>, ProfileQuirks> = {
  lmstudio: {
    reasoningField: 'reasoning_content',
    toolCallStyle: 'split',
    toolCallIds: 'numeric',
    repeatRole: false,
    keepalive: false,
    usagePlacement: 'finish-chunk',
    usageObject: 'chat.completion.chunk',
    modelsHaveCreated: false,
    ownedBy: 'organization_owner',
    checksKey: true,
  },
  'mlx-lm': {
    reasoningField: 'reasoning',
    toolCallStyle: 'whole',
    toolCallIds: 'call',
    repeatRole: true,
    keepalive: true,
    usagePlacement: 'separate-chunk',
    usageObject: 'chat.completion',
    modelsHaveCreated: true,
    ownedBy: 'system',
    checksKey: false,
  },
  'llama.cpp': {
    reasoningField: 'reasoning_content',
    toolCallStyle: 'split',
    toolCallIds: 'call',
    repeatRole: false,
    keepalive: false,
    usagePlacement: 'separate-chunk',
    usageObject: 'chat.completion.chunk',
    modelsHaveCreated: true,
    ownedBy: 'llamacpp',
    checksKey: true,
  },
  ollama: {
    reasoningField: 'reasoning',
    toolCallStyle: 'ollama',
    toolCallIds: 'call',
    repeatRole: true,
    keepalive: false,
    usagePlacement: 'separate-chunk',
    usageObject: 'chat.completion.chunk',
    modelsHaveCreated: true,
    ownedBy: 'library',
    checksKey: false,
  },
  openai: {
    reasoningField: 'reasoning_content',
    toolCallStyle: 'split',
    toolCallIds: 'call',
    repeatRole: false,
    keepalive: false,
    usagePlacement: 'separate-chunk',
    usageObject: 'chat.completion.chunk',
    modelsHaveCreated: true,
    ownedBy: 'openai',
    checksKey: true,
  },
};

/** Models each profile lists when the test gives none. */
export const DEFAULT_MODELS: Record<FakeProfile, FakeModel[]> = {
  lmstudio: [
    { id: 'qwen/qwen3-coder-30b', loaded: true, contextLength: 32768, maxContextLength: 262144, quantization: 'Q4_K_M', arch: 'qwen3moe', toolUse: true },
    { id: 'google/gemma-3-12b', loaded: false, type: 'vlm', maxContextLength: 131072, quantization: 'Q4_K_M', arch: 'gemma3', toolUse: false },
    { id: 'text-embedding-nomic-embed-text-v1.5', loaded: false, type: 'embeddings', maxContextLength: 2048, quantization: 'Q4_K_M', arch: 'nomic-bert' },
  ],
  'mlx-lm': [
    { id: 'mlx-community/Qwen2.5-7B-Instruct-4bit', loaded: true, contextLength: 32768 },
    { id: 'mlx-community/Llama-3.2-3B-Instruct-4bit', loaded: false },
  ],
  'llama.cpp': [{ id: 'tiny-qwen2.gguf', loaded: true, contextLength: 4096, arch: 'qwen2' }],
  ollama: [
    { id: 'qwen3:8b', loaded: true, contextLength: 40960, quantization: 'Q4_K_M', arch: 'qwen3' },
    { id: 'llama3.2:3b', loaded: false, quantization: 'Q4_K_M', arch: 'llama' },
  ],
  openai: [{ id: 'gpt-4.1-mini' }, { id: 'gpt-4.1' }],
  anthropic: [{ id: 'claude-sonnet-4-6' }, { id: 'claude-opus-4-1' }],
};

/** Each server's own words for a model it cannot serve: status and body. */
export function modelErrorFor(profile: FakeProfile, model: string, anyLoaded: boolean): { status: number; body: unknown } {
  switch (profile) {
    case 'lmstudio':
      return anyLoaded
        ? {
            status: 404,
            body: {
              error: {
                message: `Invalid model identifier "${model}". Please specify a valid downloaded model.`,
                type: 'invalid_request_error',
                param: 'model',
                code: 'model_not_found',
              },
            },
          }
        : {
            status: 404,
            body: {
              error: {
                message: 'No models loaded. Please load a model in the developer page or use the `lms load` command.',
                type: 'invalid_request_error',
                param: 'model',
                code: 'model_not_found',
              },
            },
          };
    case 'llama.cpp':
      return { status: 400, body: { error: { code: 400, message: 'model is not loaded', type: 'invalid_request_error' } } };
    case 'mlx-lm':
      return { status: 404, body: { error: `Failed to load model ${model}: Repository Not Found for ${model}.` } };
    case 'ollama':
      return {
        status: 404,
        body: { error: { message: `model "${model}" not found, try pulling it first`, type: 'api_error', param: null, code: null } },
      };
    case 'openai':
      return {
        status: 404,
        body: {
          error: {
            message: `The model \`${model}\` does not exist or you do not have access to it.`,
            type: 'invalid_request_error',
            param: null,
            code: 'model_not_found',
          },
        },
      };
    case 'anthropic':
      return { status: 404, body: { type: 'error', error: { type: 'not_found_error', message: `model: ${model}` } } };
  }
}

export function authErrorFor(profile: FakeProfile): { status: number; body: unknown } {
  if (profile === 'anthropic') return { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } };
  return {
    status: 401,
    body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
  };
}
