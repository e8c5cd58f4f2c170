import type { ServerKind } from '../../../shared/serverStatus';
import { PunieError } from '../errors';
import { createLogger } from '../log';
import { serverUnavailable } from '../models/classifyError';
import { getJson, ProbeError } from './httpJson';

/**
 * Resolves `local:` specs to one server and one model: probe each endpoint's
 * `/models` (concurrently, each with a short connect timeout, the whole round
 * bounded), take the first endpoint in order that answers, and the model
 * asked for or else the first chat model it lists.
 *
 * Deliberately small: server discovery (issue 3) replaces the insides —
 * kind detection, loaded state — and keeps this signature.
 */
export interface LocalWant {
  /** A specific server (normalised, ending in /v1); else the endpoints in order. */
  baseURL?: string;
  model?: string;
}

export interface LocalTarget {
  baseURL: string;
  model: string;
  serverKind?: ServerKind;
  contextLength?: number;
}

export interface ResolveLocalOptions {
  /** Endpoints probed in order when `want.baseURL` is not set. */
  endpoints: readonly string[];
  signal: AbortSignal;
  /** The key configured for an endpoint, if any (never OPENAI_API_KEY). */
  apiKeyFor?: (baseURL: string) => string | undefined;
  /** Default 500 ms. */
  connectTimeoutMs?: number;
  /** Bound on one endpoint's probe. Default 1500 ms. */
  probeTimeoutMs?: number;
}

export type ResolveLocal = (want: LocalWant, options: ResolveLocalOptions) => Promise<LocalTarget>;

const log = createLogger('servers:resolve');

interface ListedModel {
  id: string;
  ownedBy?: string;
  /** llama.cpp router mode's per-model status. */
  loaded?: boolean;
}

type ProbeResult =
  /** It listed its models. */
  | { kind: 'models'; models: ListedModel[] }
  /** It answers HTTP but did not list models: wants a key (401/403), or has no /models. */
  | { kind: 'answered'; status: number }
  /** Nothing answered. */
  | { kind: 'down'; error: unknown };

export const resolveLocal: ResolveLocal = async (want, options) => {
  const endpoints = want.baseURL ? [want.baseURL] : [...options.endpoints];
  if (endpoints.length === 0) throw new PunieError('invalid-input', 'No local endpoints are configured.', { hint: 'Add one in Settings, or set PUNIE_LOCAL_ENDPOINTS.' });
  const results = await Promise.all(endpoints.map((url) => probe(url, options)));
  for (const [i, result] of results.entries()) {
    const baseURL = endpoints[i]!;
    if (result.kind === 'models') return pick(baseURL, result.models, want.model);
    if (result.kind === 'answered') {
      // The server is there; with a model named we can go ahead.
      if (want.model) return { baseURL, model: want.model };
      if (result.status === 401 || result.status === 403) {
        throw new PunieError('auth-failed', `The server at ${baseURL} wants an API key to list its models.`, { hint: 'Set the key for this endpoint in Settings → Local servers.' });
      }
      throw new PunieError('model-not-found', `The server at ${baseURL} answers but does not list its models (HTTP ${result.status}).`, {
        hint: `Name the model: --model local:${baseURL}/<model>.`,
      });
    }
  }
  throw serverUnavailable({ provider: 'local', triedURLs: endpoints });
};

async function probe(baseURL: string, options: ResolveLocalOptions): Promise<ProbeResult> {
  const key = options.apiKeyFor?.(baseURL);
  try {
    const answer = await getJson(`${baseURL}/models`, {
      signal: options.signal,
      connectTimeoutMs: options.connectTimeoutMs ?? 500,
      timeoutMs: options.probeTimeoutMs ?? 1500,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
    if (answer.status !== 200) return { kind: 'answered', status: answer.status };
    return { kind: 'models', models: readModels(answer.body) };
  } catch (e) {
    if (e instanceof ProbeError && e.kind === 'aborted') throw new PunieError('aborted', 'Stopped.');
    log.debug('probe failed', { baseURL, reason: e instanceof Error ? e.message : String(e) });
    return { kind: 'down', error: e };
  }
}

/** Reads an OpenAI-style `{ data: [{ id, owned_by, status? }] }` listing, tolerating anything else. */
export function readModels(body: unknown): ListedModel[] {
  const data = body && typeof body === 'object' ? (body as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) return [];
  const models: ListedModel[] = [];
  for (const entry of data.slice(0, 1000)) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as { id?: unknown; owned_by?: unknown; status?: unknown };
    if (typeof e.id !== 'string' || e.id === '') continue;
    const status = e.status && typeof e.status === 'object' ? (e.status as { value?: unknown }).value : e.status;
    models.push({
      id: e.id,
      ...(typeof e.owned_by === 'string' ? { ownedBy: e.owned_by } : {}),
      ...(typeof status === 'string' ? { loaded: status === 'loaded' } : {}),
    });
  }
  return models;
}

const EMBEDDING = /embed/i;

function pick(baseURL: string, models: ListedModel[], wanted: string | undefined): LocalTarget {
  const serverKind: ServerKind | undefined = models.some((m) => m.ownedBy === 'llamacpp') ? 'llama.cpp' : undefined;
  const kind = serverKind ? { serverKind } : {};
  if (wanted) return { baseURL, model: wanted, ...kind };
  const chat = models.filter((m) => !EMBEDDING.test(m.id));
  const choice = chat.find((m) => m.loaded === true) ?? chat.find((m) => m.loaded === undefined);
  if (!choice) {
    const listed = chat.map((m) => m.id);
    throw new PunieError(
      'model-not-loaded',
      listed.length ? `No model is loaded on the server at ${baseURL}. Models it has: ${listed.slice(0, 10).join(', ')}.` : `The server at ${baseURL} answers but lists no chat models.`,
      { hint: 'Load a model in your server first, or name one: --model local:<model>.' },
    );
  }
  return { baseURL, model: choice.id, ...kind };
}
