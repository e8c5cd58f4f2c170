import { randomUUID } from 'node:crypto';
import type { ModelLoadsPort } from '../../../electron/main/services';
import type { ModelLoad } from '../../../shared/modelLoad';

/**
 * Model loads in memory, for tests of main that have no model server: every
 * load or unload is accepted, reports one step, and ends on the next tick
 * (loaded or unloaded), unless cancelled first. Records what was asked.
 */
export interface StaticModelLoads extends ModelLoadsPort {
  readonly requests: Parameters<ModelLoadsPort['start']>[0][];
}

export function createStaticModelLoads(): StaticModelLoads {
  const active = new Map<string, ModelLoad>();
  const listeners = new Set<(load: ModelLoad) => void>();
  const requests: Parameters<ModelLoadsPort['start']>[0][] = [];
  const publish = (load: ModelLoad) => {
    for (const l of listeners) l(load);
  };
  return {
    requests,
    async start(request) {
      requests.push(request);
      const loadId = randomUUID();
      const load: ModelLoad = {
        loadId,
        endpointUrl: request.endpointUrl,
        model: request.model,
        action: request.action,
        phase: request.action === 'load' ? 'loading' : 'unloading',
        elapsedMs: 0,
        ...(request.contextLength ? { contextLength: request.contextLength } : {}),
      };
      active.set(loadId, load);
      publish(load);
      setImmediate(() => {
        if (!active.delete(loadId)) return;
        publish({ ...load, phase: request.action === 'load' ? 'loaded' : 'unloaded', elapsedMs: 1 });
      });
      return { loadId };
    },
    cancel(loadId) {
      const load = active.get(loadId);
      if (!load) return false;
      active.delete(loadId);
      publish({ ...load, phase: 'cancelled' });
      return true;
    },
    active: () => [...active.values()],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
