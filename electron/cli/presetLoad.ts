import { homedir } from 'node:os';
import type { ModelPresets } from '../../shared/modelPreset';
import type { CreateModelDeps } from '../core/models/createModel';
import type { PresetContextOptions } from '../core/servers/presetContext';
import { hostOf } from '../../shared/text';

/** The contexts the app's presets set, for discovery (LM Studio's lms looked for only when a preset sets one); undefined when none does. */
export async function presetContextFrom(presets: ModelPresets | undefined, env: Readonly<Record<string, string | undefined>>): Promise<PresetContextOptions | undefined> {
  if (!presets || !Object.values(presets).some((p) => p.contextLength !== undefined)) return undefined;
  const [{ userPresetFor }, { findLms }] = await Promise.all([import('../../shared/modelPreset'), import('../core/servers/lmsCommand')]);
  const lms = await findLms({ env, home: env.HOME || homedir(), platform: process.platform });
  return { presetContext: (id) => userPresetFor(presets, id)?.contextLength, lmsInstalled: lms !== undefined };
}

/**
 * For `punie ask`: a local model its preset says to load with a context,
 * and that the server has not loaded, is loaded so before the first
 * request (LM Studio would load it with its own default). Two lines on
 * stderr say so; Ctrl-C cancels the load with the run.
 */
export function cliEnsureLoaded(env: Readonly<Record<string, string | undefined>>, note: (line: string) => void): NonNullable<CreateModelDeps['ensureLoaded']> {
  return async (target, signal) => {
    // Only this path needs the loader: it is loaded when a load is due.
    const [{ loadModel }, { findLms }, { probeEndpoint }] = await Promise.all([
      import('../core/servers/modelLoader'),
      import('../core/servers/lmsCommand'),
      import('../core/servers/probeEndpoint'),
    ]);
    const endpoint = await probeEndpoint(target.baseURL, { signal });
    const tokens = target.contextLength.toLocaleString('en-US');
    note(`Loading ${target.model} on ${hostOf(target.baseURL)} with ${tokens} tokens of context (its preset)…`);
    const step = await loadModel(
      { endpoint, model: target.model },
      { signal, contextLength: target.contextLength },
      { findLms: () => findLms({ env, home: env.HOME || homedir(), platform: process.platform }), env, cancelWatchMs: 1_500 },
    );
    note(`Loaded ${target.model} in ${(step.elapsedMs / 1000).toFixed(1)} s.`);
    return step.contextLength ? { contextLength: step.contextLength } : {};
  };
}
