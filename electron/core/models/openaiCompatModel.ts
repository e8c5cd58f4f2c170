import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import type { FinishReason, ModelRef, Usage } from '../../../shared/agentEvents';
import { PunieError } from '../errors';
import { createLogger } from '../log';
import { classifyError, isUserAbort, wantsModelList, type ErrorContext } from './classifyError';
import { createIdleWatchdog } from './idleWatchdog';
import { openAIChatBody } from './openaiRequest';
import { withRetry, type RetryOptions } from './retry';
import { ToolCallAssembler } from './toolCallAssembler';
import { ToolCallTextFilter } from './toolCallTextRecovery';
import type { ChatModel, ChatRequest, ModelStreamEvent } from './types';

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
  /** URLs tried, for error messages. */
  triedURLs?: readonly string[];
  /** Lists the server's models for model errors (bounded by the caller). */
  listModels?: (signal: AbortSignal) => Promise<string[]>;
  retry?: RetryOptions;
  /** Request timeout until the response headers, in ms. Default 10 minutes (slow prompt processing). */
  timeoutMs?: number;
  /** Longest silence between two chunks before the stream counts as broken. Default 5 minutes. */
  idleTimeoutMs?: number;
}

/** The placeholder local servers get when no key is configured for them. */
export const LOCAL_PLACEHOLDER_KEY = 'api-key-not-set';

const log = createLogger('models:openai');

const FINISH: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

export function createOpenAICompatModel(o: OpenAICompatOptions): ChatModel {
  const client = new OpenAI({
    apiKey: o.apiKey,
    baseURL: o.baseURL,
    // Explicit, so nothing from the environment (OPENAI_ORG_ID, OPENAI_PROJECT_ID) reaches a local server.
    organization: o.flavour === 'openai' ? undefined : null,
    project: o.flavour === 'openai' ? undefined : null,
    maxRetries: 0,
    timeout: o.timeoutMs ?? 10 * 60_000,
    logLevel: 'off',
  });
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

  return {
    ref: o.ref,
    async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ModelStreamEvent> {
      const body = openAIChatBody(request, { model: o.ref.modelId, flavour: o.flavour });
      const useTextRecovery = (request.tools?.length ?? 0) > 0;
      let partial = '';
      // A server that goes silent mid-stream must not hold the run forever.
      const watchdog = createIdleWatchdog(signal, o.idleTimeoutMs);
      let stream: AsyncIterable<unknown>;
      try {
        stream = await withRetry(
          () => client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, { signal: watchdog.signal }) as unknown as Promise<AsyncIterable<unknown>>,
          (e) => classifyError(e, ctxBase),
          signal,
          { ...o.retry, onRetry: (err, n, delay) => log.info('retrying', { code: err.code, attempt: n, delayMs: Math.round(delay) }) },
        );
      } catch (e) {
        if (signal.aborted) throw abortError(signal);
        throw await classified(e, '', signal);
      }

      const assembler = new ToolCallAssembler();
      const filter = new ToolCallTextFilter();
      const recovered: Array<{ name: string; argsText: string }> = [];
      let finish: FinishReason | undefined;
      // Some servers repeat a growing usage on many chunks: the last one counts.
      let usage: Usage | undefined;
      const silent = () =>
        new PunieError('stream-broken', `The server at ${o.baseURL} sent nothing for ${watchdog.label} and was given up on.`, {
          hint: partial ? 'The text received so far is kept. Try again.' : 'Try again; if it keeps happening, restart the server.',
          partialText: partial,
        });
      watchdog.arm();
      try {
        for await (const raw of stream) {
          watchdog.arm();
          const chunk = readChunk(raw);
          if (chunk.usage) usage = chunk.usage;
          if (chunk.reasoning) yield { type: 'reasoning-delta', text: chunk.reasoning };
          if (chunk.content) {
            const text = useTextRecovery ? filter.push(chunk.content) : { text: chunk.content, calls: [] };
            recovered.push(...text.calls);
            if (text.text) {
              partial += text.text;
              yield { type: 'text-delta', text: text.text };
            }
          }
          if (chunk.toolCalls) yield* assembler.push(chunk.toolCalls);
          if (chunk.finishReason) finish = FINISH[chunk.finishReason] ?? 'other';
        }
      } catch (e) {
        if (signal.aborted) throw abortError(signal);
        if (watchdog.fired()) throw silent();
        if (isUserAbort(e)) throw abortError(signal);
        // A server that drops the connection after its finish reason (before usage or [DONE]) still answered in full.
        if (finish === undefined) throw await classified(e, partial, signal);
        log.debug('stream ended uncleanly after its finish reason', { reason: e instanceof Error ? e.message : String(e) });
      } finally {
        watchdog.stop();
      }
      // The SDK ends the iteration quietly when aborted: say so.
      if (signal.aborted) throw abortError(signal);
      if (watchdog.fired()) throw silent();
      if (finish === undefined) {
        throw await classified(Object.assign(new Error('the stream ended without a finish reason'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }), partial, signal);
      }
      const rest = filter.flush();
      recovered.push(...rest.calls);
      if (rest.text) yield { type: 'text-delta', text: rest.text };

      const calls = assembler.finish();
      for (const call of calls) yield { type: 'tool-call', call };
      for (const c of recovered) {
        const call = { id: `call_${randomUUID().replaceAll('-', '').slice(0, 16)}`, name: c.name, argsText: c.argsText };
        yield { type: 'tool-call-start', id: call.id, name: call.name };
        yield { type: 'tool-call', call };
      }
      if ((calls.length || recovered.length) && finish === 'stop') finish = 'tool-calls';
      if (usage) yield { type: 'usage', usage };
      yield { type: 'finish', reason: finish };
    },
  };
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'AbortError' ? reason : new DOMException('The request was aborted.', 'AbortError');
}

