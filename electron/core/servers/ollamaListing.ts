import { z } from 'zod';
import type { LocalModel } from '../../../shared/serverStatus';
import { OLLAMA_LOAD_CONTEXT } from './contextDefaults';
import { MAX_LISTED_MODELS, isRecord, looksLikeEmbedding, nonEmptyString } from './modelListing';

/**
 * Ollama: `GET /api/version` → `{ version }` tells it apart; `/api/tags`
 * lists the pulled models (`details.family`, `details.quantization_level`);
 * `/api/ps` lists those in memory (with `context_length` on newer
 * versions). Every pulled model loads on the first request.
 */

export const OLLAMA_ON_DEMAND_NOTE = 'not loaded — the first message loads it';

const tag = z.object({
  name: z.string().min(1),
  details: z.object({ family: z.string().nullish(), families: z.array(z.string()).nullish(), quantization_level: z.string().nullish() }).nullish(),
});
const running = z.object({ name: z.string().min(1), context_length: z.number().int().positive().nullish() });

function list<T>(body: unknown, schema: z.ZodType<T>): T[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.models)) return undefined;
  const out: T[] = [];
  for (const raw of body.models.slice(0, MAX_LISTED_MODELS)) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** The version from `/api/version`, or undefined when the body is not Ollama's. */
export function readOllamaVersion(body: unknown): string | undefined {
  return isRecord(body) ? nonEmptyString(body.version) : undefined;
}

const BERT_FAMILIES = new Set(['bert', 'nomic-bert']);

/** Ollama's models from `/api/tags` and `/api/ps`; undefined when the tags did not answer. */
export function ollamaModels(tags: unknown, ps: unknown): LocalModel[] | undefined {
  const pulled = list(tags, tag);
  if (!pulled) return undefined;
  const inMemory = new Map((list(ps, running) ?? []).map((m) => [m.name, m]));
  return pulled.map((m) => {
    const live = inMemory.get(m.name);
    const family = m.details?.family ?? undefined;
    const embedding = looksLikeEmbedding(m.name) || (family !== undefined && BERT_FAMILIES.has(family));
    const base: LocalModel = {
      id: m.name,
      loaded: live !== undefined,
      type: embedding ? 'embeddings' : 'llm',
      // In memory: the context it was loaded with (newer versions say); else what Ollama is sure to load it with.
      ...(live?.context_length
        ? { contextLength: live.context_length, contextSource: 'loaded' as const }
        : live
          ? {}
          : { contextLength: OLLAMA_LOAD_CONTEXT, contextSource: 'load-default' as const }),
      ...(m.details?.quantization_level ? { quantization: m.details.quantization_level } : {}),
      ...(family ? { arch: family } : {}),
    };
    if (live) return base;
    return { ...base, loadsOnDemand: true, ...(embedding ? {} : { note: OLLAMA_ON_DEMAND_NOTE }) };
  });
}
