import { isChatModel, SERVER_KIND_LABELS, type EndpointStatus, type LocalModel, type ServerKind, type ServersStatus } from '../../../shared/serverStatus';
import type { ContextSource } from '../../../shared/contextSource';
import { PunieError } from '../errors';

/**
 * The rules for what `local:` means, as pure functions of probed endpoints,
 * shared by the resolver (a fresh probe per run) and the status (what the
 * faces show as active), so the two never disagree.
 */

/** Where a `local:` spec goes: one server and one model, with what is known of them. */
export interface LocalTarget {
  baseURL: string;
  model: string;
  serverKind?: ServerKind;
  /** The context the model has (loaded with, or will load with); `contextSource` says which. */
  contextLength?: number;
  contextSource?: ContextSource;
  /** Whether the endpoint listed the model as loaded (undefined: it does not list it). */
  loaded?: boolean;
}

/** The target for `model` on `endpoint`, with its kind and the model's context when the endpoint lists it. */
export function localTarget(endpoint: EndpointStatus, model: string): LocalTarget {
  const listed = endpoint.models.find((m) => m.id === model);
  return {
    baseURL: endpoint.url,
    model,
    ...(endpoint.kind ? { serverKind: endpoint.kind } : {}),
    ...(listed?.contextLength ? { contextLength: listed.contextLength } : {}),
    ...(listed?.contextLength && listed.contextSource ? { contextSource: listed.contextSource } : {}),
    ...(listed ? { loaded: listed.loaded } : {}),
  };
}

/** It answered HTTP: online, or an answer that was not a model list (a key wanted, no /models). A named model can go ahead there. */
export function answers(endpoint: EndpointStatus): boolean {
  if (endpoint.state === 'online') return true;
  return endpoint.state === 'error' && endpoint.lastError !== undefined && endpoint.lastError.code !== 'server-unavailable';
}

/**
 * The model `local:` takes at an endpoint: the model mlx-lm.server was
 * started with, else the first loaded chat model; for mlx-lm.server, which
 * loads any listed model on request, else the first it lists. Never an
 * embedding model.
 */
export function usableModel(endpoint: EndpointStatus): LocalModel | undefined {
  if (endpoint.state !== 'online') return undefined;
  const chat = endpoint.models.filter(isChatModel);
  return chat.find((m) => m.isDefault && m.loaded) ?? chat.find((m) => m.loaded) ?? (endpoint.kind === 'mlx-lm' ? chat[0] : undefined);
}

export function serverName(endpoint: Pick<EndpointStatus, 'kind' | 'url'>): string {
  return endpoint.kind ? `${SERVER_KIND_LABELS[endpoint.kind]} at ${endpoint.url}` : `the server at ${endpoint.url}`;
}

const MAX_NAMED = 10;

/** A short list of ids for a message: the first ten, then how many more. */
export function nameModels(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_NAMED).join(', ');
  return ids.length > MAX_NAMED ? `${shown} and ${ids.length - MAX_NAMED} more` : shown;
}

/** Why `local:` finds no model at an endpoint that answers: names the models it has and what to do. */
export function noModelError(endpoint: EndpointStatus): PunieError {
  if (endpoint.state !== 'online' && endpoint.lastError) {
    return new PunieError(endpoint.lastError.code, endpoint.lastError.message, endpoint.lastError.hint ? { hint: endpoint.lastError.hint } : {});
  }
  const chat = endpoint.models.filter(isChatModel);
  const where = serverName(endpoint);
  if (chat.length === 0) {
    return new PunieError('model-not-loaded', `${capitalise(where)} answers but has no chat models.`, { hint: 'Download or load a model in the server first.' });
  }
  const onDemand = chat.some((m) => m.loadsOnDemand);
  return new PunieError('model-not-loaded', `No model is loaded on ${where}. Models it has: ${nameModels(chat.map((m) => m.id))}.`, {
    hint: onDemand ? 'Pick one with --model local:<model> (the first message loads it), or load one in the server.' : 'Load one in the server first, then try again.',
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether an endpoint lists this model id. */
export function listsModel(endpoint: EndpointStatus, model: string): boolean {
  return endpoint.models.some((m) => m.id === model);
}

/** The overall state and the active model, from probed endpoints (`ollama` rides along, outside both). */
export function summarise(endpoints: readonly EndpointStatus[], checkedAt: number, ollama?: EndpointStatus): ServersStatus {
  let active: ServersStatus['active'];
  for (const endpoint of endpoints) {
    const model = usableModel(endpoint);
    if (model) {
      active = { url: endpoint.url, ...(endpoint.kind ? { kind: endpoint.kind } : {}), model: model.id };
      break;
    }
  }
  const overall = active ? 'ready' : endpoints.some((e) => e.state === 'online') ? 'no-model' : 'offline';
  return { overall, endpoints: [...endpoints], ...(active ? { active } : {}), ...(ollama ? { ollama } : {}), checkedAt };
}
