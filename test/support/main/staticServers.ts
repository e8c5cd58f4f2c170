import type { ModelOption } from '../../../shared/ipc/routes';
import { TEST_MODEL_OPTION } from '../../../electron/core/servers/modelCatalog';
import { isChatModel, SERVER_KIND_LABELS, type ServersStatus } from '../../../shared/serverStatus';
import type { ModelsPort, ServersPort, Unsubscribe } from '../../../electron/main/services';

/**
 * Servers and models from a status set by hand: a stand-in for discovery in
 * tests, the browser host, and the app until discovery is composed in.
 */
export interface StaticServers extends ServersPort {
  /** Replaces the status and tells subscribers. */
  set(status: ServersStatus): void;
}

export function offlineStatus(endpoints: readonly string[], now: number = Date.now()): ServersStatus {
  return {
    overall: 'offline',
    endpoints: endpoints.map((url) => ({ url, state: 'offline' as const, models: [], checkedAt: now })),
    checkedAt: now,
  };
}

export function createStaticServers(initial: ServersStatus): StaticServers {
  let status = initial;
  const listeners = new Set<(s: ServersStatus) => void>();
  return {
    async status() {
      return status;
    },
    async refresh() {
      return status;
    },
    set(next) {
      status = next;
      for (const listener of [...listeners]) listener(status);
    },
    subscribe(listener): Unsubscribe {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The picker's options from a servers port: each chat model of each online endpoint, plus the test model. */
export function createStaticModels(servers: ServersPort): ModelsPort {
  return {
    async list({ refresh }, signal) {
      const status = refresh ? await servers.refresh(signal) : await servers.status(signal);
      const local: ModelOption[] = status.endpoints.flatMap((endpoint) =>
        endpoint.state !== 'online'
          ? []
          : endpoint.models.filter(isChatModel).map((m) => ({
              spec: `local:${endpoint.url}/${m.id}`,
              label: m.id,
              group: endpoint.kind ?? 'openai-compatible',
              groupLabel: SERVER_KIND_LABELS[endpoint.kind ?? 'openai-compatible'],
              endpointUrl: endpoint.url,
              ...(endpoint.kind === undefined ? {} : { serverKind: endpoint.kind }),
              loaded: m.loaded,
              available: m.loaded || m.loadsOnDemand === true,
            })),
      );
      return { models: [...local, TEST_MODEL_OPTION], status };
    },
  };
}
