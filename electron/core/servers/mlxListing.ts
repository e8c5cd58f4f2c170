import type { LocalModel } from '../../../shared/serverStatus';
import { ASSUMED_CONTEXT } from './contextDefaults';
import { looksLikeEmbedding, type ListingEntry } from './modelListing';
import { isRecord } from '../../../shared/isRecord';

/**
 * mlx-lm.server. Its `/v1/models` lists every MLX model in the Hugging Face
 * cache, plus — last, as its absolute path — the model it was started with
 * when that is a local folder. The `model` field of a chat names a path or
 * repo id to load, so any listed model can be asked for (it replaces the
 * one in memory), and an unknown name makes it try to download one. Its
 * placeholder `default_model` is never sent: Punie always names a real model.
 * It answers `GET /health` with `{"status": "ok"}` and has no `/props`.
 */

export const STARTED_WITH_NOTE = 'the model the server was started with';
export const MLX_ON_DEMAND_NOTE = 'the first message loads it in place of the current model';

/** An absolute path: how mlx-lm.server lists a model it was started with from a folder. */
export function isPathId(id: string): boolean {
  return id.startsWith('/') || /^[A-Za-z]:[\\/]/.test(id);
}

export function isOkHealth(body: unknown): boolean {
  return isRecord(body) && body.status === 'ok';
}

/** mlx-lm.server reports no context: a model's preset may say it; otherwise Punie assumes ASSUMED_CONTEXT (and says so). */
const ASSUMED: Pick<LocalModel, 'contextLength' | 'contextSource'> = { contextLength: ASSUMED_CONTEXT, contextSource: 'assumed' };

export function mlxModels(entries: readonly ListingEntry[]): LocalModel[] {
  const started = entries.find((e) => isPathId(e.id))?.id;
  return entries.map((e) => {
    const type: LocalModel['type'] = looksLikeEmbedding(e.id) ? 'embeddings' : 'llm';
    const context = type === 'embeddings' ? {} : ASSUMED;
    if (e.id === started) return { id: e.id, loaded: true, type, ...context, isDefault: true, note: STARTED_WITH_NOTE };
    return { id: e.id, loaded: false, loadsOnDemand: true, type, ...context, ...(type === 'embeddings' ? {} : { note: MLX_ON_DEMAND_NOTE }) };
  });
}
