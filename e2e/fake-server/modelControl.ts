import { contextFromArgs } from '../../electron/core/servers/llamaCppListing';
import type { FakeModel, FakeProfile } from './script';

/**
 * Loading and unloading models, as the real servers do it (their public
 * docs; see NOTES.md):
 *
 * - LM Studio 0.4's REST API: `POST /api/v1/models/load` `{ model,
 *   context_length?, echo_load_config? }` answers once the model is loaded
 *   `{ type, instance_id, load_time_seconds, status: "loaded", load_config? }`;
 *   loading a model that is loaded already adds another instance
 *   (`key:2`). `POST /api/v1/models/unload` `{ instance_id }` answers
 *   `{ instance_id }`. While it loads, `/api/v0/models` says `state:
 *   "loading"`. A load whose client goes away carries on (the worst case a
 *   client must clean up after).
 * - llama-server's router: `POST /models/load` `{ model }` answers `{ success:
 *   true }` at once and the model's `status` goes `loading` → `loaded`;
 *   `POST /models/unload` `{ model }` unloads it, or stops a load in flight.
 */

export interface ModelControlOptions {
  profile: FakeProfile;
  models(): FakeModel[];
  /** Which LM Studio REST listings (and so which REST API version) answer. */
  lmstudioApi: 'v0' | 'v1' | 'both' | 'none';
  router: boolean;
  /** Arguments the router starts each model with (`--ctx-size N` sets the context it loads with). */
  routerArgs?: readonly string[];
  /** How long a load takes. */
  loadDelayMs: number;
  /** A load fails with this message (LM Studio: out of memory and the like). */
  loadError?: string;
}

export interface ControlAnswer {
  status: number;
  body: unknown;
}

/** Defaults LM Studio loads with when the request names no context. */
export const FAKE_LMSTUDIO_DEFAULT_CONTEXT = 4096;

export interface ModelControl {
  /** Answers a POST to a control path, or undefined when the path is not one. */
  handle(path: string, body: unknown): Promise<ControlAnswer> | undefined;
  /** Loads and unloads asked for, in order (`load m 8192`, `unload m`, `cancel m`). */
  readonly log: readonly string[];
}

