import type { LocalModel } from '../../../shared/serverStatus';
import { looksLikeEmbedding, nonEmptyString, positiveInt, type ListingEntry } from './modelListing';
import { isRecord } from '../../../shared/isRecord';

/**
 * llama.cpp's llama-server. `/v1/models` entries say `owned_by: "llamacpp"`
 * and carry `meta` (`n_ctx`, `n_ctx_train`, `ftype`); `/props` has the
 * loaded context (`default_generation_settings.n_ctx`) and `build_info`.
 * In router mode (`--models-dir`) `/props` says `role: "router"` and
 * `models_autoload`, and each listed model has `status.value`: `loaded`,
 * `unloaded` or `loading`.
 */

export const LLAMA_OWNER = 'llamacpp';
export const LOAD_ON_SERVER_NOTE = 'not loaded — load it on the server first';
export const ROUTER_AUTOLOAD_NOTE = 'not loaded — the first message loads it';
export const LOADING_NOTE = 'loading…';

export interface LlamaProps {
  router: boolean;
  autoload?: boolean;
  /** The loaded context (single-model mode). */
  nCtx?: number;
  vision?: boolean;
  buildInfo?: string;
}

/** `/props` as far as discovery uses it, or undefined when the body is not llama-server's. */
export function readLlamaProps(body: unknown): LlamaProps | undefined {
  if (!isRecord(body)) return undefined;
  const settings = isRecord(body.default_generation_settings) ? body.default_generation_settings : undefined;
  const router = body.role === 'router';
  if (!router && !settings) return undefined;
  const nCtx = positiveInt(settings?.n_ctx);
  const buildInfo = nonEmptyString(body.build_info);
  const vision = isRecord(body.modalities) && typeof body.modalities.vision === 'boolean' ? body.modalities.vision : undefined;
  return {
    router,
    ...(typeof body.models_autoload === 'boolean' ? { autoload: body.models_autoload } : {}),
    ...(nCtx ? { nCtx } : {}),
    ...(vision === undefined ? {} : { vision }),
    ...(buildInfo ? { buildInfo } : {}),
  };
}

export function isLlamaListing(entries: readonly ListingEntry[]): boolean {
  return entries.some((e) => e.ownedBy === LLAMA_OWNER);
}

/** Whether a listing comes from llama-server's router (`--models-dir`): its props say so, or its entries carry a status. */
export function isLlamaRouter(entries: readonly ListingEntry[], props: LlamaProps | undefined): boolean {
  return props?.router === true || entries.some((e) => e.status !== undefined);
}

/**
 * `--ctx-size N` (or `-c N`, `--ctx-size=N`) among the arguments the router
 * starts a model with: the context that model gets when it loads. Absent or
 * 0 (the model's own maximum, maybe cut to fit memory): unknown.
 */
export function contextFromArgs(args: readonly string[] | undefined): number | undefined {
  if (!args) return undefined;
  let found: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = a === '-c' || a === '--ctx-size' ? args[i + 1] : a.startsWith('--ctx-size=') ? a.slice('--ctx-size='.length) : undefined;
    if (value === undefined) continue;
    // The last one wins, as in llama-server's own parser.
    found = /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
  }
  return found;
}

/**
 * A model's context: the context its slot has (`meta.n_ctx`, or `/props` for
 * a single model), else for a router model that is not up, the context its
 * arguments start it with, else only the model's maximum.
 */
function context(e: ListingEntry, loaded: boolean, router: boolean, props: LlamaProps | undefined): Pick<LocalModel, 'contextLength' | 'contextSource'> {
  const live = e.meta?.nCtx ?? (loaded && !router ? props?.nCtx : undefined);
  if (live) return { contextLength: live, contextSource: 'loaded' };
  const fromArgs = router && !loaded ? contextFromArgs(e.args) : undefined;
  if (fromArgs) return { contextLength: fromArgs, contextSource: 'load-default' };
  if (loaded && e.meta?.nCtxTrain) return { contextLength: e.meta.nCtxTrain, contextSource: 'maximum' };
  return {};
}

export function llamaCppModels(entries: readonly ListingEntry[], props: LlamaProps | undefined): LocalModel[] {
  const router = isLlamaRouter(entries, props);
  return entries.map((e) => {
    const loaded = router ? e.status === 'loaded' : true;
    const type: LocalModel['type'] = looksLikeEmbedding(e.id) ? 'embeddings' : !router && props?.vision ? 'vlm' : 'llm';
    const model: LocalModel = {
      id: e.id,
      loaded,
      type,
      ...context(e, loaded, router, props),
      ...(e.meta?.nCtxTrain ? { maxContextLength: e.meta.nCtxTrain } : {}),
      ...(e.meta?.ftype ? { quantization: e.meta.ftype } : {}),
    };
    if (loaded || type === 'embeddings') return model;
    if (e.status === 'loading') return { ...model, loading: true, note: LOADING_NOTE };
    const autoload = props?.autoload === true;
    return { ...model, loadsOnDemand: autoload, note: autoload ? ROUTER_AUTOLOAD_NOTE : LOAD_ON_SERVER_NOTE };
  });
}
