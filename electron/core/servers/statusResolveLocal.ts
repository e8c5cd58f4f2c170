import type { EndpointStatus, ServersStatus } from '../../../shared/serverStatus';
import { answers, listsModel, localTarget, usableModel } from './localChoice';
import { resolveLocal as probeLocal, type LocalTarget, type ResolveLocal } from './resolveLocal';

/**
 * Resolves `local:` from what discovery already knows, so a run in the app
 * does not pay a network round trip before its request: the status
 * watcher's latest status, when it is fresh and covers every endpoint
 * asked about, decides with the same rules as a probe (resolveLocal, via
 * localChoice). Whenever it cannot give a positive answer (no status yet, a
 * stale one, an endpoint it has not seen, nothing usable in it) a probe
 * decides instead, so its errors are always a fresh server's.
 *
 * A spec that names both the server and the model needs nothing resolved:
 * the status adds what it knows (the server's kind, the model's context),
 * and without it the target is taken as named, with no probe.
 */

export interface StatusResolveOptions {
  /** The latest status, if a round has finished (the status watcher's `current`). */
  current(): ServersStatus | undefined;
  /** A status older than this is not trusted. Default STATUS_MAX_AGE_MS. */
  maxAgeMs?: number;
  /** Wall clock, the one `checkedAt` is on. Default Date.now. */
  now?: () => number;
  /** What decides when the status cannot; default the probing resolver. */
  probe?: ResolveLocal;
}

/**
 * The watcher probes every 2 s while a window is showing (each round
 * bounded at 2.5 s), so a status someone could be acting on is never older
 * than about 4.5 s; older ones (no window showing, a stalled watcher) are
 * re-probed instead.
 */
export const STATUS_MAX_AGE_MS = 5_000;

export function createStatusResolveLocal(options: StatusResolveOptions): ResolveLocal {
  const maxAgeMs = options.maxAgeMs ?? STATUS_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const probe = options.probe ?? probeLocal;
  return async (want, resolveOptions) => {
    const status = options.current();
    const fresh = status !== undefined && now() - status.checkedAt <= maxAgeMs ? status : undefined;
    const urls = want.baseURL ? [want.baseURL] : resolveOptions.endpoints;
    const known = fresh ? decideFromStatus(fresh, urls, want.model) : undefined;
    if (known) return known;
    if (want.baseURL !== undefined && want.model !== undefined) return { baseURL: want.baseURL, model: want.model };
    return probe(want, resolveOptions);
  };
}

/** `local:` as the status says, in endpoint order; undefined when it cannot say for sure. */
export function decideFromStatus(status: ServersStatus, urls: readonly string[], model: string | undefined): LocalTarget | undefined {
  const byUrl = new Map(status.endpoints.map((e) => [e.url, e]));
  const endpoints: EndpointStatus[] = [];
  for (const url of urls) {
    const endpoint = byUrl.get(url);
    // An endpoint this status never saw (settings just changed): only a probe knows.
    if (!endpoint) return undefined;
    endpoints.push(endpoint);
  }
  for (const endpoint of endpoints) {
    if (!answers(endpoint)) continue;
    if (model !== undefined) {
      if (listsModel(endpoint, model)) return localTarget(endpoint, model);
      continue;
    }
    const usable = usableModel(endpoint);
    if (usable) return localTarget(endpoint, usable.id);
  }
  // Nothing usable, or a named model no endpoint lists (it may have just been downloaded): a probe decides.
  return undefined;
}
