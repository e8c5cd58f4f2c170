/**
 * Reading an OpenAI-style model listing (`GET /v1/models` →
 * `{ data: [{ id, owned_by, … }] }`), tolerating anything else: servers add
 * fields (llama.cpp's `meta` and router `status`), leave some out (LM Studio
 * has no `created`, mlx-lm no `owned_by`), and junk entries are skipped.
 */

import { isRecord } from '../../../shared/isRecord';

/** Bound on the entries read from one listing. */
export const MAX_LISTED_MODELS = 1000;

export interface ListingEntry {
  id: string;
  ownedBy?: string;
  /** llama.cpp router mode: `loaded`, `unloaded`, `loading`. */
  status?: string;
  /** llama.cpp's per-model facts. */
  meta?: { nCtx?: number; nCtxTrain?: number; ftype?: string };
  /** llama.cpp router mode: the arguments the router starts this model's server with (`status.args`). */
  args?: string[];
}

/** The entries of a listing, or undefined when the body is not a listing at all. */
export function readListing(body: unknown): ListingEntry[] | undefined {
  const data = isRecord(body) ? body.data : undefined;
  if (!Array.isArray(data)) return undefined;
  const entries: ListingEntry[] = [];
  for (const raw of data.slice(0, MAX_LISTED_MODELS)) {
    if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '') continue;
    const status = isRecord(raw.status) ? raw.status.value : raw.status;
    const meta = isRecord(raw.meta) ? readMeta(raw.meta) : undefined;
    const args = isRecord(raw.status) ? readArgs(raw.status.args) : undefined;
    entries.push({
      id: raw.id,
      ...(typeof raw.owned_by === 'string' ? { ownedBy: raw.owned_by } : {}),
      ...(typeof status === 'string' ? { status } : {}),
      ...(meta ? { meta } : {}),
      ...(args ? { args } : {}),
    });
  }
  return entries;
}

function readMeta(meta: Record<string, unknown>): ListingEntry['meta'] {
  const nCtx = positiveInt(meta.n_ctx);
  const nCtxTrain = positiveInt(meta.n_ctx_train);
  const ftype = typeof meta.ftype === 'string' && meta.ftype !== '' ? meta.ftype : undefined;
  return { ...(nCtx ? { nCtx } : {}), ...(nCtxTrain ? { nCtxTrain } : {}), ...(ftype ? { ftype } : {}) };
}

const MAX_ARGS = 200;

function readArgs(args: unknown): string[] | undefined {
  if (!Array.isArray(args)) return undefined;
  const out = args.slice(0, MAX_ARGS).filter((a): a is string => typeof a === 'string');
  return out.length > 0 ? out : undefined;
}

export interface ListedModel {
  id: string;
  ownedBy?: string;
  /** llama.cpp router mode's per-model status. */
  loaded?: boolean;
}

/** Ids, owners and (llama.cpp router) loaded state from a listing; an empty list for anything else. */
export function readModels(body: unknown): ListedModel[] {
  return (readListing(body) ?? []).map((e) => ({
    id: e.id,
    ...(e.ownedBy === undefined ? {} : { ownedBy: e.ownedBy }),
    ...(e.status === undefined ? {} : { loaded: e.status === 'loaded' }),
  }));
}

export function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

export function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

const EMBEDDING_NAME = /embed/i;

/** For servers that do not say a model's type: embedding models are named so ("nomic-embed-text", "bge-m3" aside). */
export function looksLikeEmbedding(id: string): boolean {
  return EMBEDDING_NAME.test(id);
}

export function isNullish(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** A string of at least one character. */
export function isText(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/** Absent (undefined or null) or a string. */
export function optString(v: unknown): boolean {
  return isNullish(v) || typeof v === 'string';
}

/** Absent (undefined or null) or a boolean. */
export function optBoolean(v: unknown): boolean {
  return isNullish(v) || typeof v === 'boolean';
}

/** Absent (undefined or null) or a positive integer. */
export function optPositiveInt(v: unknown): boolean {
  return isNullish(v) || positiveInt(v) !== undefined;
}
