import { randomUUID } from 'node:crypto';
import { isFinalPhase, type LoadStep, type ModelLoad } from '../../../shared/modelLoad';
import type { ServersStatus } from '../../../shared/serverStatus';
import { PunieError, toErrorData } from '../errors';
import { createLogger } from '../log';
import { loadModel, unloadModel, wayFor, type ModelControlDeps } from './modelLoader';
import { hostOf } from '../../../shared/text';

/**
 * The loads and unloads the app has in flight: each started at once with an
 * id, its steps pushed to listeners (main sends them to windows), cancelled
 * by id, and followed by a fresh status round so every view sees the
 * result. Only an endpoint discovery watches can be acted on (a window
 * cannot make Punie post to any other address), one load per model at a
 * time, a few at once.
 */

export interface ModelLoadsDeps {
  /** Discovery's latest status (the endpoints and what they list). */
  current(): ServersStatus | undefined;
  /** A status round now (after a load ends). */
  refresh(signal: AbortSignal): Promise<ServersStatus>;
  /** The key configured for an endpoint. */
  apiKeyFor?: (url: string) => string | undefined;
  control: ModelControlDeps;
}

export interface LoadRequest {
  endpointUrl: string;
  model: string;
  action: 'load' | 'unload';
  contextLength?: number;
}

export interface ModelLoads {
  /** Checks the request, starts it, answers its id; throws PunieError when it cannot start. */
  start(request: LoadRequest): Promise<{ loadId: string }>;
  /** False when no such load is in flight. */
  cancel(loadId: string): boolean;
  /** Loads in flight, with their latest step (a window that opens later picks them up). */
  active(): ModelLoad[];
  subscribe(listener: (load: ModelLoad) => void): () => void;
  /**
   * Loads the model with this context and waits for it (the first message
   * to a model its preset says to load so). A load of it already in flight
   * is waited for; aborting the signal cancels it.
   */
  ensureLoaded(request: Omit<LoadRequest, 'action'>, signal: AbortSignal): Promise<LoadStep>;
  /** Cancels every load. */
  dispose(): void;
}

/** Loads at once, at most. */
const MAX_LOADS = 4;
const log = createLogger('servers:loads');

interface Entry {
  load: ModelLoad;
  controller: AbortController;
  done: Promise<LoadStep>;
}

