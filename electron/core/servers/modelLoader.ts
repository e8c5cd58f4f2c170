import type { LoadStep, LoadVia } from '../../../shared/modelLoad';
import { SERVER_KIND_LABELS, type EndpointStatus, type LocalModel } from '../../../shared/serverStatus';
import { isAbortError, PunieError } from '../errors';
import { createLogger } from '../log';
import { setTimeout as sleep } from 'node:timers/promises';
import { withoutSecrets } from '../process/childEnv';
import { routerLoad, routerUnload } from './llamaRouterControl';
import { checkLmsModelKey, loadedIdentifier, runLms } from './lmsCommand';
import { lmstudioInstances, lmstudioLoad, lmstudioUnload } from './lmstudioRest';
import { canSetContext, isLoopback, loadViaFor } from './loadWay';
import { nameModels } from './localChoice';
import { rootOf } from './probeEndpoint';
import { hostOf } from '../../../shared/text';

/**
 * Loading a model on a local server, reloading it with another context
 * length, and unloading it: through LM Studio 0.4's REST API where the
 * server has it, LM Studio's `lms` command where it does not and lms is
 * installed on this machine, and llama-server's router API. Anything else
 * is refused with one line saying why. Progress is reported as steps (a
 * fraction where the server tells one, the time so far always); the signal
 * cancels, and what a cancelled load left behind is unloaded.
 */

export interface ModelControlDeps {
  /** The `lms` program, when it is installed (see findLms). */
  findLms(): Promise<string | undefined>;
  /** The environment lms runs with (Punie's secrets are taken out of it first). */
  env: Readonly<Record<string, string | undefined>>;
  /** Bound on one load. Default 15 minutes (a large model from a slow disk). */
  loadTimeoutMs?: number;
  /** After a cancelled REST load, how long to watch for the instance LM Studio may still bring up, to unload it. Default 60 s. */
  cancelWatchMs?: number;
  /** How often progress is reported while nothing else is said. Default 500 ms. */
  tickMs?: number;
  /** Given the clean-up a cancelled load leaves running (bounded by cancelWatchMs), for a face that must wait for it before it exits. */
  track?: (work: Promise<void>) => void;
  now?: () => number;
}

export interface ControlTarget {
  /** The endpoint as discovery last saw it (kind, load API, models). */
  endpoint: EndpointStatus;
  model: string;
  /** The key configured for this endpoint. */
  apiKey?: string;
}

export interface ControlRequest {
  signal: AbortSignal;
  onStep?: (step: LoadStep) => void;
}

const DEFAULT_LOAD_TIMEOUT_MS = 15 * 60_000;
const UNLOAD_TIMEOUT_MS = 60_000;
const log = createLogger('servers:load');

/** Loads the model (with `contextLength` when given), reloading it when it is loaded with another; answers the final step. */
export async function loadModel(target: ControlTarget, request: ControlRequest & { contextLength?: number }, deps: ModelControlDeps): Promise<LoadStep> {
  const listed = findListed(target);
  const via = await wayFor(target, deps);
  const clock = deps.now ?? Date.now;
  const started = clock();
  const elapsed = () => Math.max(0, clock() - started);
  const wanted = request.contextLength;

  if (listed.loaded && (wanted === undefined || wanted === listed.contextLength)) {
    return finish(request, { phase: 'loaded', via, elapsedMs: 0, ...(listed.contextLength ? { contextLength: listed.contextLength } : {}) });
  }
  if (!canSetContext(via) && wanted !== undefined && wanted !== listed.contextLength) {
    throw new PunieError('unsupported', `llama-server's router loads every model with the context it was started with${listed.contextLength ? ` (${listed.contextLength} tokens)` : ''}; it cannot load ${target.model} with another.`, {
      hint: 'Restart it with another --ctx-size, or set one for this model in its presets file.',
    });
  }

  const progress = ticker(request, deps.tickMs ?? 500, elapsed);
  try {
    if (listed.loaded) {
      progress.set({ phase: 'unloading', via });
      await unloadWith(via, target, request.signal, deps);
    }
    progress.set({ phase: 'loading', via, ...(wanted ? { contextLength: wanted } : {}) });
    const loaded = await loadWith(via, target, wanted, request.signal, deps, (fraction) => progress.set({ fraction }));
    const context = loaded.contextLength ?? wanted;
    return finish(request, { phase: 'loaded', via, elapsedMs: elapsed(), ...(context ? { contextLength: context } : {}) }, progress);
  } catch (e) {
    progress.stop();
    if (request.signal.aborted || isAbortError(e)) {
      request.onStep?.({ phase: 'cancelled', via, elapsedMs: elapsed() });
      throw new PunieError('aborted', 'Load cancelled.', { cause: e });
    }
    throw e;
  }
}

