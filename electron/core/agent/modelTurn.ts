import { randomUUID } from 'node:crypto';
import type { AgentEvent, FinishReason } from '../../../shared/agentEvents';
import { isRetryable } from '../../../shared/errors';
import { PunieError, isAbortError } from '../errors';
import { createLogger } from '../log';
import type { ChatModel, ChatRequest, ModelStreamEvent, ToolCall } from '../models/types';
import { parseToolArgs } from '../tools/toolArgs';
import type { RunStatsTracker } from './runStats';

/**
 * Streams one model turn, turning the model's stream into AgentEvents as it
 * arrives and collecting the turn's text and tool calls. A retryable failure
 * (shared/errors isRetryable) is retried with bounded exponential backoff,
 * but only while the turn has produced nothing: once output reached a face,
 * a retry would show it twice.
 */

const log = createLogger('agent:turn');

export interface TurnRetryOptions {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface TurnOptions {
  runId: string;
  model: ChatModel;
  request: ChatRequest;
  signal: AbortSignal;
  emit(event: AgentEvent): void;
  stats: RunStatsTracker;
  retry?: TurnRetryOptions;
  /** Receives the turn's text piece by piece as it streams (emptied when an attempt begins), so a failure can keep the partial answer. */
  progress?: string[];
}

export interface TurnOutput {
  text: string;
  /** The turn's reasoning, however the server sent it (field or inline <think>). */
  reasoning: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
}

const MAX_ATTEMPTS_CAP = 6;

export async function streamTurn(options: TurnOptions): Promise<TurnOutput> {
  const retry = options.retry ?? {};
  const maxAttempts = Math.max(1, Math.min(retry.maxAttempts ?? 3, MAX_ATTEMPTS_CAP));
  const sleep = retry.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    const state = { produced: false };
    try {
      return await streamOnce(options, state);
    } catch (e) {
      if (options.signal.aborted || isAbortError(e)) throw e;
      const error = e instanceof PunieError ? e : new PunieError('stream-broken', 'The model stream failed unexpectedly.', { cause: e });
      if (state.produced || attempt >= maxAttempts || !isRetryable(error.code)) throw error;
      const delay = Math.min(retry.maxDelayMs ?? 8_000, (retry.baseDelayMs ?? 500) * 2 ** (attempt - 1));
      log.info('retrying the model request', { code: error.code, attempt, delayMs: delay });
      await sleep(delay, options.signal);
    }
  }
}

async function streamOnce(options: TurnOptions, state: { produced: boolean }): Promise<TurnOutput> {
  const { runId, emit, stats, model, request, signal } = options;
  // The turn's text, piece by piece (one array entry a token, joined once at the end).
  const pieces = options.progress ?? [];
  pieces.length = 0;
  const reasoning: string[] = [];
  let finishReason: FinishReason | undefined;
  const toolCalls: ToolCall[] = [];
  const started = new Set<string>();
  const ready = new Set<string>();

  const handle = (event: ModelStreamEvent) => {
    state.produced = true;
    switch (event.type) {
      case 'text-delta':
        if (!event.text) break;
        stats.noteToken();
        pieces.push(event.text);
        emit({ type: 'text-delta', runId, delta: event.text });
        break;
      case 'reasoning-delta':
        if (!event.text) break;
        stats.noteToken();
        reasoning.push(event.text);
        emit({ type: 'reasoning-delta', runId, delta: event.text });
        break;
      case 'notice':
        emit({ type: 'notice', runId, code: event.code, message: event.message });
        break;
      case 'tool-call-start':
        stats.noteOutput();
        if (!event.id || started.has(event.id)) break;
        started.add(event.id);
        emit({ type: 'tool-call-start', runId, callId: event.id, name: event.name });
        break;
      case 'tool-call-delta':
        if (started.has(event.id) && !ready.has(event.id) && event.argsDelta) {
          emit({ type: 'tool-call-args-delta', runId, callId: event.id, delta: event.argsDelta });
        }
        break;
      case 'tool-call': {
        stats.noteOutput();
        // A call must have an id of its own: make one when the server sent none or repeated one.
        const id = event.call.id && !ready.has(event.call.id) ? event.call.id : `call_${randomUUID().slice(0, 12)}`;
        const call: ToolCall = { id, name: event.call.name, argsText: event.call.argsText };
        if (!started.has(id)) {
          started.add(id);
          emit({ type: 'tool-call-start', runId, callId: id, name: call.name });
          if (call.argsText) emit({ type: 'tool-call-args-delta', runId, callId: id, delta: call.argsText });
        }
        ready.add(id);
        toolCalls.push(call);
        const parsed = parseToolArgs(call.argsText);
        emit({ type: 'tool-call-ready', runId, callId: id, name: call.name, args: parsed.ok ? parsed.value : undefined, argsText: call.argsText });
        break;
      }
      case 'usage':
        stats.addUsage(event.usage);
        emit({ type: 'usage', runId, usage: event.usage });
        break;
      case 'finish':
        finishReason = event.reason;
        break;
    }
  };

  // The push form saves an async hop per token; a model without it is iterated.
  if (model.streamTo) await model.streamTo(request, signal, handle);
  else for await (const event of model.stream(request, signal)) handle(event);
  return { text: pieces.join(''), reasoning: reasoning.join(''), toolCalls, finishReason: finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop') };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new PunieError('aborted', 'Stopped.'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new PunieError('aborted', 'Stopped.'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
