import { instanceIds } from './modelControl';
import type { FakeModel, FakeProfile } from './script';
import { PROFILE_QUIRKS } from './profiles';

/**
 * The discovery endpoints each kind of server answers, with realistic
 * shapes: model listings, health, props, versions. Pure: state in, JSON out.
 */
export interface DiscoveryState {
  profile: FakeProfile;
  models: FakeModel[];
  /** llama.cpp router mode (`--models-dir`): per-model `status`. */
  router: boolean;
  /** Which LM Studio REST listings answer. */
  lmstudioApi: 'v0' | 'v1' | 'both' | 'none';
  version: string;
  /** mlx-lm: the local folder it was started with, listed last as its absolute path. */
  mlxModelPath?: string;
  /** llama.cpp router mode: `--models-autoload` (the first chat loads a listed model). Default false. */
  routerAutoload?: boolean;
  /** LM Studio with just-in-time loading off: `/v1/models` lists only loaded models. Default false. */
  lmstudioListsLoadedOnly?: boolean;
  /** llama.cpp router mode: the arguments it starts each model with (`status.args`). */
  routerArgs?: readonly string[];
}

export interface RouteAnswer {
  status: number;
  body: unknown;
}

const CREATED = 1_700_000_000;
const loaded = (m: FakeModel) => m.loaded !== false;
const typeOf = (m: FakeModel) => m.type ?? 'llm';

/** Answers a GET for a discovery path, or undefined when the profile does not serve it. */
export function discoveryAnswer(state: DiscoveryState, path: string): RouteAnswer | undefined {
  const { profile } = state;
  if (path === '/v1/models' || (profile === 'llama.cpp' && path === '/models')) return { status: 200, body: modelsListing(state) };
  switch (profile) {
    case 'lmstudio':
      if (path === '/api/v0/models' && (state.lmstudioApi === 'v0' || state.lmstudioApi === 'both')) return { status: 200, body: lmstudioV0(state.models) };
      if (path === '/api/v1/models' && (state.lmstudioApi === 'v1' || state.lmstudioApi === 'both')) return { status: 200, body: lmstudioV1(state.models) };
      return undefined;
    case 'llama.cpp':
      if (path === '/health') return { status: 200, body: { status: 'ok' } };
      if (path === '/props') return { status: 200, body: llamaProps(state) };
      return undefined;
    case 'mlx-lm':
      if (path === '/health') return { status: 200, body: { status: 'ok' } };
      return undefined;
    case 'ollama':
      if (path === '/api/version') return { status: 200, body: { version: state.version } };
      if (path === '/api/tags') return { status: 200, body: { models: state.models.map(ollamaTag) } };
      if (path === '/api/ps')
        return {
          status: 200,
          body: { models: state.models.filter(loaded).map((m) => ({ ...ollamaTag(m), expires_at: '2030-01-01T00:00:00Z', size_vram: 5_000_000_000, context_length: m.contextLength ?? 4096 })) },
        };
      return undefined;
    default:
      return undefined;
  }
}

function modelsListing(state: DiscoveryState): unknown {
  const { profile, models } = state;
  if (profile === 'anthropic') {
    return {
      data: models.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: '2025-01-01T00:00:00Z' })),
      has_more: false,
      first_id: models[0]?.id ?? null,
      last_id: models.at(-1)?.id ?? null,
    };
  }
  const q = PROFILE_QUIRKS[profile];
  if (profile === 'llama.cpp') {
    return {
      models: models.map((m) => ({ name: m.id, model: m.id, modified_at: '', size: '', digest: '', type: 'model', description: '', tags: [''], capabilities: ['completion'], parameters: '', details: { parent_model: '', format: 'gguf', family: '', families: [''], parameter_size: '', quantization_level: '' } })),
      object: 'list',
      data: models.map((m) =>
        state.router
          ? {
              id: m.id,
              object: 'model',
              created: CREATED,
              owned_by: 'llamacpp',
              status: {
                value: m.loading ? 'loading' : loaded(m) ? 'loaded' : 'unloaded',
                ...(state.routerArgs ? { args: [...state.routerArgs] } : {}),
                ...(m.loadFailed && !loaded(m) && !m.loading ? { failed: true, exit_code: 1 } : {}),
              },
              // The real router adds `meta` once a model is up.
              ...(loaded(m) ? { meta: llamaMeta(m) } : {}),
            }
          : { id: m.id, object: 'model', created: CREATED, owned_by: 'llamacpp', meta: llamaMeta(m) },
      ),
    };
  }
  const listed = profile === 'lmstudio' && state.lmstudioListsLoadedOnly ? models.filter(loaded) : models;
  const data: Record<string, unknown>[] = listed.map((m) =>
    q.modelsHaveCreated ? { id: m.id, object: 'model', created: CREATED, owned_by: q.ownedBy } : { id: m.id, object: 'model', owned_by: q.ownedBy },
  );
  // mlx-lm lists the folder it was started with last, as an absolute path (and without `owned_by`).
  if (profile === 'mlx-lm' && state.mlxModelPath) data.push({ id: state.mlxModelPath, object: 'model', created: CREATED });
  return { object: 'list', data };
}

