import { setMaxListeners } from 'node:events';
import type { EndpointStatus, ServerKind, ServersStatus } from '../../../shared/serverStatus';
import { summarise } from './localChoice';
import { withPresetContext, type PresetContextOptions } from './presetContext';
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
  /** The contexts the user's presets set (see presetContext.ts). */
  presetContext?: PresetContextOptions;
}

export const DEFAULT_ROUND_TIMEOUT_MS = 2500;

/**
 * Timeouts for a person waiting at a terminal (`punie status`, `punie
 * models`): a port that accepts and never answers costs 500 ms, a round at
 * most 560 ms, so the answer comes within the 600 ms people read as
 * immediate.
 *
 * Why these still let a slow real server through: a local server answers
 * GET /v1/models from the list it keeps in memory, on its HTTP thread, not
 * behind generation (llama.cpp's HTTP threads, LM Studio's and mlx-lm's
 * servers): about 1–5 ms here, tens of ms on a laptop busy generating or
 * swapping. 500 ms is two orders of magnitude over that, and over a
 * Wi-Fi LAN round trip woken from power saving (~100–300 ms). The connect
 * timeout, 400 ms, is spent only on a host that never answers SYN (a dead
 * LAN address): localhost refuses or accepts in well under 1 ms. The 60 ms
 * between the request bound and the round bound is for the kind-detection
 * requests a listing that came in late still needs (each ~1 ms on a server
 * that already answered).
 */
export const INTERACTIVE_TIMEOUTS = { connectTimeoutMs: 400, requestTimeoutMs: 500, roundTimeoutMs: 560 } as const;

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
  const probed = results.slice(0, options.endpoints.length);
  const presets = options.presetContext;
  const endpoints = presets ? probed.map((e) => withPresetContext(e, presets)) : probed;
  const ollama = withOllama ? results.at(-1) : undefined;
  return summarise(endpoints, now(), ollama);
}
