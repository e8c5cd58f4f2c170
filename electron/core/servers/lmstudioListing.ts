import type { LocalModel } from '../../../shared/serverStatus';
import { capped, LMSTUDIO_LOAD_CONTEXT } from './contextDefaults';
import { MAX_LISTED_MODELS, isNullish, isText, optBoolean, optPositiveInt, optString } from './modelListing';
import { isRecord } from '../../../shared/isRecord';

/**
 * LM Studio's own model listings, which say what `/v1/models` does not:
 * loaded or not, type, context, quantization, architecture, tool use.
 *
 * - `/api/v1/models` (0.4+): `{ models: [{ key, type: llm|embedding,
 *   loaded_instances: [{ config: { context_length } }], max_context_length,
 *   quantization: { name }, architecture, capabilities: { vision,
 *   trained_for_tool_use } }] }`
 * - `/api/v0/models` (0.3.6+): `{ data: [{ id, type: llm|vlm|embeddings,
 *   state: loaded|not-loaded, max_context_length, loaded_context_length?,
 *   quantization, arch, capabilities?: ['tool_use'] }] }`
 *
 * With just-in-time loading on (the default), `/v1/models` lists downloaded
 * models too and the first request loads one; with it off, only loaded
 * models are listed there and others must be loaded in LM Studio first.
 */

export const JIT_NOTE = 'not loaded — the first message loads it';
export const LOAD_IN_LMSTUDIO_NOTE = 'not loaded — load it in LM Studio first';
export const LMSTUDIO_LOADING_NOTE = 'loading…';

interface V1Entry {
  key: string;
  type?: string;
  architecture?: string | null;
  quantization?: { name?: string | null } | null;
  max_context_length?: number | null;
  loaded_instances?: Array<{ id?: string | null; config?: { context_length?: number | null } | null }> | null;
  capabilities?: { vision?: boolean | null; trained_for_tool_use?: boolean | null } | null;
}

interface V0Entry {
  id: string;
  type?: string;
  state: string;
  arch?: string | null;
  quantization?: string | null;
  max_context_length?: number | null;
  loaded_context_length?: number | null;
  capabilities?: string[] | null;
}

// Hand-written checks rather than zod: `punie status` reads these listings on
// every start, and zod is 470 KB of JavaScript to compile first. An entry
// with a field of the wrong type is skipped whole, as a schema would.
const optNested = (v: unknown, check: (r: Record<string, unknown>) => boolean) => isNullish(v) || (isRecord(v) && check(v));

function isV1Entry(e: Record<string, unknown>): boolean {
  return (
    isText(e.key) &&
    (e.type === undefined || typeof e.type === 'string') &&
    optString(e.architecture) &&
    optNested(e.quantization, (q) => optString(q.name)) &&
    optPositiveInt(e.max_context_length) &&
    (isNullish(e.loaded_instances) ||
      (Array.isArray(e.loaded_instances) &&
        e.loaded_instances.every((i) => isRecord(i) && optString(i.id) && optNested(i.config, (c) => optPositiveInt(c.context_length))))) &&
    optNested(e.capabilities, (c) => optBoolean(c.vision) && optBoolean(c.trained_for_tool_use))
  );
}

function isV0Entry(e: Record<string, unknown>): boolean {
  return (
    isText(e.id) &&
    (e.type === undefined || typeof e.type === 'string') &&
    typeof e.state === 'string' &&
    optString(e.arch) &&
    optString(e.quantization) &&
    optPositiveInt(e.max_context_length) &&
    optPositiveInt(e.loaded_context_length) &&
    (isNullish(e.capabilities) || (Array.isArray(e.capabilities) && e.capabilities.every((c) => typeof c === 'string')))
  );
}

function entries<T>(list: unknown, check: (e: Record<string, unknown>) => boolean): T[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: T[] = [];
  for (const raw of list.slice(0, MAX_LISTED_MODELS)) if (isRecord(raw) && check(raw)) out.push(raw as unknown as T);
  return out;
}

