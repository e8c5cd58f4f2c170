import type { ModelProvider } from '../../../shared/modelSpec';
import { isAbortError, PunieError } from '../errors';
import { clipText } from '../../../shared/text';
import { PROVIDER_LABELS, serverUnavailable } from '../serverUnavailable';

/**
 * Turns whatever a provider SDK, fetch or a stream threw into a PunieError
 * with a stable code and a message a user can act on: the server's own words
 * where it gave any, the URLs tried, the models the server does have.
 */
export interface ErrorContext {
  provider: ModelProvider;
  /** The base URL the request went to. */
  baseURL?: string;
  /** The model id sent. */
  model?: string;
  /** Every URL tried, for `server-unavailable`. Defaults to [baseURL]. */
  triedURLs?: readonly string[];
  /** Text received before the failure; when set, transport failures are `stream-broken`. */
  partialText?: string;
  /** The models the server lists, for model errors. */
  availableModels?: readonly string[];
  /** A label for the server kind (LM Studio, llama.cpp…), when known. */
  serverLabel?: string;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL']);
const BROKEN_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_BODY_TIMEOUT', 'ERR_STREAM_PREMATURE_CLOSE']);

const CONTEXT_OVERFLOW = /context[ _-]?(length|window|size)|too many tokens|maximum context|exceeds? the (available )?context|prompt is too long|n_ctx|context_length_exceeded|input is too long|reduce the length/i;
const NOT_LOADED = /no models? (are |is )?loaded|model is not loaded|not loaded|model unloaded|load a model/i;
const NOT_FOUND = /model.*(not found|does not exist|not exist|unknown|invalid|no such)|(not found|unknown|invalid|no such).*model|repository not found|try pulling it|model_not_found|not_found_error|invalid model identifier/i;

/** The status-code-bearing part of an SDK error (both SDKs share this shape). */
interface HttpErrorLike {
  status: number;
  error?: unknown;
  message: string;
  headers?: { get(name: string): string | null } | undefined;
}

function asHttpError(e: unknown): HttpErrorLike | undefined {
  if (!(e instanceof Error)) return undefined;
  const status = (e as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 ? (e as unknown as HttpErrorLike) : undefined;
}

/** Error codes along the cause chain (fetch nests them: TypeError → cause → code). */
export function causeCodes(e: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; depth < 6 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const errors = (cur as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const inner of errors.slice(0, 4)) codes.push(...causeCodes(inner));
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

/** The SDKs' error classes keep `name === 'Error'`; their constructor names tell them apart. */
function className(e: unknown): string {
  return e instanceof Error ? e.constructor.name : '';
}

/** An abort from us: DOM AbortError, or either SDK's APIUserAbortError. */
export function isUserAbort(e: unknown): boolean {
  return isAbortError(e) || className(e) === 'APIUserAbortError';
}

function isConnectFailure(e: unknown): boolean {
  if (className(e) === 'APIConnectionTimeoutError') return true;
  return causeCodes(e).some((c) => CONNECT_CODES.has(c));
}

function isTransportBreak(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e instanceof SyntaxError) return true;
  if (causeCodes(e).some((c) => BROKEN_CODES.has(c))) return true;
  return /terminated|other side closed|socket hang up|premature close/i.test(e.message) || className(e) === 'APIConnectionError';
}

/** The server's own words from an error body: `{error: "…"}`, `{error: {message}}`, `{message}`, or text. */
export function serverWords(e: unknown): string | undefined {
  const pick = (v: unknown, depth: number): string | undefined => {
    if (depth > 4 || v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
    if (typeof v !== 'object') return undefined;
    const o = v as Record<string, unknown>;
    return pick(o.message, depth + 1) ?? pick(o.error, depth + 1) ?? pick(o.detail, depth + 1);
  };
  const http = asHttpError(e);
  const fromBody = http ? pick(http.error, 0) : undefined;
  if (fromBody) return truncate(fromBody);
  if (e instanceof Error && e.message) return truncate(e.message.replace(/^\d{3}\s+/, ''));
  return undefined;
}

function truncate(s: string): string {
  return clipText(s, 500);
}

function where(ctx: ErrorContext): string {
  if (ctx.provider === 'local') return `${ctx.serverLabel ?? 'the local server'}${ctx.baseURL ? ` at ${ctx.baseURL}` : ''}`;
  if (ctx.provider === 'ollama') return `Ollama${ctx.baseURL ? ` at ${ctx.baseURL}` : ''}`;
  return PROVIDER_LABELS[ctx.provider];
}

function said(words: string | undefined): string {
  if (!words) return '';
  return ` The server said: ${words}${/[.!?]$/.test(words) ? '' : '.'}`;
}

function availableList(ctx: ErrorContext): string {
  const models = ctx.availableModels ?? [];
  if (models.length === 0) return '';
  const shown = models.slice(0, 10).join(', ');
  return ` Models it has: ${shown}${models.length > 10 ? `, and ${models.length - 10} more` : ''}.`;
}

/** Classifies a failure. Already-classified PunieErrors pass through unchanged. */
export function classifyError(e: unknown, ctx: ErrorContext): PunieError {
  if (e instanceof PunieError) return e;
  if (isUserAbort(e)) return new PunieError('aborted', 'Stopped.', { cause: e, partialText: ctx.partialText });
  const partial = ctx.partialText ?? '';
  const http = asHttpError(e);

  if (!http) {
    if (partial === '' && isConnectFailure(e)) return serverUnavailable(ctx, e);
    if (partial !== '' || e instanceof SyntaxError || isTransportBreak(e)) {
      const what = e instanceof SyntaxError ? 'sent a malformed stream' : 'closed the stream';
      return new PunieError('stream-broken', `${capitalise(where(ctx))} ${what} before the answer was complete.${said(e instanceof SyntaxError ? undefined : serverWords(e))}`, {
        hint: partial ? 'The text received so far is kept. Try again.' : 'Try again; if it keeps happening, restart the server.',
        cause: e,
        partialText: partial,
      });
    }
    return new PunieError('internal', `Unexpected failure talking to ${where(ctx)}: ${serverWords(e) ?? 'unknown error'}`, { cause: e, partialText: partial });
  }

  const words = serverWords(e);
  const status = http.status;
  const model = ctx.model ? `"${ctx.model}"` : 'the model';
  const opts = { cause: e, partialText: partial };
  if (status === 401 || status === 403) {
    const hint =
      ctx.provider === 'openai'
        ? 'Check OPENAI_API_KEY or the OpenAI key in Settings.'
        : ctx.provider === 'anthropic'
          ? 'Check ANTHROPIC_API_KEY or the Anthropic key in Settings.'
          : 'Set the key for this endpoint in Settings → Local servers.';
    return new PunieError('auth-failed', `${capitalise(where(ctx))} refused the credentials (${status}).${said(words)}`, { ...opts, hint });
  }
  if (status === 429) return new PunieError('rate-limited', `${capitalise(where(ctx))} is rate-limiting requests (429).${said(words)}`, { ...opts, hint: 'Wait a moment and try again.' });
  if (words && CONTEXT_OVERFLOW.test(words) && status < 500) {
    return new PunieError('context-overflow', `The conversation is too long for ${model}'s context window.${said(words)}`, {
      ...opts,
      hint: 'Start a new conversation, or load the model with a larger context length.',
    });
  }
  if (status === 400 || status === 404 || status === 422) {
    if (words && NOT_LOADED.test(words)) {
      return new PunieError('model-not-loaded', `${model === 'the model' ? 'No model' : `Model ${model}`} is not loaded on ${where(ctx)}.${said(words)}${availableList(ctx)}`, {
        ...opts,
        hint: ctx.serverLabel === 'LM Studio' || ctx.provider === 'local' ? 'Load a model in your server (LM Studio: Developer tab, or `lms load`), or pick one it has.' : 'Load the model first, or pick one the server has.',
      });
    }
    if (status === 404 || (words && NOT_FOUND.test(words))) {
      return new PunieError('model-not-found', `${capitalise(where(ctx))} does not have model ${model}.${said(words)}${availableList(ctx)}`, {
        ...opts,
        hint: ctx.provider === 'ollama' ? `Pull it first: ollama pull ${ctx.model ?? '<model>'}` : 'Check the model id, or pick one of the models listed.',
      });
    }
    return new PunieError('bad-request', `${capitalise(where(ctx))} rejected the request (${status}).${said(words)}`, opts);
  }
  if (status >= 500) {
    return new PunieError('server-error', `${capitalise(where(ctx))} failed (${status}).${said(words)}`, { ...opts, hint: 'Try again; if it keeps happening, check the server log.' });
  }
  return new PunieError('bad-request', `${capitalise(where(ctx))} rejected the request (${status}).${said(words)}`, opts);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Milliseconds the server asked us to wait (Retry-After, seconds or a date), when it said. */
export function retryAfterMs(e: unknown, now = Date.now()): number | undefined {
  const value = asHttpError(e)?.headers?.get?.('retry-after') ?? null;
  const cause = e instanceof PunieError ? e.cause : undefined;
  if (value === null) return cause === undefined ? undefined : retryAfterMs(cause, now);
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** True for a model error whose message would be better with the server's model list. */
export function wantsModelList(e: PunieError): boolean {
  return e.code === 'model-not-loaded' || e.code === 'model-not-found';
}
