import type { ModelPreset, ModelPresets } from '../../../shared/modelPreset';
import { modelRef } from '../../../shared/modelRef';
import type { ParsedModelSpec } from '../../../shared/modelSpec';
import { PunieError } from '../errors';
import { ollamaBaseURL } from '../servers/ollamaHost';
import type { PresetContextOptions } from '../servers/presetContext';
import { localWant, namedTarget } from '../servers/localWant';
import type { LocalTarget, ResolveLocal } from '../servers/resolveLocal';
import { keyEnvVar } from './keySource';
import { createOpenAICompatModel, LOCAL_PLACEHOLDER_KEY } from './openaiCompatModel';
import type { RetryOptions } from './retry';
import { resolvePreset } from './samplingParams';
import { createTestModel, type TestModelOptions } from './testModel';
import type { ChatModel, KeySource } from './types';

/** What creating a model needs from its surroundings; every face builds one of these. */
export interface CreateModelDeps {
  /** The process environment (OPENAI_BASE_URL, ANTHROPIC_BASE_URL, OLLAMA_HOST). Keys come from `keys`, not from here. */
  env: Readonly<Record<string, string | undefined>>;
  /** OpenAI and Anthropic keys; the environment wins over stored keys. Never consulted for local servers. */
  keys: KeySource;
  /** Local endpoints probed in order for `local:` (see localEndpoints()). */
  endpoints: readonly string[];
  /** Keys the user configured for particular local endpoints (Ollama included), by normalised base URL. */
  endpointKeys?: Readonly<Record<string, string>>;
  /**
   * Resolves `local:` specs; the default probes the endpoints (and does not
   * run for a spec naming both server and model). Discovery plugs in here
   * (see statusResolveLocal).
   */
  resolveLocal?: ResolveLocal;
  /** The contexts the user's presets set (see servers/presetContext.ts). */
  presetContext?: PresetContextOptions;
  /**
   * Loads a local model with the context its preset sets, before the first
   * request to it (LM Studio would load it with its own default); waits for
   * the load. Without it, the server loads the model as it would.
   */
  ensureLoaded?: (target: LocalTarget & { contextLength: number }, signal: AbortSignal) => Promise<{ contextLength?: number }>;
  testModel?: TestModelOptions;
  retry?: RetryOptions;
  /** The user's presets by model id (settings.modelPresets); the model's own is merged over its family's. */
  presets?: ModelPresets;
  /** What the command line says (--temperature, --top-p, --max-tokens): over every preset. */
  overrides?: ModelPreset;
  /**
   * What to tell the user when a cloud key is missing: each face knows where
   * its keys can come from (the CLI only from the environment, the app from
   * Settings too). The default names the environment variable.
   */
  missingKeyHint?: (provider: 'openai' | 'anthropic') => string;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const MODEL_LIST_TIMEOUT_MS = 1500;

/**
 * Turns a model spec into a ready ChatModel. Local specs are resolved to a
 * server and model first (throws `server-unavailable`, `model-not-loaded`);
 * cloud specs need a key (throws `auth-missing` naming the variable and the
 * Settings field). The spec comes parsed (checkedSpec.ts). What only some
 * specs need is loaded when they need it (the probing resolver, the
 * Anthropic SDK), so a CLI run does not pay for it at start-up.
 */
export async function createModel(parsed: ParsedModelSpec, deps: CreateModelDeps, signal: AbortSignal): Promise<ChatModel> {
  const { spec } = parsed;

  switch (spec.provider) {
    case 'test':
      return createTestModel(deps.testModel);

    case 'local': {
      const want = localWant(spec);
      const resolveOptions = {
        endpoints: deps.endpoints,
        signal,
        apiKeyFor: (url: string) => deps.endpointKeys?.[url],
        ...(deps.presetContext ? { presetContext: deps.presetContext } : {}),
      };
      // A spec naming both the server and the model needs no probe; an injected resolver (discovery) may still add what it knows.
      const resolved: LocalTarget = deps.resolveLocal
        ? await deps.resolveLocal(want, resolveOptions)
        : (namedTarget(want) ?? (await (await import('../servers/resolveLocal')).resolveLocal(want, resolveOptions)));
      const target = await loadWithPreset(resolved, deps, signal);
      const apiKey = deps.endpointKeys?.[target.baseURL] ?? LOCAL_PLACEHOLDER_KEY;
      const ref = modelRef(parsed, {
        modelId: target.model,
        baseURL: target.baseURL,
        ...(target.serverKind ? { serverKind: target.serverKind } : {}),
        ...(target.contextLength ? { contextLength: target.contextLength } : {}),
        ...(target.contextSource ? { contextSource: target.contextSource } : {}),
      });
      return createOpenAICompatModel({
        ref,
        baseURL: target.baseURL,
        apiKey,
        flavour: 'local',
        listModels: modelLister(target.baseURL, apiKey),
        ...presetFor('local', target.model, deps),
        ...retry(deps),
      });
    }

    case 'ollama': {
      // $OLLAMA_HOST moves Ollama, for Punie as for Ollama's own client.
      const baseURL = ollamaBaseURL(deps.env);
      const apiKey = deps.endpointKeys?.[baseURL] ?? LOCAL_PLACEHOLDER_KEY;
      const ref = modelRef(parsed, { modelId: spec.model, baseURL, serverKind: 'ollama' });
      return createOpenAICompatModel({ ref, baseURL, apiKey, flavour: 'local', listModels: modelLister(baseURL, apiKey), ...presetFor('ollama', spec.model, deps), ...retry(deps) });
    }

    case 'openai': {
      const apiKey = requireKey(deps, 'openai');
      const baseURL = deps.env.OPENAI_BASE_URL?.trim().replace(/\/+$/, '') || OPENAI_BASE_URL;
      const ref = modelRef(parsed, { modelId: spec.model, baseURL });
      return createOpenAICompatModel({ ref, baseURL, apiKey, flavour: 'openai', listModels: modelLister(baseURL, apiKey), ...presetFor('openai', spec.model, deps), ...retry(deps) });
    }

    case 'anthropic': {
      const apiKey = requireKey(deps, 'anthropic');
      const baseURL = deps.env.ANTHROPIC_BASE_URL?.trim().replace(/\/+$/, '') || undefined;
      const ref = modelRef(parsed, { modelId: spec.model, ...(baseURL ? { baseURL } : {}) });
      // The Anthropic SDK is large: loaded only when an Anthropic model is used.
      const { createAnthropicModel } = await import('./anthropicModel');
      return createAnthropicModel({ ref, apiKey, ...(baseURL ? { baseURL } : {}), ...presetFor('anthropic', spec.model, deps), ...retry(deps) });
    }
  }
}

/** A model its preset says to load with a context (and that is not loaded): loaded so first, when the face can. */
async function loadWithPreset(target: LocalTarget, deps: CreateModelDeps, signal: AbortSignal): Promise<LocalTarget> {
  if (!deps.ensureLoaded || target.loaded !== false || target.contextSource !== 'preset' || !target.contextLength) return target;
  const loaded = await deps.ensureLoaded({ ...target, contextLength: target.contextLength }, signal);
  return { ...target, loaded: true, contextLength: loaded.contextLength ?? target.contextLength, contextSource: 'loaded' };
}

/** The preset (and family) a model runs with; nothing at all when none applies. */
function presetFor(provider: 'local' | 'ollama' | 'openai' | 'anthropic', modelId: string, deps: CreateModelDeps) {
  const { preset, family } = resolvePreset({
    provider,
    modelId,
    ...(deps.presets ? { userPresets: deps.presets } : {}),
    ...(deps.overrides ? { overrides: deps.overrides } : {}),
  });
  return { ...(Object.keys(preset).length > 0 ? { preset } : {}), ...(family ? { family } : {}) };
}

function retry(deps: CreateModelDeps): { retry?: RetryOptions } {
  return deps.retry ? { retry: deps.retry } : {};
}

function requireKey(deps: CreateModelDeps, provider: 'openai' | 'anthropic'): string {
  const key = deps.keys.get(provider);
  if (key) return key;
  throw new PunieError('auth-missing', `No ${providerName(provider)} API key is set.`, {
    hint: deps.missingKeyHint?.(provider) ?? `Set ${keyEnvVar(provider)}.`,
  });
}

function providerName(provider: 'openai' | 'anthropic'): string {
  return provider === 'openai' ? 'OpenAI' : 'Anthropic';
}

/** Lists a server's model ids once, bounded, for the messages of model errors. */
function modelLister(baseURL: string, apiKey: string): (signal: AbortSignal) => Promise<string[]> {
  return async (signal) => {
    // Only ever needed for an error's message: the probe client is loaded then, not with every model.
    const [{ getJson }, { readModels }] = await Promise.all([import('../servers/httpJson'), import('../servers/modelListing')]);
    const answer = await getJson(`${baseURL}/models`, {
      signal,
      connectTimeoutMs: 500,
      timeoutMs: MODEL_LIST_TIMEOUT_MS,
      headers: apiKey === LOCAL_PLACEHOLDER_KEY ? {} : { authorization: `Bearer ${apiKey}` },
    });
    return answer.status === 200 ? readModels(answer.body).map((m) => m.id) : [];
  };
}