/** The entries of `/api/v1/models`, or undefined when the body is not that listing. */
export function readLmStudioV1(body: unknown): V1Entry[] | undefined {
  return isRecord(body) ? entries<V1Entry>(body.models, isV1Entry) : undefined;
}

/** The entries of `/api/v0/models`, or undefined when the body is not that listing. */
export function readLmStudioV0(body: unknown): V0Entry[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.data)) return undefined;
  const list = entries<V0Entry>(body.data, isV0Entry);
  // An OpenAI-style listing also has `data`; LM Studio's entries carry `state`.
  return list && (list.length > 0 || body.data.length === 0) ? list : undefined;
}

const known = (v: string | null | undefined) => (v && v !== 'unknown' ? v : undefined);

/**
 * The context a model has: what its loaded instance has, else (loaded, but
 * the listing does not say) its maximum; a model not loaded gets LM
 * Studio's default, which is what the first message (or a load that names
 * no context) loads it with.
 */
function context(loaded: boolean, loadedContext: number | null | undefined, max: number | null | undefined): Pick<LocalModel, 'contextLength' | 'contextSource'> {
  if (loaded && loadedContext) return { contextLength: loadedContext, contextSource: 'loaded' };
  if (loaded) return max ? { contextLength: max, contextSource: 'maximum' } : {};
  return { contextLength: capped(LMSTUDIO_LOAD_CONTEXT, max ?? undefined), contextSource: 'load-default' };
}

function fromV1(e: V1Entry): LocalModel {
  const instance = e.loaded_instances?.[0];
  const loaded = instance !== undefined;
  const type: LocalModel['type'] = e.type === 'embedding' || e.type === 'embeddings' ? 'embeddings' : e.capabilities?.vision ? 'vlm' : e.type === 'llm' || e.type === 'vlm' ? e.type : 'unknown';
  return {
    id: e.key,
    loaded,
    type,
    ...context(loaded, instance?.config?.context_length, e.max_context_length),
    ...(e.max_context_length ? { maxContextLength: e.max_context_length } : {}),
    ...(known(e.quantization?.name) ? { quantization: e.quantization!.name! } : {}),
    ...(known(e.architecture) ? { arch: e.architecture! } : {}),
    ...(typeof e.capabilities?.trained_for_tool_use === 'boolean' ? { toolUse: e.capabilities.trained_for_tool_use } : {}),
  };
}

function fromV0(e: V0Entry): LocalModel {
  const loaded = e.state === 'loaded';
  const type: LocalModel['type'] = e.type === 'llm' || e.type === 'vlm' || e.type === 'embeddings' ? e.type : e.type === 'embedding' ? 'embeddings' : 'unknown';
  return {
    id: e.id,
    loaded,
    type,
    ...context(loaded, e.loaded_context_length, e.max_context_length),
    ...(e.state === 'loading' ? { loading: true } : {}),
    ...(e.max_context_length ? { maxContextLength: e.max_context_length } : {}),
    ...(known(e.quantization) ? { quantization: e.quantization! } : {}),
    ...(known(e.arch) ? { arch: e.arch! } : {}),
    // Older versions have no `capabilities`: then nothing is known.
    ...(e.capabilities ? { toolUse: e.capabilities.includes('tool_use') } : {}),
  };
}

/**
 * LM Studio's models from its REST listings (v1 preferred, v0 otherwise),
 * with the just-in-time state worked out from the ids `/v1/models` lists.
 * Undefined when neither REST listing answered.
 */
export function lmStudioModels(v1: unknown, v0: unknown, openAiIds: ReadonlySet<string>): LocalModel[] | undefined {
  const fromRest = readLmStudioV1(v1)?.map(fromV1) ?? readLmStudioV0(v0)?.map(fromV0);
  if (!fromRest) return undefined;
  return fromRest.map((m) => {
    if (m.loaded) return m;
    if (m.loading) return { ...m, note: LMSTUDIO_LOADING_NOTE };
    const jit = openAiIds.has(m.id);
    if (m.type === 'embeddings') return { ...m, loadsOnDemand: jit };
    return { ...m, loadsOnDemand: jit, note: jit ? JIT_NOTE : LOAD_IN_LMSTUDIO_NOTE };
  });
}
