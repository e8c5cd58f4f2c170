import { setMaxListeners } from 'node:events';
import type { EndpointStatus, ServerKind, ServersStatus } from '../../../shared/serverStatus';
import { summarise } from './localChoice';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, probeEndpoint } from './probeEndpoint';

/**
 * One probe round: every endpoint at once, the whole round bounded, the
 * result one ServersStatus value.
 */
export interface ProbeRoundOptions {
  signal: AbortSignal;
  /** The key configured for an endpoint, if any (never a cloud provider's key). */
  apiKeyFor?: (baseURL: string) => string | undefined;
  /** Default 500 ms. */
  connectTimeoutMs?: number;
  /** Bound on each request. Default 1500 ms. */
  requestTimeoutMs?: number;
  /** Bound on the whole round. Default 2500 ms. */
  roundTimeoutMs?: number;
  /** Kinds seen last round, by URL: hinted endpoints are asked only what their kind needs. */
  kindHints?: ReadonlyMap<string, ServerKind>;
  now?: () => number;
}

export interface ProbeServersOptions extends ProbeRoundOptions {
  /** Probed in order for `local:`. */
  endpoints: readonly string[];
  /** Also probe Ollama here (reported as `status.ollama`), unless it is one of `endpoints` already. */
  ollamaURL?: string;
}

export const DEFAULT_ROUND_TIMEOUT_MS = 2500;

/** Timeouts for a person waiting at a terminal: a silent port costs at most 700 ms, the round 800 ms. */
export const INTERACTIVE_TIMEOUTS = { connectTimeoutMs: 500, requestTimeoutMs: 700, roundTimeoutMs: 800 } as const;

/** Starts probing each URL at once, sharing one deadline; each promise settles within the round bound (or rejects `aborted`). */
export function probeEach(urls: readonly string[], options: ProbeRoundOptions): Promise<EndpointStatus>[] {
  const now = options.now ?? Date.now;
  const deadline = now() + (options.roundTimeoutMs ?? DEFAULT_ROUND_TIMEOUT_MS);
  // One signal for the round's many requests (each listens to it), linked to the caller's.
  const round = new AbortController();
  setMaxListeners(0, round.signal);
  const forward = () => round.abort();
  if (options.signal.aborted) round.abort();
  else options.signal.addEventListener('abort', forward, { once: true });
  const probes = urls.map((url) => {
    const apiKey = options.apiKeyFor?.(url);
    const kindHint = options.kindHints?.get(url);
    return probeEndpoint(url, {
      signal: round.signal,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      deadline,
      now,
      ...(apiKey ? { apiKey } : {}),
      ...(kindHint ? { kindHint } : {}),
    });
  });
  void Promise.allSettled(probes).then(() => options.signal.removeEventListener('abort', forward));
  return probes;
}

/** Probes every endpoint (and Ollama, when asked) concurrently; the status says what `local:` resolves to. */
export async function probeServers(options: ProbeServersOptions): Promise<ServersStatus> {
  const now = options.now ?? Date.now;
  const withOllama = options.ollamaURL !== undefined && !options.endpoints.includes(options.ollamaURL);
  const urls = withOllama ? [...options.endpoints, options.ollamaURL!] : [...options.endpoints];
  const results = await Promise.all(probeEach(urls, options));
  const endpoints = results.slice(0, options.endpoints.length);
  const ollama = withOllama ? results.at(-1) : undefined;
  return summarise(endpoints, now(), ollama);
}
