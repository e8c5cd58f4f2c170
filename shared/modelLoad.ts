import { z } from 'zod';
import { errorDataSchema } from './errorData';

/**
 * Loading, reloading (with another context length) and unloading a model on
 * a local server: how it is done and how far it has got. The CLI prints
 * these steps; main pushes them to windows (`models.load` event).
 */

/** How a load or unload is done: LM Studio 0.4's REST API, LM Studio's `lms` command, llama-server's router API. */
export const loadViaSchema = z.enum(['lmstudio-rest', 'lms', 'llama-router']);
export type LoadVia = z.infer<typeof loadViaSchema>;

export const LOAD_VIA_LABELS: Record<LoadVia, string> = {
  'lmstudio-rest': "LM Studio's REST API",
  lms: 'the lms command',
  'llama-router': "llama-server's router",
};

/**
 * - `unloading`: a reload first unloads the model (or an unload is under way);
 * - `loading`: the load is under way (`fraction` where the server tells it);
 * - `loaded`, `unloaded`: done; `failed` (with `error`), `cancelled`: ended otherwise.
 */
export const loadPhaseSchema = z.enum(['unloading', 'loading', 'loaded', 'unloaded', 'failed', 'cancelled']);
export type LoadPhase = z.infer<typeof loadPhaseSchema>;

export const loadStepSchema = z.object({
  phase: loadPhaseSchema,
  via: loadViaSchema.optional(),
  /** 0–1, where the server says how far it has got (`lms`). */
  fraction: z.number().min(0).max(1).optional(),
  elapsedMs: z.number().nonnegative(),
  /** The context asked for while loading; the context it loaded with once loaded. */
  contextLength: z.number().int().positive().optional(),
  error: errorDataSchema.optional(),
});
export type LoadStep = z.infer<typeof loadStepSchema>;

/** One load or unload as the app follows it: which model where, and its latest step. */
export const modelLoadSchema = loadStepSchema.extend({
  loadId: z.string(),
  endpointUrl: z.string(),
  model: z.string(),
  action: z.enum(['load', 'unload']),
});
export type ModelLoad = z.infer<typeof modelLoadSchema>;

/** Whether a step ends the load. */
export function isFinalPhase(phase: LoadPhase): boolean {
  return phase === 'loaded' || phase === 'unloaded' || phase === 'failed' || phase === 'cancelled';
}

/** "Loading… 45% (12 s)", "Unloading…", "Loaded with 32,768 tokens of context (9 s)". */
export function loadStepText(step: Pick<LoadStep, 'phase' | 'fraction' | 'elapsedMs' | 'contextLength' | 'error'>): string {
  const seconds = `${Math.round(step.elapsedMs / 1000)} s`;
  const tokens = step.contextLength ? step.contextLength.toLocaleString('en-US') : undefined;
  switch (step.phase) {
    case 'unloading':
      return `Unloading… (${seconds})`;
    case 'loading':
      return `Loading${tokens ? ` with ${tokens} tokens of context` : ''}… ${step.fraction === undefined ? '' : `${Math.floor(step.fraction * 100)}% `}(${seconds})`;
    case 'loaded':
      return `Loaded${tokens ? ` with ${tokens} tokens of context` : ''} (${seconds})`;
    case 'unloaded':
      return 'Unloaded';
    case 'cancelled':
      return 'Load cancelled';
    case 'failed':
      return step.error?.message ?? 'The load failed';
  }
}
