import { create } from 'zustand';
import type { ErrorData } from '../../../shared/errors';
import type { SecretProvider, SecretsStatus, SettingsView } from '../../../shared/ipc/routes';
import type { PageSettingsPatch } from '../../../shared/settings';
import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';
import { showErrorToast } from './uiStore';

/**
 * Settings as main reports them, and which API keys are set. Keys themselves
 * never enter this store: the page only learns `set: true/false`.
 */
export interface SettingsState {
  view?: SettingsView;
  secrets?: SecretsStatus;
  loadError?: ErrorData;
}

export const useSettingsStore = create<SettingsState>()(() => ({}));

export async function loadSettings(): Promise<void> {
  try {
    const [view, secrets] = await Promise.all([punie.request('settings.get', {}), punie.request('secrets.status', {})]);
    useSettingsStore.setState({ view, secrets, loadError: undefined });
  } catch (e) {
    useSettingsStore.setState({ loadError: toErrorData(e) });
  }
}

/** From `settings.changed`: another window (or main) changed something. */
export function applySettingsView(view: SettingsView): void {
  useSettingsStore.setState({ view });
}

/** Saves a patch; on failure says why in a toast and returns false. */
export async function patchSettings(patch: PageSettingsPatch): Promise<boolean> {
  try {
    const view = await punie.request('settings.set', patch);
    useSettingsStore.setState({ view });
    return true;
  } catch (e) {
    showErrorToast('Settings were not saved', toErrorData(e));
    return false;
  }
}

/**
 * Stores (or with `null`, removes) a key. The key goes straight to main and
 * is not kept anywhere in the page; only the new status comes back.
 */
export async function saveApiKey(provider: SecretProvider, key: string | null): Promise<ErrorData | undefined> {
  try {
    const secrets = await punie.request('secrets.set', { provider, key });
    useSettingsStore.setState({ secrets });
    return undefined;
  } catch (e) {
    return toErrorData(e);
  }
}
