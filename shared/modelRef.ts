import type { ModelRef } from './agentEvents';
import { parseModelSpec, type ParsedModelSpec } from './modelSpec';

/** What making the model found out beyond the spec: the server and model it resolved to. */
export interface ResolvedModel {
  modelId: string;
  baseURL?: string;
  serverKind?: string;
  contextLength?: number;
  contextSource?: ModelRef['contextSource'];
}

/**
 * The one place a ModelRef is built. Without `resolved` it says what the
 * spec alone says (a run whose model could not be made, a stored run);
 * with it, where the spec resolved to.
 */
export function modelRef(parsed: ParsedModelSpec, resolved?: ResolvedModel): ModelRef {
  const { spec } = parsed;
  const ref: ModelRef = { spec: parsed.text, provider: spec.provider, modelId: resolved ? resolved.modelId : (spec.model ?? '') };
  const baseURL = resolved ? resolved.baseURL : 'baseURL' in spec ? spec.baseURL : undefined;
  if (baseURL) ref.baseURL = baseURL;
  if (resolved?.serverKind) ref.serverKind = resolved.serverKind;
  if (resolved?.contextLength) {
    ref.contextLength = resolved.contextLength;
    if (resolved.contextSource) ref.contextSource = resolved.contextSource;
  }
  return ref;
}

/** A display-only ModelRef for a stored spec (history keeps the spec, not the resolved model). */
export function modelRefOf(spec: string): ModelRef {
  // A conversation names the same few models in every message: each is parsed once.
  let ref = modelRefs.get(spec);
  if (!ref) {
    if (modelRefs.size >= MAX_MODEL_REFS) modelRefs.clear();
    const parsed = parseModelSpec(spec);
    ref = Object.freeze(parsed.ok ? modelRef({ text: spec, spec: parsed.spec }) : { spec, provider: 'local' as const, modelId: spec });
    modelRefs.set(spec, ref);
  }
  return ref;
}

const MAX_MODEL_REFS = 200;
const modelRefs = new Map<string, ModelRef>();
