import { create } from 'zustand';
import type { ErrorData } from '../../../shared/errors';
import { isFinalPhase, type ModelLoad } from '../../../shared/modelLoad';
import type { ModelPreset } from '../../../shared/modelPreset';
import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';
import { withPreset } from '../features/models/presetForm';
import { loadModels } from './modelsStore';
import { patchSettings, useSettingsStore } from './settingsStore';

/**
 * Loads and unloads of local models the picker started or main reports
 * (`models.load` events), the latest step of each by model, and the user's
 * per-model presets saved from the picker.
 */
export interface ModelLoadsState {
  /** By `loadKey(endpointUrl, model)`: the latest step, kept after it ends so its outcome can be read. */
  byModel: Record<string, ModelLoad>;
  /** A load or unload main refused to start. */
  startError?: { key: string; error: ErrorData };
}

export const useModelLoadsStore = create<ModelLoadsState>()(() => ({ byModel: {} }));

export function loadKey(endpointUrl: string, model: string): string {
  return `${endpointUrl}\n${model}`;
}

/** From `models.load` events and `models.loads`: a step of a load; a finished one refreshes the model list. */
export function applyModelLoad(load: ModelLoad): void {
  const key = loadKey(load.endpointUrl, load.model);
  useModelLoadsStore.setState((s) => ({ byModel: { ...s.byModel, [key]: load } }));
  if (isFinalPhase(load.phase)) void loadModels(true);
}

/** Loads in flight when the window opened. */
export async function loadActiveModelLoads(): Promise<void> {
  try {
    const { loads } = await punie.request('models.loads', {});
    for (const load of loads) applyModelLoad(load);
  } catch {
    // Nothing to show: the picker shows loads as their events arrive.
  }
}

/** Loads (or reloads with another context) a model; progress arrives as events. */
export async function startModelLoad(endpointUrl: string, model: string, action: 'load' | 'unload', contextLength?: number): Promise<void> {
  const key = loadKey(endpointUrl, model);
  useModelLoadsStore.setState({ startError: undefined });
  try {
    if (action === 'load') await punie.request('models.load', { endpointUrl, model, ...(contextLength === undefined ? {} : { contextLength }) });
    else await punie.request('models.unload', { endpointUrl, model });
  } catch (e) {
    useModelLoadsStore.setState({ startError: { key, error: toErrorData(e) } });
  }
}

export async function cancelModelLoad(loadId: string): Promise<void> {
  try {
    await punie.request('models.cancelLoad', { loadId });
  } catch {
    // The load ended meanwhile: its last step says how.
  }
}

/** Saves one model's preset (an empty one removes it); false when settings were not saved (a toast says why). */
export function saveModelPreset(modelId: string, preset: ModelPreset): Promise<boolean> {
  const presets = useSettingsStore.getState().view?.settings.modelPresets;
  return patchSettings({ modelPresets: withPreset(presets, modelId, preset) });
}
