import type { ErrorData } from '../../../shared/errors';
import { PunieError } from '../errors';
import { bearer, getJson, postJson, ProbeError, type JsonAnswer } from './httpJson';
import { readLmStudioV1 } from './lmstudioListing';
import { nonEmptyString, positiveInt } from './modelListing';
import { hostOf } from '../../../shared/text';
import { isRecord } from '../../../shared/isRecord';

/**
 * LM Studio 0.4's REST API for loading and unloading models (its docs:
 * developer/rest/load, unload, list):
 *
 * - `POST /api/v1/models/load` `{ model, context_length?, echo_load_config }`
 *   answers once the model is loaded: `{ type, instance_id,
 *   load_time_seconds, status: "loaded", load_config: { context_length, … } }`.
 *   A model that is loaded already gets another instance (`key:2`), so a
 *   reload unloads first.
 * - `POST /api/v1/models/unload` `{ instance_id }` → `{ instance_id }`.
 * - `GET /api/v1/models`: each model's `loaded_instances[].id` and `config.context_length`.
 *
 * Errors come as `{ error: { type, message } }` (or a bare string on older
 * builds); the server's own words reach the user.
 */

export interface RestOptions {
  signal: AbortSignal;
  /** The key configured for this endpoint, sent as a Bearer token. */
  apiKey?: string;
  /** Bound on the request; a load can take minutes. */
  timeoutMs: number;
}

export interface Instances {
  ids: string[];
  /** The first instance's context. */
  contextLength?: number;
}

/** The loaded instances of `model` (none when it is not loaded); throws when the listing does not answer. */
export async function lmstudioInstances(root: string, model: string, options: RestOptions): Promise<Instances> {
  const answer = await call(() => getJson(`${root}/api/v1/models`, { signal: options.signal, timeoutMs: options.timeoutMs, headers: bearer(options.apiKey), maxBytes: 4 * 1024 * 1024 }), root);
  if (answer.status !== 200) throw restError(answer, root, 'list its models');
  const listing = readLmStudioV1(answer.body);
  if (!listing) throw new PunieError('unsupported', `LM Studio at ${hostOf(root)} did not list its models at /api/v1/models.`, { hint: 'Its REST API needs LM Studio 0.4 or later.' });
  const instances = listing.find((e) => e.key === model)?.loaded_instances ?? [];
  const ids = instances.flatMap((i) => (i.id ? [i.id] : []));
  const contextLength = instances[0]?.config?.context_length ?? undefined;
  return { ids, ...(contextLength ? { contextLength } : {}) };
}

/** Loads `model` (with `contextLength` when given); answers the instance and the context it loaded with. */
export async function lmstudioLoad(root: string, model: string, contextLength: number | undefined, options: RestOptions): Promise<{ instanceId: string; contextLength?: number }> {
  const body = { model, ...(contextLength ? { context_length: contextLength } : {}), echo_load_config: true };
  const answer = await call(() => postJson(`${root}/api/v1/models/load`, body, { signal: options.signal, timeoutMs: options.timeoutMs, connectTimeoutMs: 2_000, headers: bearer(options.apiKey) }), root);
  if (answer.status !== 200 || !isRecord(answer.body)) throw restError(answer, root, `load ${model}`);
  const instanceId = nonEmptyString(answer.body.instance_id) ?? model;
  const loaded = isRecord(answer.body.load_config) ? positiveInt(answer.body.load_config.context_length) : undefined;
  return { instanceId, ...((loaded ?? contextLength) ? { contextLength: loaded ?? contextLength } : {}) };
}

export async function lmstudioUnload(root: string, instanceId: string, options: RestOptions): Promise<void> {
  const answer = await call(() => postJson(`${root}/api/v1/models/unload`, { instance_id: instanceId }, { signal: options.signal, timeoutMs: options.timeoutMs, connectTimeoutMs: 2_000, headers: bearer(options.apiKey) }), root);
  if (answer.status !== 200) throw restError(answer, root, `unload ${instanceId}`);
}

async function call(request: () => Promise<JsonAnswer>, root: string): Promise<JsonAnswer> {
  try {
    return await request();
  } catch (e) {
    if (e instanceof ProbeError && e.kind === 'aborted') throw new PunieError('aborted', 'Stopped.', { cause: e });
    const host = hostOf(root);
    if (e instanceof ProbeError && e.kind === 'timeout') throw new PunieError('server-unavailable', `LM Studio at ${host} did not answer in time.`, { cause: e, hint: 'It may still be loading; look in LM Studio.' });
    throw new PunieError('server-unavailable', `Could not reach LM Studio at ${host}: ${e instanceof Error ? e.message : String(e)}`, { cause: e, hint: 'Check that its server is running.' });
  }
}

/** The server's own message from an error body: `{ error: { message } }`, `{ error: "…" }`, `{ message }`. */
export function serverMessage(body: unknown, text: string): string | undefined {
  if (isRecord(body)) {
    if (isRecord(body.error) && nonEmptyString(body.error.message)) return body.error.message as string;
    if (nonEmptyString(body.error)) return body.error as string;
    if (nonEmptyString(body.message)) return body.message as string;
  }
  const plain = text.trim();
  return plain && plain.length <= 300 ? plain : undefined;
}

function restError(answer: JsonAnswer, root: string, what: string): PunieError {
  const host = hostOf(root);
  const said = serverMessage(answer.body, answer.text);
  const message = `LM Studio at ${host} could not ${what}${said ? `: ${said}` : ` (HTTP ${answer.status})`}`;
  const data: ErrorData =
    answer.status === 401 || answer.status === 403
      ? { code: 'auth-failed', message, hint: 'Set the key for this endpoint in Settings → Local servers (LM Studio → Developer → API tokens).' }
      : answer.status === 404
        ? { code: 'model-not-found', message, hint: 'Run `punie models` for the models LM Studio has.' }
        : answer.status >= 500
          ? { code: 'server-error', message, hint: "LM Studio's own log says more (Developer → Logs)." }
          : { code: 'bad-request', message };
  return new PunieError(data.code, data.message, data.hint ? { hint: data.hint } : {});
}
