import type { ServersStatus } from '../../../shared/serverStatus';
import { punie } from '../ipc/client';
import { reattachActive } from '../stores/chatStore';
import { applyModelLoad } from '../stores/modelLoadsStore';
import { initSelection, loadModels } from '../stores/modelsStore';
import { ingestEvents, onUnknownRuns } from '../stores/runsStore';
import { applyServersStatus, loadServers, onServersChange } from '../stores/serversStore';
import { applyMcpView } from '../stores/mcpStore';
import { applySettingsView, loadSettings, useSettingsStore } from '../stores/settingsStore';
import { showToast } from '../stores/uiStore';

/**
 * Wiring shared by both windows: main's events into the stores, the model
 * list reloaded when the servers change, and a reattach when events arrive
 * for a run this window never saw start. Returns the disconnect.
 */
export function connectEvents(): () => void {
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  let reattachTimer: ReturnType<typeof setTimeout> | undefined;

  const offs = [
    punie.on('agent.events', ingestEvents),
    punie.on('servers.status', applyServersStatus),
    punie.on('settings.changed', applySettingsView),
    punie.on('app.notice', (notice) => showToast(notice)),
    punie.on('mcp.changed', applyMcpView),
    punie.on('models.load', applyModelLoad),
    onServersChange((status, previous) => {
      if (previous && signature(status) === signature(previous)) return;
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => void loadModels(), 150);
    }),
  ];
  onUnknownRuns(() => {
    clearTimeout(reattachTimer);
    reattachTimer = setTimeout(() => void reattachActive().catch(() => undefined), 100);
  });

  return () => {
    for (const off of offs) off();
    onUnknownRuns(undefined);
    clearTimeout(reloadTimer);
    clearTimeout(reattachTimer);
  };
}

/** Settings first (they say which model to preselect), then servers and models together. */
export async function loadInitialState(): Promise<void> {
  await loadSettings();
  const settings = useSettingsStore.getState().view?.settings;
  if (settings) initSelection(settings);
  await Promise.all([loadServers(), loadModels()]);
}

/** What, in a status, changes the model list: endpoints' states and their models. */
function signature(status: ServersStatus): string {
  return status.endpoints
    .map((e) => `${e.url}|${e.state}|${e.models.map((m) => `${m.id}:${m.loaded ? 1 : 0}`).join(',')}`)
    .concat(status.overall)
    .join(';');
}