export function createModelControl(options: ModelControlOptions): ModelControl {
  const log: string[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  const v1 = options.lmstudioApi === 'v1' || options.lmstudioApi === 'both';
  const field = (body: unknown, name: string): unknown => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined);

  const lmstudioLoad = async (body: unknown): Promise<ControlAnswer> => {
    const key = field(body, 'model');
    const context = field(body, 'context_length');
    if (typeof key !== 'string' || key === '') return { status: 400, body: { error: { type: 'invalid_request', message: '"model" is required', code: 'missing_required_parameter', param: 'model' } } };
    const model = options.models().find((m) => m.id === key);
    if (!model) return { status: 404, body: { error: { type: 'model_not_found', message: `Model "${key}" not found. Download it first.` } } };
    if (context !== undefined && (typeof context !== 'number' || !Number.isInteger(context) || context < 1)) {
      return { status: 400, body: { error: { type: 'invalid_request', message: '"context_length" must be a positive integer', param: 'context_length' } } };
    }
    const max = model.maxContextLength ?? 32768;
    if (typeof context === 'number' && context > max) {
      return { status: 400, body: { error: { type: 'invalid_request', message: `context_length ${context} is larger than the model's maximum (${max}).`, param: 'context_length' } } };
    }
    log.push(`load ${key}${typeof context === 'number' ? ` ${context}` : ''}`);
    const wasLoaded = model.loaded !== false;
    model.loading = true;
    const started = Date.now();
    // The load carries on whether or not the client waits for it.
    await new Promise((resolve) => setTimeout(resolve, options.loadDelayMs));
    model.loading = false;
    if (options.loadError) return { status: 500, body: { error: { type: 'internal_error', message: options.loadError } } };
    const ids = instanceIds(model);
    const id = wasLoaded ? `${key}:${ids.length + 1}` : key;
    model.instanceIds = [...(wasLoaded ? ids : []), id];
    model.loaded = true;
    const loadedContext = typeof context === 'number' ? context : Math.min(FAKE_LMSTUDIO_DEFAULT_CONTEXT, max);
    if (!wasLoaded) model.contextLength = loadedContext;
    return {
      status: 200,
      body: {
        type: model.type === 'embeddings' ? 'embedding' : 'llm',
        instance_id: id,
        load_time_seconds: (Date.now() - started) / 1000,
        status: 'loaded',
        ...(field(body, 'echo_load_config') === true ? { load_config: { context_length: loadedContext, eval_batch_size: 512, flash_attention: true, offload_kv_cache_to_gpu: true } } : {}),
      },
    };
  };

  const lmstudioUnload = async (body: unknown): Promise<ControlAnswer> => {
    const id = field(body, 'instance_id');
    if (typeof id !== 'string' || id === '') return { status: 400, body: { error: { type: 'invalid_request', message: '"instance_id" is required', param: 'instance_id' } } };
    const model = options.models().find((m) => instanceIds(m).includes(id));
    if (!model) return { status: 404, body: { error: { type: 'model_not_found', message: `No loaded model instance "${id}".` } } };
    log.push(`unload ${id}`);
    const left = instanceIds(model).filter((i) => i !== id);
    model.instanceIds = left;
    if (left.length === 0) {
      model.loaded = false;
      delete model.contextLength;
      delete model.instanceIds;
    }
    return { status: 200, body: { instance_id: id } };
  };

  const routerError = (status: number, message: string): ControlAnswer => ({ status, body: { error: { code: status, message, type: status === 404 ? 'not_found_error' : 'invalid_request_error' } } });

  const routerLoad = async (body: unknown): Promise<ControlAnswer> => {
    const name = field(body, 'model');
    const model = options.models().find((m) => m.id === name);
    if (!model) return routerError(404, 'model is not found');
    if (model.loaded !== false || model.loading) return routerError(400, 'model is already running');
    log.push(`load ${model.id}`);
    model.loading = true;
    timers.set(
      model.id,
      setTimeout(() => {
        timers.delete(model.id);
        model.loading = false;
        model.loadFailed = options.loadError !== undefined;
        if (options.loadError) return;
        model.loaded = true;
        model.contextLength = contextFromArgs(options.routerArgs) ?? model.contextLength ?? 4096;
      }, options.loadDelayMs),
    );
    return { status: 200, body: { success: true } };
  };

  const routerUnload = async (body: unknown): Promise<ControlAnswer> => {
    const name = field(body, 'model');
    const model = options.models().find((m) => m.id === name);
    if (!model) return routerError(400, 'model is not found');
    if (model.loaded === false && !model.loading) return routerError(400, 'model is not running');
    const timer = timers.get(model.id);
    if (timer) {
      clearTimeout(timer);
      timers.delete(model.id);
      log.push(`cancel ${model.id}`);
    } else log.push(`unload ${model.id}`);
    model.loading = false;
    model.loaded = false;
    return { status: 200, body: { success: true } };
  };

  return {
    log,
    handle(path, body) {
      if (options.profile === 'lmstudio' && v1 && path === '/api/v1/models/load') return lmstudioLoad(body);
      if (options.profile === 'lmstudio' && v1 && path === '/api/v1/models/unload') return lmstudioUnload(body);
      if (options.profile === 'llama.cpp' && options.router && path === '/models/load') return routerLoad(body);
      if (options.profile === 'llama.cpp' && options.router && path === '/models/unload') return routerUnload(body);
      return undefined;
    },
  };
}

/** The ids of a model's loaded LM Studio instances. */
export function instanceIds(model: FakeModel): string[] {
  if (model.loaded === false) return [];
  return model.instanceIds ?? [model.id];
}
