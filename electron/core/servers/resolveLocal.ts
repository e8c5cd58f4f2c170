import type { EndpointStatus } from '../../../shared/serverStatus';
import { PunieError } from '../errors';
import { serverUnavailable } from '../serverUnavailable';
import { answers, listsModel, localTarget, noModelError, usableModel, type LocalTarget } from './localChoice';
import type { LocalWant } from './localWant';
import { withPresetContext, type PresetContextOptions } from './presetContext';
import { probeEach } from './probeServers';

export { readModels } from './modelListing';
export type { LocalTarget } from './localChoice';

/**
 * Resolves `local:` specs through discovery, to one server and one model.
 * Every endpoint is probed at once (short connect timeouts, the round
 * bounded); the answer is decided in endpoint order as soon as it is
 * known, so a silent endpoint late in the list holds nothing up.
 *
 * - `local:` — the first endpoint, in order, with a usable chat model (see
 *   `usableModel`); when none has one, `model-not-loaded` naming the models
 *   of the first endpoint that answers.
 * - `local:<model>` — the first endpoint that lists the model, else the
 *   first that answers (servers that load by name, mlx-lm.server for one,
 *   get the name as given); a model that is listed but not loaded is left
 *   to the server, whose own words reach the user.
 * - Nothing answers — `server-unavailable` naming every URL tried.
 */

export interface ResolveLocalOptions {
  /** Endpoints probed in order when `want.baseURL` is not set. */
  endpoints: readonly string[];
  signal: AbortSignal;
  /** The key configured for an endpoint, if any (never OPENAI_API_KEY). */
  apiKeyFor?: (baseURL: string) => string | undefined;
  /** Default 500 ms. */
  connectTimeoutMs?: number;
  /** Bound on each probe request. Default 1500 ms. */
  probeTimeoutMs?: number;
  /** Bound on the whole round. Default: twice the probe bound, at least 1 s. */
  roundTimeoutMs?: number;
  /** The contexts the user's presets set (see presetContext.ts). */
  presetContext?: PresetContextOptions;
}

export type ResolveLocal = (want: LocalWant, options: ResolveLocalOptions) => Promise<LocalTarget>;

export const resolveLocal: ResolveLocal = async (want, options) => {
  const urls = want.baseURL ? [want.baseURL] : [...options.endpoints];
  if (urls.length === 0) throw new PunieError('invalid-input', 'No local endpoints are configured.', { hint: 'Add one in Settings, or set PUNIE_LOCAL_ENDPOINTS.' });
  if (options.signal.aborted) throw new PunieError('aborted', 'Stopped.');
  // Probes still running when the answer is known are stopped.
  const round = new AbortController();
  const stop = () => round.abort();
  options.signal.addEventListener('abort', stop, { once: true });
  const probeTimeoutMs = options.probeTimeoutMs ?? 1500;
  const probes = probeEach(urls, {
    signal: round.signal,
    requestTimeoutMs: probeTimeoutMs,
    roundTimeoutMs: options.roundTimeoutMs ?? Math.max(1000, probeTimeoutMs * 2),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.apiKeyFor ? { apiKeyFor: options.apiKeyFor } : {}),
  });
  for (const p of probes) p.catch(() => undefined);
  try {
    const presets = options.presetContext;
    const decided = await decide(presets ? probes.map((p) => p.then((e) => withPresetContext(e, presets))) : probes, want.model);
    if (!decided) throw serverUnavailable({ provider: 'local', triedURLs: urls });
    return decided;
  } catch (e) {
    if (options.signal.aborted) throw new PunieError('aborted', 'Stopped.', { cause: e });
    throw e;
  } finally {
    options.signal.removeEventListener('abort', stop);
    stop();
  }
};

/** The target, decided in endpoint order; undefined when nothing answers. */
async function decide(probes: Promise<EndpointStatus>[], model: string | undefined): Promise<LocalTarget | undefined> {
  let firstAnswering: EndpointStatus | undefined;
  for (const probe of probes) {
    const endpoint = await probe;
    if (!answers(endpoint)) continue;
    firstAnswering ??= endpoint;
    if (model !== undefined) {
      if (listsModel(endpoint, model)) return localTarget(endpoint, model);
      continue;
    }
    const usable = usableModel(endpoint);
    if (usable) return localTarget(endpoint, usable.id);
  }
  if (!firstAnswering) return undefined;
  if (model !== undefined) return localTarget(firstAnswering, model);
  throw noModelError(firstAnswering);
}
