import type { ModelProvider } from '../../shared/modelSpec';
import { PunieError } from './errors';

/**
 * The `server-unavailable` error: nobody answers where the model should be.
 * Discovery (servers/resolveLocal.ts, when no local server answers) and the
 * model's own error classification (models/classifyError.ts, when a request
 * cannot connect) both raise it, so it lives below both.
 */

export const SERVER_UNAVAILABLE_PREFIX = 'Local model server not available. Start LM Studio or mlx-lm.server first.';

export const PROVIDER_LABELS: Record<ModelProvider, string> = { test: 'the test model', local: 'the local server', openai: 'OpenAI', anthropic: 'Anthropic', ollama: 'Ollama' };

export interface UnavailableAt {
  provider: ModelProvider;
  /** The base URL the request went to. */
  baseURL?: string;
  /** Every URL tried. Defaults to [baseURL]. */
  triedURLs?: readonly string[];
}

/** Message for a server nobody answers at, with the URLs tried. */
export function serverUnavailable(at: UnavailableAt, cause?: unknown): PunieError {
  const tried = at.triedURLs ?? (at.baseURL ? [at.baseURL] : []);
  const triedText = tried.length ? ` Tried: ${tried.join(', ')}.` : '';
  if (at.provider === 'ollama') {
    return new PunieError('server-unavailable', `Ollama is not running.${triedText}`, { hint: 'Start it with `ollama serve`.', cause });
  }
  if (at.provider === 'local') {
    return new PunieError('server-unavailable', `${SERVER_UNAVAILABLE_PREFIX}${triedText}`, {
      hint: 'Or point Punie at your server: --model local:http://host:port/v1, or PUNIE_LOCAL_ENDPOINTS.',
      cause,
    });
  }
  return new PunieError('server-unavailable', `Could not reach ${PROVIDER_LABELS[at.provider]}${at.baseURL ? ` at ${at.baseURL}` : ''}.`, {
    hint: 'Check your network connection.',
    cause,
  });
}
