import { create } from 'zustand';
import type { ErrorData } from '../../../shared/errors';
import type { ModelOption } from '../../../shared/ipc/routes';
import type { Settings } from '../../../shared/settings';
import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';
import { applyServersStatus } from './serversStore';
import { patchSettings } from './settingsStore';

/** The models the picker offers and the one in use (remembered as settings.lastModel). */
export interface ModelsState {
  options: ModelOption[];
  loaded: boolean;
  loading: boolean;
  error?: ErrorData;
  /** The spec new runs start with. */
  selected?: string;
}

export const useModelsStore = create<ModelsState>()(() => ({ options: [], loaded: false, loading: false }));

let latest = 0;

export async function loadModels(refresh = false): Promise<void> {
  const token = ++latest;
  useModelsStore.setState({ loading: true });
  try {
    const { models, status } = await punie.request('models.list', refresh ? { refresh } : {});
    if (token !== latest) return;
    useModelsStore.setState({ options: models, loaded: true, error: undefined });
    applyServersStatus(status);
  } catch (e) {
    if (token === latest) useModelsStore.setState({ error: toErrorData(e), loaded: true });
  } finally {
    if (token === latest) useModelsStore.setState({ loading: false });
  }
}

/** The first choice once settings are known: the last model picked, else the default. */
export function initSelection(settings: Settings): void {
  if (useModelsStore.getState().selected) return;
  useModelsStore.setState({ selected: settings.lastModel ?? settings.defaultModel });
}

/** Uses a model from now on and remembers it across launches. */
export function selectModel(spec: string): void {
  if (useModelsStore.getState().selected === spec) return;
  useModelsStore.setState({ selected: spec });
  void patchSettings({ lastModel: spec });
}

/** The option for a spec, when the list has it. */
export function findOption(options: readonly ModelOption[], spec: string | undefined): ModelOption | undefined {
  return spec === undefined ? undefined : options.find((o) => o.spec === spec);
}
