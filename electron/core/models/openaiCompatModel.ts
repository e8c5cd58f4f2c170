import type OpenAI from 'openai';
import type { ModelRef } from '../../../shared/agentEvents';
import type { ModelFamily } from '../../../shared/modelFamilies';
import type { ModelPreset } from '../../../shared/modelPreset';
import { isServerKind } from '../../../shared/serverStatus';
import { PunieError } from '../errors';
import { createLogger } from '../log';
import { classifyError, isUserAbort, wantsModelList, type ErrorContext } from './classifyError';
import { createIdleWatchdog, type IdleWatchdog } from './idleWatchdog';
import { openAIClient } from './openaiClients';
import { openAIChatBody } from './openaiRequest';
import { chunksFor, DEFAULT_OUTPUT_CAPS, OpenAITurnReader, type EmitModelEvent, type OutputCaps } from './openaiTurnReader';
import { DEFAULT_MAX_EVENT_CHARS, readChatStream } from './sseChatStream';
import { withRetry, type RetryOptions } from './retry';
import type { SamplingTarget } from './samplingParams';
import type { ChatModel, ChatRequest } from './types';

/**
 * One provider for every OpenAI-compatible server: LM Studio, mlx-lm.server,
 * llama.cpp, Ollama and OpenAI itself, through the `openai` SDK. It
 * normalises their streams into ModelStreamEvents and their failures into
 * PunieErrors.
 */
export interface OpenAICompatOptions {
  ref: ModelRef;
  baseURL: string;
  /** The key for this endpoint; local servers get a placeholder, never OPENAI_API_KEY. */
  apiKey: string;
  flavour: 'local' | 'openai';
  /** The preset it runs with (samplingParams.resolvePreset): its sampling fields go into every request. */
  preset?: ModelPreset;
  /** Its family, when the model id matched one: how replies are read and history is written for its template. */
  family?: ModelFamily;
  /** URLs tried, for error messages. */
  triedURLs?: readonly string[];
  /** Lists the server's models for model errors (bounded by the caller). */
  listModels?: (signal: AbortSignal) => Promise<string[]>;
  retry?: RetryOptions;
  /** Request timeout until the response headers, in ms. Default 10 minutes (slow prompt processing). */
  timeoutMs?: number;
  /** Longest silence between two chunks before the stream counts as broken. Default 5 minutes. */
  idleTimeoutMs?: number;
  /** What a server may send in one turn (tests lower these). Defaults: DEFAULT_MAX_EVENT_CHARS, DEFAULT_OUTPUT_CAPS. */
  streamCaps?: Partial<StreamCaps>;
}

/** Bounds on what a server may send: one event, and a turn's output. */
export interface StreamCaps extends Omit<OutputCaps, 'maxChunks'> {
  maxEventChars: number;
}

/** The placeholder local servers get when no key is configured for them. */
export const LOCAL_PLACEHOLDER_KEY = 'api-key-not-set';

const log = createLogger('models:openai');

