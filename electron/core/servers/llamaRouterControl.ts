import { PunieError } from '../errors';
import { setTimeout as sleep } from 'node:timers/promises';
import { bearer, getJson, postJson, ProbeError, type JsonAnswer } from './httpJson';
import { serverMessage } from './lmstudioRest';
import { positiveInt } from './modelListing';
import { hostOf } from '../../../shared/text';
import { isRecord } from '../../../shared/isRecord';

/**
 * llama-server's router (`--models-dir`, its tools/server/server-models.cpp):
 * `POST /models/load { model }` answers `{ success: true }` at once and the
 * model's `status.value` in `/v1/models` goes `loading` → `loaded` (or back
 * to `unloaded` with `failed: true` and its `exit_code`); `POST
 * /models/unload { model }` unloads a model, or stops one that is loading.
 * Every model loads with the arguments the router was started with, so the
 * context cannot be chosen per load.
 */

export interface RouterOptions {
  signal: AbortSignal;
  apiKey?: string;
  /** Bound on the whole load. */
  timeoutMs: number;
  /** How often the listing is read while a model loads. Default 250 ms. */
  pollMs?: number;
}

const REQUEST_TIMEOUT_MS = 5_000;

interface RouterEntry {
  status?: string;
  failed?: boolean;
  exitCode?: number;
  nCtx?: number;
}

/** Loads `model` and waits until it is up; answers the context its slot has. A load stopped by the signal is unloaded. */
export async function routerLoad(root: string, model: string, options: RouterOptions): Promise<{ contextLength?: number }> {
  const host = hostOf(root);
  const answer = await call(() => postJson(`${root}/models/load`, { model }, { signal: options.signal, timeoutMs: REQUEST_TIMEOUT_MS, headers: bearer(options.apiKey) }), host);
  const said = serverMessage(answer.body, answer.text);
  // A model already loading (or up) is waited for like one this request started.
  if (answer.status !== 200 && !(answer.status === 400 && said === 'model is already running')) throw routerError(answer, host, `load ${model}`);
  const deadline = Date.now() + options.timeoutMs;
  try {
    while (Date.now() < deadline) {
      await sleep(options.pollMs ?? 250, undefined, { signal: options.signal });
      const entry = await routerEntry(root, model, options);
      if (entry?.status === 'loaded') return entry.nCtx ? { contextLength: entry.nCtx } : {};
      if (!entry) throw new PunieError('model-not-found', `llama-server at ${host} no longer lists ${model}.`);
      if (entry.status === 'unloaded' && entry.failed) {
        throw new PunieError('server-error', `llama-server at ${host} could not load ${model}${entry.exitCode === undefined ? '' : ` (its model server exited with code ${entry.exitCode})`}.`, {
          hint: "The router's log says why (often: not enough memory for its context).",
        });
      }
    }
    throw new PunieError('server-unavailable', `llama-server at ${host} did not load ${model} within ${Math.round(options.timeoutMs / 1000)} s.`);
  } catch (e) {
    if (options.signal.aborted || (e instanceof PunieError && (e.code === 'aborted' || e.code === 'server-unavailable'))) {
      // Stop the load on the server (the router stops a model that is loading): best effort, bounded.
      await postJson(`${root}/models/unload`, { model }, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), timeoutMs: REQUEST_TIMEOUT_MS, headers: bearer(options.apiKey) }).catch(() => undefined);
    }
    if (options.signal.aborted) throw new PunieError('aborted', 'Stopped.', { cause: e });
    throw e;
  }
}

export async function routerUnload(root: string, model: string, options: Pick<RouterOptions, 'signal' | 'apiKey'>): Promise<void> {
  const host = hostOf(root);
  const answer = await call(() => postJson(`${root}/models/unload`, { model }, { signal: options.signal, timeoutMs: REQUEST_TIMEOUT_MS, headers: bearer(options.apiKey) }), host);
  if (answer.status !== 200) throw routerError(answer, host, `unload ${model}`);
}

async function routerEntry(root: string, model: string, options: RouterOptions): Promise<RouterEntry | undefined> {
  const answer = await call(() => getJson(`${root}/v1/models`, { signal: options.signal, timeoutMs: REQUEST_TIMEOUT_MS, headers: bearer(options.apiKey), maxBytes: 4 * 1024 * 1024 }), hostOf(root));
  const data = isRecord(answer.body) && Array.isArray(answer.body.data) ? answer.body.data : [];
  const raw = data.find((d: unknown) => isRecord(d) && d.id === model) as Record<string, unknown> | undefined;
  if (!raw) return undefined;
  const status = isRecord(raw.status) ? raw.status : {};
  return {
    ...(typeof status.value === 'string' ? { status: status.value } : {}),
    ...(status.failed === true ? { failed: true } : {}),
    ...(typeof status.exit_code === 'number' ? { exitCode: status.exit_code } : {}),
    ...(isRecord(raw.meta) && positiveInt(raw.meta.n_ctx) ? { nCtx: positiveInt(raw.meta.n_ctx)! } : {}),
  };
}

async function call(request: () => Promise<JsonAnswer>, host: string): Promise<JsonAnswer> {
  try {
    return await request();
  } catch (e) {
    if (e instanceof ProbeError && e.kind === 'aborted') throw new PunieError('aborted', 'Stopped.', { cause: e });
    throw new PunieError('server-unavailable', `Could not reach llama-server at ${host}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function routerError(answer: JsonAnswer, host: string, what: string): PunieError {
  const said = serverMessage(answer.body, answer.text);
  const message = `llama-server at ${host} could not ${what}${said ? `: ${said}` : ` (HTTP ${answer.status})`}.`;
  if (answer.status === 401 || answer.status === 403) return new PunieError('auth-failed', message, { hint: 'Set the key for this endpoint in Settings → Local servers.' });
  if (answer.status === 404 || said === 'model is not found') return new PunieError('model-not-found', message, { hint: 'Run `punie models` for the models it lists.' });
  if (answer.status >= 500) return new PunieError('server-error', message);
  return new PunieError('bad-request', message);
}
