import { create } from 'zustand';
import type { ErrorData } from '../../../shared/errors';
import type { ServersStatus } from '../../../shared/serverStatus';
import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';

/** Local servers as discovery sees them; kept current by `servers.status` events. */
export interface ServersState {
  status?: ServersStatus;
  refreshing: boolean;
  error?: ErrorData;
}

export const useServersStore = create<ServersState>()(() => ({ refreshing: false }));

const listeners = new Set<(status: ServersStatus, previous: ServersStatus | undefined) => void>();

/** Called whenever the status changes (the model list reloads on it). */
export function onServersChange(listener: (status: ServersStatus, previous: ServersStatus | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function applyServersStatus(status: ServersStatus): void {
  const previous = useServersStore.getState().status;
  if (previous && previous.checkedAt > status.checkedAt) return; // an older answer arriving late
  useServersStore.setState({ status, error: undefined });
  for (const l of listeners) l(status, previous);
}

export async function loadServers(): Promise<void> {
  try {
    applyServersStatus(await punie.request('servers.status', {}));
  } catch (e) {
    useServersStore.setState({ error: toErrorData(e) });
  }
}

/** Probes every endpoint again now (the Retry button). */
export async function refreshServers(): Promise<void> {
  if (useServersStore.getState().refreshing) return;
  useServersStore.setState({ refreshing: true });
  try {
    applyServersStatus(await punie.request('servers.refresh', {}));
  } catch (e) {
    useServersStore.setState({ error: toErrorData(e) });
  } finally {
    useServersStore.setState({ refreshing: false });
  }
}
