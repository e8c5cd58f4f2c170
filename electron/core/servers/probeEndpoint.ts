import type { ErrorData } from '../../../shared/errors';
import type { EndpointStatus, ServerKind } from '../../../shared/serverStatus';
import { hostOf } from '../../../shared/text';
import { PunieError } from '../errors';
import { createLogger } from '../log';
import { bearer, getJson, ProbeError, type JsonAnswer } from './httpJson';
import { readListing } from './modelListing';
import { confirmsKind, describeServer, detectionPaths, detectKind, KIND_PATHS } from './serverKind';

/**
 * Probes one endpoint: its `/models` first (a closed or silent port ends the
 * probe there), then, when it answers, the few paths that tell its kind and
 * its models' state. Every request has a short connect timeout and a time
 * bound cut to the probe's deadline, so a port that accepts and never
 * answers costs at most that bound. Never throws except when aborted.
 */
export interface ProbeEndpointOptions {
  signal: AbortSignal;
  /** The key configured for this endpoint, sent as a Bearer token. */
  apiKey?: string;
  /** Default 500 ms. */
  connectTimeoutMs?: number;
  /** Bound on each request. Default 1500 ms. */
  requestTimeoutMs?: number;
  /** Time (by `now`) when the probe must be over; later requests are cut short or skipped. */
  deadline?: number;
  /** The kind seen at this endpoint last time: only its paths are asked, unless the answers no longer fit it. */
  kindHint?: ServerKind;
  now?: () => number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 500;
export const DEFAULT_REQUEST_TIMEOUT_MS = 1500;
/** Model listings can be long (LM Studio with many downloads); details are small. */
const MAX_BYTES = 4 * 1024 * 1024;

const log = createLogger('servers:probe');

/** The server's root (where `/props`, `/health`, `/api/…` live): the base URL without its `/v1`. */
export function rootOf(baseURL: string): string {
  return baseURL.replace(/\/v1\/?$/, '');
}

type Fetched = { ok: true; answer: JsonAnswer } | { ok: false; error: ProbeError };

export async function probeEndpoint(url: string, options: ProbeEndpointOptions): Promise<EndpointStatus> {
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = options.deadline ?? started + (options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) * 3;
  const root = rootOf(url);
  const host = hostOf(url);

  // Until the server has answered its listing, each request gets the short bound (a silent port costs little);
  // once it has, it is there and maybe busy: what tells its kind may take the rest of the deadline, so a slow
  // answer does not silently turn LM Studio into an unnamed OpenAI-compatible server.
  let answered = false;
  const fetchOne = async (target: string): Promise<Fetched> => {
    const left = answered ? deadline - now() : Math.min(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, deadline - now());
    if (left <= 0) return { ok: false, error: new ProbeError('timeout', `${host} did not answer in time`) };
    try {
      const answer = await getJson(target, {
        signal: options.signal,
        connectTimeoutMs: Math.min(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, left),
        timeoutMs: left,
        maxBytes: MAX_BYTES,
        headers: bearer(options.apiKey),
      });
      return { ok: true, answer };
    } catch (e) {
      if (options.signal.aborted || (e instanceof ProbeError && e.kind === 'aborted')) throw new PunieError('aborted', 'Stopped.', { cause: e });
      return { ok: false, error: e instanceof ProbeError ? e : new ProbeError('other', e instanceof Error ? e.message : String(e), { cause: e }) };
    }
  };

  const answers = new Map<string, unknown>();
  const asked = new Set<string>();
  const ask = async (paths: readonly string[]) => {
    const fresh = paths.filter((p) => !asked.has(p));
    for (const p of fresh) asked.add(p);
    const results = await Promise.all(fresh.map((p) => fetchOne(`${root}${p}`)));
    results.forEach((r, i) => {
      if (r.ok && r.answer.status === 200 && r.answer.body !== undefined) answers.set(fresh[i]!, r.answer.body);
      else if (!r.ok) asked.delete(fresh[i]!); // no answer (cut short while the listing was awaited): it may be asked again
    });
  };

  const hint = options.kindHint === 'openai-compatible' ? undefined : options.kindHint;
  const firstBound = Math.max(0, Math.min(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, deadline - started));
  // A server seen before is asked for its kind's paths alongside the listing: one round trip.
  const hinted = hint ? ask(KIND_PATHS[hint]) : Promise.resolve();
  hinted.catch(() => undefined);
  const listing = await fetchOne(`${url}/models`);
  answered = listing.ok;
  const latencyMs = Math.max(0, now() - started);
  if (!listing.ok) {
    await hinted; // settles within the same bound: nothing of this probe outlives it
    const { state, error } = unreachable(listing.error, host, firstBound);
    log.debug('endpoint down', { url, reason: listing.error.kind });
    return { url, state, models: [], lastError: error, ...(state === 'error' ? { latencyMs } : {}), checkedAt: now() };
  }
  const entries = listing.answer.status === 200 ? readListing(listing.answer.body) : undefined;
  await hinted;
  if (!entries) return { url, state: 'error', models: [], lastError: notAListing(url, listing.answer), latencyMs, checkedAt: now() };

  let kind: ServerKind;
  if (hint && confirmsKind(hint, entries, answers)) kind = hint;
  else {
    await ask(detectionPaths(entries));
    kind = detectKind(entries, answers);
  }
  await ask(KIND_PATHS[kind]);
  const described = describeServer(kind, entries, answers);
  return {
    url,
    kind: described.kind,
    state: 'online',
    ...(described.version ? { version: described.version } : {}),
    ...(described.loadApi ? { loadApi: described.loadApi } : {}),
    models: described.models,
    latencyMs,
    checkedAt: now(),
  };
}

function unreachable(error: ProbeError, host: string, boundMs: number): { state: 'offline' | 'error'; error: ErrorData } {
  const hint = 'Start the model server, or check the address in Settings → Local servers.';
  switch (error.kind) {
    case 'refused':
      return { state: 'offline', error: { code: 'server-unavailable', message: `Nothing is listening at ${host}.`, hint } };
    case 'connect-timeout':
      return { state: 'offline', error: { code: 'server-unavailable', message: `No connection to ${host} (it did not accept one in time).`, hint } };
    case 'dns':
      return { state: 'offline', error: { code: 'server-unavailable', message: `The host of ${host} was not found.`, hint: 'Check the address in Settings → Local servers.' } };
    case 'timeout':
      return {
        state: 'error',
        error: {
          code: 'server-unavailable',
          message: `The server at ${host} accepts connections but did not answer within ${boundMs} ms.`,
          hint: 'It may be busy or stuck; restart it if this lasts.',
        },
      };
    case 'too-large':
      return { state: 'error', error: { code: 'unsupported', message: `The server at ${host} sent a model list too large to read.` } };
    default:
      return { state: 'error', error: { code: 'server-unavailable', message: `Could not reach ${host}: ${error.message}`, hint } };
  }
}

function notAListing(url: string, answer: JsonAnswer): ErrorData {
  const host = hostOf(url);
  if (answer.status === 401 || answer.status === 403) {
    return { code: 'auth-failed', message: `The server at ${host} wants an API key to list its models.`, hint: 'Set the key for this endpoint in Settings → Local servers.' };
  }
  if (answer.status === 404 || answer.status === 405) {
    return { code: 'model-not-found', message: `The server at ${url} answers but does not list its models (HTTP ${answer.status}).`, hint: `Name the model: local:${url}/<model>.` };
  }
  if (answer.status >= 500) return { code: 'server-error', message: `The server at ${host} failed to list its models (HTTP ${answer.status}).`, hint: 'Check the server’s own log.' };
  if (answer.status !== 200) return { code: 'server-error', message: `The server at ${host} answered HTTP ${answer.status} to its model list.` };
  return { code: 'unsupported', message: `The server at ${host} answers, but not with an OpenAI-style model list; it may not be a model server.`, hint: 'Check the address in Settings → Local servers.' };
}
