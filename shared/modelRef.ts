import type { ModelRef } from './agentEvents';
import { parseModelSpec } from './modelSpec';

/** A display-only ModelRef for a stored spec (history keeps the spec, not the resolved model). */
export function modelRefOf(spec: string): ModelRef {
  // A conversation names the same few models in every message: each is parsed once.
  let ref = modelRefs.get(spec);
  if (!ref) {
    if (modelRefs.size >= MAX_MODEL_REFS) modelRefs.clear();
    ref = Object.freeze(parseModelRef(spec));
    modelRefs.set(spec, ref);
  }
  return ref;
}

const MAX_MODEL_REFS = 200;
const modelRefs = new Map<string, ModelRef>();

function parseModelRef(spec: string): ModelRef {
  const parsed = parseModelSpec(spec);
  if (!parsed.ok) return { spec, provider: 'local', modelId: spec };
  const s = parsed.spec;
  switch (s.provider) {
    case 'test':
      return { spec, provider: 'test', modelId: 'test' };
    case 'local':
      return { spec, provider: 'local', modelId: s.model ?? '', baseURL: s.baseURL };
    case 'ollama':
      return { spec, provider: 'ollama', modelId: s.model, baseURL: s.baseURL };
    default:
      return { spec, provider: s.provider, modelId: s.model };
  }
}
