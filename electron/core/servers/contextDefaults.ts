/**
 * The contexts servers load a model with when nobody tells them otherwise,
 * and the figure Punie assumes where a server reports none. Each is stated
 * to the user wherever it is used (`punie models`, the model picker), with
 * where it comes from (shared/contextSource.ts).
 */

/**
 * LM Studio loads a model with 4,096 tokens of context unless the model's
 * own settings in LM Studio (or the load request) say otherwise; its
 * listings show `loaded_context_length: 4096` for models whose maximum is
 * far larger.
 */
export const LMSTUDIO_LOAD_CONTEXT = 4096;

/**
 * Ollama loads a model with 4,096 tokens of context on machines with less
 * than 24 GiB of VRAM, more on larger ones, unless the model's Modelfile
 * (`num_ctx`) or `OLLAMA_CONTEXT_LENGTH` says otherwise: 4,096 is the figure
 * it is sure to have.
 */
export const OLLAMA_LOAD_CONTEXT = 4096;

/**
 * mlx-lm.server (and an unknown OpenAI-compatible server) reports no
 * context: Punie assumes 32,768 tokens, which the models people run for
 * coding (Qwen2.5/3, Devstral, Llama 3.x, gpt-oss) all take, unless the
 * model's preset says otherwise.
 */
export const ASSUMED_CONTEXT = 32768;

/** A default context, never more than the model's maximum. */
export function capped(context: number, max: number | undefined): number {
  return max !== undefined && max < context ? max : context;
}
