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
 * | `ollama:<model>`                       | Ollama at http://127.0.0.1:11434/v1 ($OLLAMA_HOST moves it: electron/core/servers/ollamaHost.ts) |
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

export type ModelProvider = ModelSpec['provider'];

/**
 * A spec parsed once, where it enters (main's `agent.start`, the CLI's
 * `--model`, an ACP prompt), and passed on as this value: the agent service,
 * the model factory and the ModelRef (shared/modelRef.ts) read it and never
 * parse the text again.
 */
export interface ParsedModelSpec {
  /** The spec as the user wrote it, trimmed: what ModelRef.spec and the history keep. */
  readonly text: string;
  readonly spec: ModelSpec;
}

export type ModelSpecResult =
  | { ok: true; spec: ModelSpec }
  | { ok: false; error: { code: 'invalid-spec'; message: string } };

export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-6';
export const OLLAMA_BASE_URL = 'http://127.0.0.1:11434/v1';
export const DEFAULT_LOCAL_ENDPOINTS = ['http://127.0.0.1:1234/v1', 'http://127.0.0.1:8080/v1'] as const;

/** Longest spec accepted; longer text is certainly a mistake (a pasted prompt). */
export const MAX_SPEC_LENGTH = 2_000;

export const VALID_SPEC_FORMS =
  'test, local, local:<model>, local:http://host:port/v1[/<model>], openai:<model>, anthropic:<model>, ollama:<model>, ' +
  `or an Anthropic model id such as ${DEFAULT_ANTHROPIC_MODEL}`;

function invalid(text: string, reason: string): ModelSpecResult {
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return {
    ok: false,
    error: { code: 'invalid-spec', message: `Invalid model spec "${shown}": ${reason}. Valid forms: ${VALID_SPEC_FORMS}.` },
  };
}

const ok = (spec: ModelSpec): ModelSpecResult => ({ ok: true, spec });

/**
 * Aliases people type for Anthropic models: `claude-4.6-sonnet` and
 * `claude-4-6-sonnet` mean `claude-sonnet-4-6` (version before family, the
 * older naming order).
 */
export function normaliseAnthropicModel(id: string): string {
  const m = /^claude-(\d+)(?:[.-](\d+))?-(opus|sonnet|haiku)$/i.exec(id);
  if (!m) return id;
  const [, major, minor, family] = m;
  return `claude-${family!.toLowerCase()}-${major}${minor === undefined ? '' : `-${minor}`}`;
}

const PREFIX = /^([a-z]+):/i;
const URL_LIKE = /^([a-z][a-z0-9+.-]*):\/\//i;

/** Parses a model spec. Never throws; an invalid spec comes back with a message that lists the valid forms. */
export function parseModelSpec(input: string): ModelSpecResult {
  const text = input.trim();
  if (text === '') return invalid(input, 'it is empty');
  if (text.length > MAX_SPEC_LENGTH) return invalid(text, `it is longer than ${MAX_SPEC_LENGTH} characters`);
  if (/\s/.test(text)) return invalid(text, 'it contains white space');

  const lower = text.toLowerCase();
  if (lower === 'test') return ok({ provider: 'test', model: 'test' });
  if (lower === 'local') return ok({ provider: 'local' });

  const prefix = PREFIX.exec(text)?.[1]?.toLowerCase();
  const rest = prefix === undefined ? text : text.slice(prefix.length + 1);
  switch (prefix) {
    case 'local':
      return parseLocal(text, rest);
    case 'openai':
      return rest === '' || rest.startsWith('//') ? invalid(text, 'openai: needs a model, e.g. openai:gpt-4.1') : ok({ provider: 'openai', model: rest });
    case 'ollama':
      return rest === '' || rest.startsWith('//')
        ? invalid(text, 'ollama: needs a model, e.g. ollama:qwen3:8b')
        : ok({ provider: 'ollama', baseURL: OLLAMA_BASE_URL, model: rest });
    case 'anthropic':
      return rest === '' || rest.startsWith('//')
        ? invalid(text, `anthropic: needs a model, e.g. anthropic:${DEFAULT_ANTHROPIC_MODEL}`)
        : ok({ provider: 'anthropic', model: normaliseAnthropicModel(rest) });
    default:
      break;
  }
  if (URL_LIKE.test(text)) return invalid(text, 'a server URL must follow local:, e.g. local:http://127.0.0.1:1234/v1');
  if (lower === 'openai' || lower === 'ollama' || lower === 'anthropic') return invalid(text, `${lower} needs a model after a colon`);
  return ok({ provider: 'anthropic', model: normaliseAnthropicModel(text) });
}

function parseLocal(text: string, rest: string): ModelSpecResult {
  if (rest === '') return ok({ provider: 'local' });
  const scheme = URL_LIKE.exec(rest)?.[1];
  if (scheme === undefined) {
    if (rest.startsWith('/') || rest.startsWith(':')) return invalid(text, 'a local model id cannot start with "/" or ":"');
    return ok({ provider: 'local', model: rest });
  }
  if (!/^https?$/i.test(scheme)) return invalid(text, `local servers speak http or https, not ${scheme}`);
  const m = /^(https?):\/\/([^/?#]+)(\/[^?#]*)?$/i.exec(rest);
  if (!m) return invalid(text, 'the server URL may not carry a query or fragment');
  const [, schemeText, authority, pathText = ''] = m;
  if (authority!.includes('@')) return invalid(text, 'the server URL may not carry credentials; configure keys in Settings');
  if (/:$/.test(authority!)) return invalid(text, 'the server URL has a colon but no port, e.g. local:http://127.0.0.1:1234/v1');
  let origin: string;
  try {
    const url = new URL(`${schemeText!.toLowerCase()}://${authority}`);
    if (url.hostname === '') return invalid(text, 'the server URL has no host');
    origin = url.origin;
  } catch {
    return invalid(text, 'the server URL is not a valid URL');
  }
  const segments = pathText.split('/').filter((s) => s !== '');
  const v1 = segments.indexOf('v1');
  const baseSegments = v1 === -1 ? ['v1'] : segments.slice(0, v1 + 1);
  const modelSegments = v1 === -1 ? segments : segments.slice(v1 + 1);
  const baseURL = `${origin}/${baseSegments.join('/')}`;
  const model = modelSegments.join('/');
  return ok(model === '' ? { provider: 'local', baseURL } : { provider: 'local', baseURL, model });
}

/** The canonical text of a spec; `parseModelSpec(formatModelSpec(s))` gives `s` back. */
export function formatModelSpec(spec: ModelSpec): string {
  switch (spec.provider) {
    case 'test':
      return 'test';
    case 'local': {
      const model = spec.model ?? '';
      if (spec.baseURL === undefined) return `local:${model}`;
      return `local:${spec.baseURL}${model === '' ? '' : `/${model}`}`;
    }
    case 'openai':
      return `openai:${spec.model}`;
    case 'anthropic':
      return `anthropic:${spec.model}`;
    case 'ollama':
      return `ollama:${spec.model}`;
  }
}
