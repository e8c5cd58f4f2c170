import type { ModelSpec } from '../../../shared/modelSpec';

/**
 * What a `local:` spec asks for: a server, a model, both or neither. Worked
 * out here once for the app's and the CLI's model making alike (a small
 * module: the CLI reads it before it loads the probing resolver).
 */
export interface LocalWant {
  /** A specific server (normalised, ending in /v1); else the endpoints in order. */
  baseURL?: string;
  model?: string;
}

/** The want of a `local:` spec. */
export function localWant(spec: Extract<ModelSpec, { provider: 'local' }>): LocalWant {
  return { ...(spec.baseURL ? { baseURL: spec.baseURL } : {}), ...(spec.model ? { model: spec.model } : {}) };
}

/** A want that names both the server and the model needs no probe: its target; else undefined. */
export function namedTarget(want: LocalWant): { baseURL: string; model: string } | undefined {
  return want.baseURL !== undefined && want.model !== undefined ? { baseURL: want.baseURL, model: want.model } : undefined;
}
