import type { LocalModel } from '../../../shared/serverStatus';
import { isRecord, looksLikeEmbedding, nonEmptyString, positiveInt, type ListingEntry } from './modelListing';

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

export function llamaCppModels(entries: readonly ListingEntry[], props: LlamaProps | undefined): LocalModel[] {
  const router = props?.router === true || entries.some((e) => e.status !== undefined);
  return entries.map((e) => {
    const loaded = router ? e.status === 'loaded' : true;
    const type: LocalModel['type'] = looksLikeEmbedding(e.id) ? 'embeddings' : !router && props?.vision ? 'vlm' : 'llm';
    const context = e.meta?.nCtx ?? (loaded && !router ? props?.nCtx : undefined) ?? e.meta?.nCtxTrain;
    const model: LocalModel = {
      id: e.id,
      loaded,
      type,
      ...(context ? { contextLength: context } : {}),
      ...(e.meta?.nCtxTrain ? { maxContextLength: e.meta.nCtxTrain } : {}),
      ...(e.meta?.ftype ? { quantization: e.meta.ftype } : {}),
    };
    if (loaded || type === 'embeddings') return model;
    if (e.status === 'loading') return { ...model, note: LOADING_NOTE };
    const autoload = props?.autoload === true;
    return { ...model, loadsOnDemand: autoload, note: autoload ? ROUTER_AUTOLOAD_NOTE : LOAD_ON_SERVER_NOTE };
  });
}