export function createOpenAICompatModel(o: OpenAICompatOptions): ChatModel {
  const client = openAIClient({ baseURL: o.baseURL, apiKey: o.apiKey, flavour: o.flavour, timeoutMs: o.timeoutMs ?? 10 * 60_000 });
  const ctxBase: ErrorContext = {
    provider: o.ref.provider,
    baseURL: o.baseURL,
    model: o.ref.modelId,
    ...(o.triedURLs ? { triedURLs: o.triedURLs } : {}),
    ...(o.ref.serverKind ? { serverLabel: serverLabel(o.ref.serverKind) } : {}),
  };

  async function classified(e: unknown, partialText: string, signal: AbortSignal): Promise<PunieError> {
    const ctx: ErrorContext = { ...ctxBase, partialText };
    let error = classifyError(e, ctx);
    if (wantsModelList(error) && o.listModels && !signal.aborted) {
      const models = await o.listModels(signal).catch(() => undefined);
      // Classify the original failure again, now with the server's models.
      const original = e instanceof PunieError && e.cause !== undefined ? e.cause : e;
      if (models?.length) error = classifyError(original, { ...ctx, availableModels: models });
    }
    return error;
  }

  const caps: StreamCaps = { maxEventChars: DEFAULT_MAX_EVENT_CHARS, ...DEFAULT_OUTPUT_CAPS, ...o.streamCaps };

  /** A turn's stream, opened: the response whose body is read, the watchdog on it, and the reader turning its chunks into events. */
  interface OpenTurn {
    response: Response;
    watchdog: IdleWatchdog;
    reader: OpenAITurnReader;
  }

  /** Sends the request (retrying what may be retried before any output); throws classified or abort errors. */
  const target = samplingTarget(o);
  const bodyOptions = { model: o.ref.modelId, target, ...(o.preset ? { preset: o.preset } : {}), ...(o.family ? { family: o.family } : {}) };
  const startsInReasoning = o.family?.opensReasoningInPrompt !== undefined;

  async function open(request: ChatRequest, signal: AbortSignal): Promise<OpenTurn> {
    const body = openAIChatBody(request, bodyOptions);
    // A server that goes silent mid-stream must not hold the run forever.
    const watchdog = createIdleWatchdog(signal, o.idleTimeoutMs);
    try {
      // The SDK sends the request and turns HTTP failures into its errors; the body is read by readChatStream.
      const response = await withRetry(
        () => client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, { signal: watchdog.signal }).asResponse(),
        (e) => classifyError(e, ctxBase),
        signal,
        { ...o.retry, onRetry: (err, n, delay) => log.info('retrying', { code: err.code, attempt: n, delayMs: Math.round(delay) }) },
      );
      const tools = (request.tools ?? []).map((t) => ({ name: t.name, parameters: t.parameters }));
      const maxChunks = chunksFor(request.maxTokens);
      const outputCaps: OutputCaps = { maxOutputChars: caps.maxOutputChars, maxToolArgsChars: caps.maxToolArgsChars, ...(maxChunks === undefined ? {} : { maxChunks }) };
      return { response, watchdog, reader: new OpenAITurnReader({ tools, caps: outputCaps, ...(startsInReasoning ? { startsInReasoning } : {}) }) };
    } catch (e) {
      if (signal.aborted) throw abortError(signal);
      throw await classified(e, '', signal);
    }
  }

  const silent = (turn: OpenTurn) =>
    new PunieError('stream-broken', `The server at ${o.baseURL} sent nothing for ${turn.watchdog.label} and was given up on.`, {
      hint: turn.reader.partial ? 'The text received so far is kept. Try again.' : 'Try again; if it keeps happening, restart the server.',
      partialText: turn.reader.partial,
    });

  /** Reading the stream failed: throws what that means, or returns when the answer had already finished. */
  async function readFailed(e: unknown, turn: OpenTurn, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw abortError(signal);
    if (turn.watchdog.fired()) throw silent(turn);
    if (isUserAbort(e)) throw abortError(signal);
    // A server that drops the connection after its finish reason (before usage or [DONE]) still answered in full.
    if (turn.reader.finish === undefined) throw await classified(e, turn.reader.partial, signal);
    log.debug('stream ended uncleanly after its finish reason', { reason: e instanceof Error ? e.message : String(e) });
  }

  /** The stream ended: throws when it was cut short, else emits the turn's last events. */
  async function ended(turn: OpenTurn, signal: AbortSignal, emit: EmitModelEvent): Promise<void> {
    // A body cut by an abort may end quietly: say so.
    if (signal.aborted) throw abortError(signal);
    if (turn.watchdog.fired()) throw silent(turn);
    const finish = turn.reader.finish;
    if (finish === undefined) {
      throw await classified(Object.assign(new Error('the stream ended without a finish reason'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }), turn.reader.partial, signal);
    }
    turn.reader.end(finish, emit);
  }

  return {
    ref: o.ref,
    ...(o.preset ? { preset: o.preset } : {}),
    async streamTo(request: ChatRequest, signal: AbortSignal, onEvent: EmitModelEvent): Promise<void> {
      const turn = await open(request, signal);
      // A consumer's own failure is its own, never a stream error to classify.
      let consumerFailed: { error: unknown } | undefined;
      const deliver: EmitModelEvent = (event) => {
        try {
          onEvent(event);
        } catch (error) {
          consumerFailed = { error };
          throw error;
        }
      };
      turn.watchdog.arm();
      try {
        await readChatStream(turn.response.body, (raw) => turn.reader.chunk(raw, deliver), { caps: { maxEventChars: caps.maxEventChars }, onRead: turn.watchdog.arm });
      } catch (e) {
        if (consumerFailed) throw consumerFailed.error;
        await readFailed(e, turn, signal);
      } finally {
        turn.watchdog.stop();
      }
      await ended(turn, signal, onEvent);
    },
  };
}

/** Which server reads the requests: OpenAI, a local server of a known kind, or an unrecognised OpenAI-compatible one. */
function samplingTarget(o: OpenAICompatOptions): SamplingTarget {
  if (o.flavour === 'openai') return 'openai';
  return isServerKind(o.ref.serverKind) ? o.ref.serverKind : 'openai-compatible';
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'AbortError' ? reason : new DOMException('The request was aborted.', 'AbortError');
}

function serverLabel(kind: string): string {
  const labels: Record<string, string> = { lmstudio: 'LM Studio', 'mlx-lm': 'mlx-lm.server', 'llama.cpp': 'llama.cpp', ollama: 'Ollama' };
  return labels[kind] ?? 'the local server';
}