function llamaMeta(m: FakeModel) {
  return {
    vocab_type: 2,
    n_vocab: 151936,
    ...(m.contextLength ? { n_ctx: m.contextLength } : {}),
    n_ctx_train: m.maxContextLength ?? 32768,
    n_embd: 64,
    n_params: 20_000_000,
    size: 45_000_000,
    ...(m.quantization ? { ftype: m.quantization } : {}),
  };
}

function lmstudioV0(models: FakeModel[]): unknown {
  return {
    object: 'list',
    data: models.map((m) => ({
      id: m.id,
      object: 'model',
      type: typeOf(m),
      publisher: m.id.includes('/') ? m.id.split('/')[0] : 'lmstudio-community',
      arch: m.arch ?? 'unknown',
      compatibility_type: 'gguf',
      quantization: m.quantization ?? 'Q4_K_M',
      state: m.loading && !loaded(m) ? 'loading' : loaded(m) ? 'loaded' : 'not-loaded',
      max_context_length: m.maxContextLength ?? 32768,
      ...(loaded(m) && m.contextLength ? { loaded_context_length: m.contextLength } : {}),
      capabilities: m.toolUse ? ['tool_use'] : [],
    })),
  };
}

function lmstudioV1(models: FakeModel[]): unknown {
  return {
    models: models.map((m, i) => ({
      type: typeOf(m) === 'embeddings' ? 'embedding' : 'llm',
      publisher: m.id.includes('/') ? m.id.split('/')[0] : 'lmstudio-community',
      key: m.id,
      display_name: m.id.split('/').at(-1),
      architecture: m.arch ?? 'unknown',
      quantization: { name: m.quantization ?? 'Q4_K_M', bits_per_weight: 4 },
      size_bytes: 4_000_000_000 + i,
      params_string: '7B',
      loaded_instances: instanceIds(m).map((id) => ({ id, config: { context_length: m.contextLength ?? 4096, eval_batch_size: 512, flash_attention: false, offload_kv_cache_to_gpu: true } })),
      max_context_length: m.maxContextLength ?? 32768,
      format: 'gguf',
      capabilities: { vision: typeOf(m) === 'vlm', trained_for_tool_use: m.toolUse === true },
      description: null,
    })),
  };
}

function llamaProps(state: DiscoveryState): unknown {
  const m = state.models.find(loaded) ?? state.models[0];
  if (state.router) return { role: 'router', build_info: state.version, max_instances: 4, models_autoload: state.routerAutoload ?? false };
  return {
    default_generation_settings: { n_ctx: m?.contextLength ?? 4096, params: { temperature: 0.8, top_k: 40, top_p: 0.95, n_predict: -1 } },
    total_slots: 1,
    model_alias: m?.id ?? '',
    model_path: `/models/${m?.id ?? 'model.gguf'}`,
    modalities: { vision: false, audio: false },
    chat_template: '{% for message in messages %}…{% endfor %}',
    build_info: state.version,
  };
}

function ollamaTag(m: FakeModel) {
  return {
    name: m.id,
    model: m.id,
    modified_at: '2025-06-01T12:00:00Z',
    size: 5_200_000_000,
    digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
    details: { parent_model: '', format: 'gguf', family: m.arch ?? 'llama', families: [m.arch ?? 'llama'], parameter_size: '8B', quantization_level: m.quantization ?? 'Q4_K_M' },
  };
}

/** Each kind's answer to a path it does not know. */
export function notFoundAnswer(profile: FakeProfile, method: string, path: string): RouteAnswer {
  switch (profile) {
    case 'lmstudio':
      return { status: 404, body: { error: `Unexpected endpoint or method. (${method} ${path})` } };
    case 'llama.cpp':
      return { status: 404, body: { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } } };
    case 'ollama':
      return { status: 404, body: '404 page not found' };
    case 'anthropic':
      return { status: 404, body: { type: 'error', error: { type: 'not_found_error', message: 'Not Found' } } };
    default:
      return { status: 404, body: { error: { message: `Invalid URL (${method} ${path})`, type: 'invalid_request_error' } } };
  }
}