export function createModelLoads(deps: ModelLoadsDeps): ModelLoads {
  const entries = new Map<string, Entry>();
  const listeners = new Set<(load: ModelLoad) => void>();
  const lifetime = new AbortController();
  const publish = (load: ModelLoad) => {
    for (const listener of listeners) listener(load);
  };
  const keyOf = (url: string, model: string) => `${url}\n${model}`;
  const inFlight = (url: string, model: string) => [...entries.values()].find((e) => keyOf(e.load.endpointUrl, e.load.model) === keyOf(url, model));

  /** Starts being checked: one per model, so two callers at once cannot both start it. */
  const starting = new Map<string, Promise<Entry>>();

  function start(request: LoadRequest): Promise<Entry> {
    const key = keyOf(request.endpointUrl, request.model);
    if (starting.has(key) || inFlight(request.endpointUrl, request.model)) {
      return Promise.reject(new PunieError('conflict', `${request.model} is being loaded or unloaded already.`, { hint: 'Wait for it, or cancel it first.' }));
    }
    const begun = begin(request).finally(() => starting.delete(key));
    starting.set(key, begun);
    return begun;
  }

  async function begin(request: LoadRequest): Promise<Entry> {
    const status = deps.current() ?? (await deps.refresh(lifetime.signal));
    const endpoint = status.endpoints.find((e) => e.url === request.endpointUrl);
    if (!endpoint) {
      throw new PunieError('not-found', `${request.endpointUrl} is not one of your local servers.`, { hint: 'Add it in Settings → Local servers first.' });
    }
    if (endpoint.state !== 'online') throw new PunieError('server-unavailable', `The server at ${hostOf(endpoint.url)} is not answering.`, { hint: 'Start it, then try again.' });
    if (entries.size >= MAX_LOADS) throw new PunieError('conflict', `${MAX_LOADS} loads are under way already.`, { hint: 'Wait for one to finish.' });
    // Refused here, not as a failed load: a server that cannot load models, a model it does not list.
    const via = await wayFor({ endpoint }, deps.control);
    if (!endpoint.models.some((m) => m.id === request.model)) {
      throw new PunieError('model-not-found', `The server at ${hostOf(endpoint.url)} does not list ${request.model}.`, { hint: 'Refresh the model list.' });
    }

    const loadId = randomUUID();
    const controller = new AbortController();
    const stop = () => controller.abort();
    lifetime.signal.addEventListener('abort', stop, { once: true });
    const base = { loadId, endpointUrl: endpoint.url, model: request.model, action: request.action };
    const entry: Entry = {
      load: { ...base, phase: request.action === 'load' ? 'loading' : 'unloading', via, elapsedMs: 0, ...(request.contextLength ? { contextLength: request.contextLength } : {}) },
      controller,
      done: Promise.resolve({ phase: 'loading', elapsedMs: 0 }),
    };
    const onStep = (step: LoadStep) => {
      entry.load = { ...base, ...step };
      if (!isFinalPhase(step.phase)) publish(entry.load);
    };
    const target = { endpoint, model: request.model, ...(deps.apiKeyFor?.(endpoint.url) ? { apiKey: deps.apiKeyFor(endpoint.url)! } : {}) };
    const work =
      request.action === 'load'
        ? loadModel(target, { signal: controller.signal, onStep, ...(request.contextLength ? { contextLength: request.contextLength } : {}) }, deps.control)
        : unloadModel(target, { signal: controller.signal, onStep }, deps.control);
    entry.done = work
      .catch((e: unknown): LoadStep => {
        const cancelled = controller.signal.aborted;
        if (!cancelled) log.warn('a load failed', { model: request.model, error: e instanceof Error ? e.message : String(e) });
        return cancelled ? { phase: 'cancelled', via, elapsedMs: entry.load.elapsedMs } : { phase: 'failed', via, elapsedMs: entry.load.elapsedMs, error: toErrorData(e) };
      })
      .then(async (final) => {
        lifetime.signal.removeEventListener('abort', stop);
        // The new state first, so whoever hears the end finds the model list already up to date.
        if (!lifetime.signal.aborted) await deps.refresh(lifetime.signal).catch(() => undefined);
        entries.delete(loadId);
        entry.load = { ...base, ...final };
        publish(entry.load);
        return final;
      });
    entries.set(loadId, entry);
    publish(entry.load);
    return entry;
  }

  return {
    async start(request) {
      const entry = await start(request);
      return { loadId: entry.load.loadId };
    },
    cancel(loadId) {
      const entry = entries.get(loadId);
      if (!entry || entry.controller.signal.aborted) return false;
      entry.controller.abort();
      return true;
    },
    active: () => [...entries.values()].map((e) => e.load),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async ensureLoaded(request, signal) {
      // Decided without a pause, so callers at the same moment share one load.
      const running = inFlight(request.endpointUrl, request.model);
      const entry = await (starting.get(keyOf(request.endpointUrl, request.model)) ?? (running ? Promise.resolve(running) : start({ ...request, action: 'load' })));
      if (entry.load.action === 'unload') throw new PunieError('conflict', `${request.model} is being unloaded.`, { hint: 'Wait for it, then send again.' });
      const cancel = () => entry.controller.abort();
      signal.addEventListener('abort', cancel, { once: true });
      try {
        const final = await entry.done;
        if (final.phase === 'failed' && final.error) throw new PunieError(final.error.code, final.error.message, final.error.hint ? { hint: final.error.hint } : {});
        if (final.phase === 'cancelled' || final.phase === 'unloaded') throw new PunieError('aborted', `Loading ${request.model} was cancelled.`);
        return final;
      } finally {
        signal.removeEventListener('abort', cancel);
      }
    },
    dispose() {
      lifetime.abort();
      listeners.clear();
    },
  };
}
