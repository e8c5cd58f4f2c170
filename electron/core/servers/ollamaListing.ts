import type { LocalModel } from '../../../shared/serverStatus';
import { OLLAMA_LOAD_CONTEXT } from './contextDefaults';
import { MAX_LISTED_MODELS, isNullish, isText, looksLikeEmbedding, nonEmptyString, optPositiveInt, optString } from './modelListing';
import { isRecord } from '../../../shared/isRecord';

/**
 * Ollama: `GET /api/version` → `{ version }` tells it apart; `/api/tags`
 * lists the pulled models (`details.family`, `details.quantization_level`);
 * `/api/ps` lists those in memory (with `context_length` on newer
 * versions). Every pulled model loads on the first request.
 */

export const OLLAMA_ON_DEMAND_NOTE = 'not loaded — the first message loads it';

interface Tag {
  name: string;
  details?: { family?: string | null; families?: string[] | null; quantization_level?: string | null } | null;
}
interface Running {
  name: string;
  context_length?: number | null;
}

// Hand-written checks rather than zod (`punie status` reads these on every
// start; zod is 470 KB to compile first). An entry with a field of the
// wrong type is skipped whole, as a schema would.
function isTag(e: Record<string, unknown>): boolean {
  const d = e.details;
  return (
    isText(e.name) &&
    (isNullish(d) ||
      (isRecord(d) &&
        optString(d.family) &&
        optString(d.quantization_level) &&
        (isNullish(d.families) || (Array.isArray(d.families) && d.families.every((f) => typeof f === 'string')))))
  );
}

function isRunning(e: Record<string, unknown>): boolean {
  return isText(e.name) && optPositiveInt(e.context_length);
}

function list<T>(body: unknown, check: (e: Record<string, unknown>) => boolean): T[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.models)) return undefined;
  const out: T[] = [];
  for (const raw of body.models.slice(0, MAX_LISTED_MODELS)) if (isRecord(raw) && check(raw)) out.push(raw as unknown as T);
  return out;
}

/** The version from `/api/version`, or undefined when the body is not Ollama's. */
export function readOllamaVersion(body: unknown): string | undefined {
  return isRecord(body) ? nonEmptyString(body.version) : undefined;
}

const BERT_FAMILIES = new Set(['bert', 'nomic-bert']);

/** Ollama's models from `/api/tags` and `/api/ps`; undefined when the tags did not answer. */
export function ollamaModels(tags: unknown, ps: unknown): LocalModel[] | undefined {
  const pulled = list<Tag>(tags, isTag);
  if (!pulled) return undefined;
  const inMemory = new Map((list<Running>(ps, isRunning) ?? []).map((m) => [m.name, m]));
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