/** Unloads every instance of the model; answers the final step. A model that is not loaded is said so, as done. */
export async function unloadModel(target: ControlTarget, request: ControlRequest, deps: ModelControlDeps): Promise<LoadStep> {
  const listed = findListed(target);
  const via = await wayFor(target, deps);
  const clock = deps.now ?? Date.now;
  const started = clock();
  if (!listed.loaded && !listed.loading) return finish(request, { phase: 'unloaded', via, elapsedMs: 0 });
  const progress = ticker(request, deps.tickMs ?? 500, () => clock() - started);
  progress.set({ phase: 'unloading', via });
  try {
    await unloadWith(via, target, request.signal, deps);
  } catch (e) {
    progress.stop();
    throw request.signal.aborted || isAbortError(e) ? new PunieError('aborted', 'Stopped.', { cause: e }) : e;
  }
  return finish(request, { phase: 'unloaded', via, elapsedMs: clock() - started }, progress);
}

/** How models are loaded at this endpoint, or why they cannot be. */
export async function wayFor(target: Pick<ControlTarget, 'endpoint'>, deps: Pick<ModelControlDeps, 'findLms'>): Promise<LoadVia> {
  const { endpoint } = target;
  const host = hostOf(endpoint.url);
  switch (endpoint.kind) {
    case 'lmstudio': {
      const local = isLoopback(endpoint.url);
      const via = loadViaFor(endpoint, endpoint.loadApi === 'lmstudio-v1' || !local ? false : (await deps.findLms()) !== undefined);
      if (via) return via;
      throw new PunieError(
        'unsupported',
        `LM Studio at ${host} cannot load models over its API (0.4 and later can)${local ? ', and the lms command is not installed here (looked on the PATH and in ~/.lmstudio/bin)' : ', and lms manages only LM Studio on this machine'}.`,
        { hint: 'Update LM Studio, or load the model in LM Studio.' },
      );
    }
    case 'llama.cpp':
      if (loadViaFor(endpoint, false)) return 'llama-router';
      throw new PunieError('unsupported', `llama-server at ${host} serves the one model it was started with; it cannot load or unload models.`, {
        hint: 'Restart it with another model or --ctx-size, or run it as a router (--models-dir) to switch models from Punie.',
      });
    case 'mlx-lm':
      throw new PunieError('unsupported', `mlx-lm.server at ${host} loads a model when a message names it; it cannot load or unload one on its own.`);
    case 'ollama':
      throw new PunieError('unsupported', `Ollama at ${host} loads a model on its first message and unloads it when idle; Punie does not load Ollama models.`);
    default:
      throw new PunieError('unsupported', `The server at ${host} has no API Punie knows for loading or unloading models.`);
  }
}

function findListed(target: ControlTarget): LocalModel {
  const { endpoint, model } = target;
  const listed = endpoint.models.find((m) => m.id === model);
  if (listed) return listed;
  const server = endpoint.kind ? `${SERVER_KIND_LABELS[endpoint.kind]} at ${hostOf(endpoint.url)}` : `The server at ${hostOf(endpoint.url)}`;
  const ids = endpoint.models.map((m) => m.id);
  throw new PunieError('model-not-found', `${server} does not list ${model}.${ids.length ? ` Models it has: ${nameModels(ids)}.` : ''}`, {
    hint: 'Run `punie models` for the models each server has.',
  });
}