function serverLabel(kind: string): string {
  const labels: Record<string, string> = { lmstudio: 'LM Studio', 'mlx-lm': 'mlx-lm.server', 'llama.cpp': 'llama.cpp', ollama: 'Ollama' };
  return labels[kind] ?? 'the local server';
}

interface ReadChunk {
  content?: string;
  reasoning?: string;
  toolCalls?: unknown[];
  finishReason?: string;
  usage?: Usage;
}

/** Reads the parts of a chunk we use, from any server's shape (choices may be empty; fields may be missing or null). */
export function readChunk(raw: unknown): ReadChunk {
  const out: ReadChunk = {};
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as { choices?: unknown; usage?: unknown };
  const usage = readUsage(r.usage);
  if (usage) out.usage = usage;
  const choice = Array.isArray(r.choices) ? (r.choices[0] as Record<string, unknown> | undefined) : undefined;
  if (!choice || typeof choice !== 'object') return out;
  // Some servers put usage on the choice (older llama.cpp).
  if (!out.usage) {
    const u = readUsage(choice.usage);
    if (u) out.usage = u;
  }
  const delta = (choice.delta && typeof choice.delta === 'object' ? choice.delta : {}) as Record<string, unknown>;
  if (typeof delta.content === 'string' && delta.content !== '') out.content = delta.content;
  const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : typeof delta.reasoning === 'string' ? delta.reasoning : '';
  if (reasoning !== '') out.reasoning = reasoning;
  if (Array.isArray(delta.tool_calls) && delta.tool_calls.length) out.toolCalls = delta.tool_calls;
  if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') out.finishReason = choice.finish_reason;
  return out;
}

function readUsage(u: unknown): Usage | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const { prompt_tokens, completion_tokens, total_tokens } = u as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const usage: Usage = {};
  if (n(prompt_tokens) !== undefined) usage.inputTokens = n(prompt_tokens)!;
  if (n(completion_tokens) !== undefined) usage.outputTokens = n(completion_tokens)!;
  if (n(total_tokens) !== undefined) usage.totalTokens = n(total_tokens)!;
  return Object.keys(usage).length ? usage : undefined;
}
