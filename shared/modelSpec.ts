/**
 * Model specs: the one string that names a model everywhere (CLI flag,
 * settings, the picker). Pure: no I/O here; `local:` without a URL is
 * resolved later through discovery.
 *
 * | spec                                   | meaning                                              |
 * |----------------------------------------|------------------------------------------------------|
 * | `test`                                 | built-in model, no network                           |
 * | `local`, `local:`                      | first local server that answers, its loaded model    |
 * | `local:<model>`                        | first local server that answers, that model          |
 * | `local:http(s)://host[:port][/v1][/m]` | that server (base URL normalised to end in /v1)      |
 * | `openai:<model>`                       | OpenAI                                               |
 * | `anthropic:<model>`                    | Anthropic                                            |
 * | `ollama:<model>`                       | Ollama at http://127.0.0.1:11434/v1                  |
 * | anything else                          | an Anthropic model id (with aliases)                 |
 */

export type ModelSpec =
  | { provider: 'test'; model: 'test' }
  | {
      provider: 'local';
      /** Normalised base URL ending in /v1; undefined → discovery picks the endpoint. */
      baseURL?: string;
      /** Undefined → the model loaded on that server. */
      model?: string;
    }
  | { provider: 'openai'; model: string }
  | { provider: 'anthropic'; model: string }
  | { provider: 'ollama'; baseURL: string; model: string };

export type ModelSpecResult =
  | { ok: true; spec: ModelSpec }
  | { ok: false; error: { code: 'invalid-spec'; message: string } };

export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-6';
export const OLLAMA_BASE_URL = 'http://127.0.0.1:11434/v1';
export const DEFAULT_LOCAL_ENDPOINTS = ['http://127.0.0.1:1234/v1', 'http://127.0.0.1:8080/v1'] as const;