async function loadWith(
  via: LoadVia,
  target: ControlTarget,
  contextLength: number | undefined,
  signal: AbortSignal,
  deps: ModelControlDeps,
  onFraction: (fraction: number) => void,
): Promise<{ contextLength?: number }> {
  const root = rootOf(target.endpoint.url);
  const timeoutMs = deps.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
  const apiKey = target.apiKey === undefined ? {} : { apiKey: target.apiKey };
  switch (via) {
    case 'lmstudio-rest': {
      const before = new Set((await lmstudioInstances(root, target.model, { signal, timeoutMs: UNLOAD_TIMEOUT_MS, ...apiKey })).ids);
      try {
        return await lmstudioLoad(root, target.model, contextLength, { signal, timeoutMs, ...apiKey });
      } catch (e) {
        // Closing the request may not stop LM Studio's load: whatever it brings up now is unloaded.
        if (signal.aborted) {
          const work = unloadLeftovers(root, target, before, deps);
          deps.track?.(work);
        }
        throw e;
      }
    }
    case 'lms': {
      checkLmsModelKey(target.model);
      const file = await deps.findLms();
      if (!file) throw new PunieError('unsupported', 'The lms command is no longer installed here.');
      const args = ['load', target.model, '--yes', ...(contextLength ? ['--context-length', String(contextLength)] : [])];
      const { output } = await runLms(file, args, { signal, timeoutMs, env: withoutSecrets(deps.env), onProgress: onFraction });
      const loadedAs = loadedIdentifier(output);
      if (loadedAs !== undefined && loadedAs !== target.model && !loadedAs.startsWith(`${target.model}:`)) {
        throw new PunieError('server-error', `lms loaded ${loadedAs} rather than ${target.model}.`, { hint: `Unload it with \`punie models unload ${loadedAs}\`, and load the model by its exact key.` });
      }
      return contextLength ? { contextLength } : {};
    }
    case 'llama-router':
      return routerLoad(root, target.model, { signal, timeoutMs, ...apiKey });
  }
}

async function unloadWith(via: LoadVia, target: ControlTarget, signal: AbortSignal, deps: ModelControlDeps): Promise<void> {
  const root = rootOf(target.endpoint.url);
  const apiKey = target.apiKey === undefined ? {} : { apiKey: target.apiKey };
  switch (via) {
    case 'lmstudio-rest': {
      const { ids } = await lmstudioInstances(root, target.model, { signal, timeoutMs: UNLOAD_TIMEOUT_MS, ...apiKey });
      for (const id of ids) await lmstudioUnload(root, id, { signal, timeoutMs: UNLOAD_TIMEOUT_MS, ...apiKey });
      return;
    }
    case 'lms': {
      checkLmsModelKey(target.model);
      const file = await deps.findLms();
      if (!file) throw new PunieError('unsupported', 'The lms command is no longer installed here.');
      await runLms(file, ['unload', target.model], { signal, timeoutMs: UNLOAD_TIMEOUT_MS, env: withoutSecrets(deps.env) });
      return;
    }
    case 'llama-router':
      await routerUnload(root, target.model, { signal, ...apiKey });
  }
}

/**
 * After a REST load was cancelled: LM Studio may finish it anyway. Watches
 * the model's instances for a bounded time and unloads any that was not
 * there before the load. Never throws.
 */
async function unloadLeftovers(root: string, target: ControlTarget, before: ReadonlySet<string>, deps: ModelControlDeps): Promise<void> {
  const watch = AbortSignal.timeout(deps.cancelWatchMs ?? 60_000);
  const apiKey = target.apiKey === undefined ? {} : { apiKey: target.apiKey };
  try {
    for (let round = 0; round < 10_000 && !watch.aborted; round++) {
      const { ids } = await lmstudioInstances(root, target.model, { signal: watch, timeoutMs: 5_000, ...apiKey }).catch(() => ({ ids: [] as string[] }));
      const fresh = ids.filter((id) => !before.has(id));
      if (fresh.length > 0) {
        for (const id of fresh) await lmstudioUnload(root, id, { signal: watch, timeoutMs: UNLOAD_TIMEOUT_MS, ...apiKey });
        log.info('unloaded what a cancelled load brought up', { model: target.model, instances: fresh.length });
        return;
      }
      await sleep(500, undefined, { signal: watch });
    }
  } catch (e) {
    if (!watch.aborted) log.warn('could not unload what a cancelled load brought up', { model: target.model, error: e instanceof Error ? e.message : String(e) });
  }
}

interface Ticker {
  set(patch: Partial<LoadStep>): void;
  stop(): void;
}

/** Reports the current step at once when it changes, and every `tickMs` with the time so far. */
function ticker(request: ControlRequest, tickMs: number, elapsed: () => number): Ticker {
  let step: Omit<LoadStep, 'elapsedMs'> = { phase: 'loading' };
  let last = '';
  const emit = () => request.onStep?.({ ...step, elapsedMs: elapsed() });
  const timer = setInterval(emit, tickMs);
  timer.unref?.();
  return {
    set(patch) {
      step = { ...step, ...patch };
      // A new fraction is said only when its whole percent moves.
      const key = `${step.phase}:${step.fraction === undefined ? '' : Math.floor(step.fraction * 100)}`;
      if (key !== last) {
        last = key;
        emit();
      }
    },
    stop: () => clearInterval(timer),
  };
}

function finish(request: ControlRequest, step: LoadStep, progress?: Ticker): LoadStep {
  progress?.stop();
  request.onStep?.(step);
  return step;
}
