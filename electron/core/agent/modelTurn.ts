import { randomUUID } from 'node:crypto';
import type { AgentEvent, FinishReason } from '../../../shared/agentEvents';
import { PunieError, isAbortError } from '../errors';
import type { ChatModel, ChatRequest, ModelStreamEvent, ToolCall } from '../models/types';
import { parseToolArgs } from '../tools/toolArgs';
import type { RunStatsTracker } from './runStats';

/**
 * Streams one model turn, turning the model's stream into AgentEvents as it
 * arrives and collecting the turn's text and tool calls. Retrying a request
 * that failed before any output is the model's own (models/retry.ts); a
 * failure here ends the turn.
 */

export interface TurnOptions {
  runId: string;
  model: ChatModel;
  request: ChatRequest;
  signal: AbortSignal;
  emit(event: AgentEvent): void;
  stats: RunStatsTracker;
  /** Receives the turn's text piece by piece as it streams, so a failure can keep the partial answer. */
  progress?: string[];
}

export interface TurnOutput {
  text: string;
  /** The turn's reasoning, however the server sent it (field or inline <think>). */
  reasoning: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
}

export async function streamTurn(options: TurnOptions): Promise<TurnOutput> {
  try {
    return await streamOnce(options);
  } catch (e) {
    if (options.signal.aborted || isAbortError(e) || e instanceof PunieError) throw e;
    throw new PunieError('stream-broken', 'The model stream failed unexpectedly.', { cause: e });
  }
}

async function streamOnce(options: TurnOptions): Promise<TurnOutput> {
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

  await model.streamTo(request, signal, handle);
  return { text: pieces.join(''), reasoning: reasoning.join(''), toolCalls, finishReason: finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop') };
}
