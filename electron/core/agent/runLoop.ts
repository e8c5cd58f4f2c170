import type { AgentEvent, AgentEventOf } from '../../../shared/agentEvents';
import { PunieError, isAbortError, toErrorData } from '../errors';
import { createLogger } from '../log';
import { replyCap } from '../models/samplingParams';
import type { ChatMessage, ChatModel, ToolSpec } from '../models/types';
import type { ToolRegistry } from '../tools/toolRegistry';
import type { ToolContext } from '../tools/toolTypes';
import { answerReserve } from '../../../shared/contextBudget';
import { messagesTokens, tokensToChars } from './contextBudget';
import { fitRunMessages } from './fitRunMessages';
import { streamTurn } from './modelTurn';
import type { PermissionBroker } from './permissionBroker';
import { RepeatedFailures } from './repeatedFailures';
import { RunStatsTracker } from './runStats';
import { runToolCall } from './toolCallRunner';

/**
 * The agent loop: model turn → tool calls → results → next turn, until the
 * model answers without tools or a bound is reached. It emits every event of
 * the run after `run-start` (which the caller emits) and always ends with
 * exactly one of `run-finish`, `run-error`, `run-abort`, which it also
 * returns. It never throws.
 */

const log = createLogger('agent:loop');

export const DEFAULT_MAX_TURNS = 50;
/** Failures in a row of the same call that end a run. */
export const REPEATED_FAILURE_LIMIT = 3;
export const EMPTY_ANSWER_NUDGE = 'Your last reply was empty. Please answer my request now, in plain text.';
/** A single tool result may use this share of the model's context at most. */
const MAX_RESULT_SHARE = 0.4;

export type TerminalEvent = AgentEventOf<'run-finish' | 'run-error' | 'run-abort'>;

export interface RunLoopOptions {
  runId: string;
  model: ChatModel;
  /** The system prompt, earlier history and the new user prompt, in order. The loop appends to a copy. */
  messages: readonly ChatMessage[];
  /** The tools and their context; undefined runs without tools (no workspace). */
  tools?: { registry: ToolRegistry; context: ToolContext };
  broker: PermissionBroker;
  emit(event: AgentEvent): void;
  signal: AbortSignal;
  maxTurns?: number;
  /** Monotonic clock in ms; default performance.now. */
  clock?: () => number;
  /** Clock value when the run started (before the model was created); default now. */
  startedAt?: number;
}

export async function runLoop(options: RunLoopOptions): Promise<TerminalEvent> {
  const { runId, model, signal } = options;
  const clock = options.clock ?? (() => performance.now());
  const stats = new RunStatsTracker(options.startedAt ?? clock(), clock);
  const maxTurns = Math.max(1, options.maxTurns ?? DEFAULT_MAX_TURNS);
  const specs: ToolSpec[] = options.tools ? options.tools.registry.specs() : [];
  const messages: ChatMessage[] = [...options.messages];
  const failures = new RepeatedFailures(REPEATED_FAILURE_LIMIT);
  const contextLength = model.ref.contextLength;
  const maxResultChars = contextLength ? tokensToChars(Math.floor(contextLength * MAX_RESULT_SHARE)) : undefined;
  /** The current turn's text so far, piece by piece (streamTurn keeps it up to date), for a run that ends mid-turn. */
  const partial: string[] = [];
  const partialText = () => partial.join('');
  let nudged = false;
  let ended: TerminalEvent | undefined;

  const emit = (event: AgentEvent) => {
    if (ended) return; // nothing after the terminal event
    try {
      options.emit(event);
    } catch (e) {
      log.error('an event listener threw', { type: event.type, error: e instanceof Error ? e.message : String(e) });
    }
  };
  const end = (event: TerminalEvent): TerminalEvent => {
    emit(event);
    ended = event;
    return event;
  };
  const aborted = () => end({ type: 'run-abort', runId, partialText: partialText(), stats: stats.snapshot() });

  try {
    for (let turn = 1; turn <= maxTurns; turn++) {
      if (signal.aborted) return aborted();
      emit({ type: 'turn-start', runId, turn });
      stats.startTurn();
      partial.length = 0;
      if (contextLength) fitRunMessages(messages, contextLength - answerReserve(contextLength) - tokensOfTools(specs), options.messages.length);
      const cap = replyCap(model.preset?.maxOutputTokens, contextLength, contextLength ? messagesTokens(messages) + tokensOfTools(specs) : 0);
      const output = await streamTurn({
        runId,
        model,
        request: { messages: [...messages], ...(specs.length > 0 ? { tools: specs } : {}), ...(cap === undefined ? {} : { maxTokens: cap }) },
        signal,
        emit,
        stats,
        progress: partial,
      });
      stats.endTurn();

      if (output.toolCalls.length === 0) {
        if (output.text.trim() === '' && !nudged && turn < maxTurns) {
          nudged = true;
          messages.push({ role: 'user', content: EMPTY_ANSWER_NUDGE });
          continue;
        }
        return end({ type: 'run-finish', runId, finishReason: output.finishReason, text: output.text, stats: stats.snapshot() });
      }

      // The reasoning rides along for a template that reads it back within the run (the provider decides).
      messages.push({ role: 'assistant', content: output.text, toolCalls: output.toolCalls, ...(output.reasoning ? { reasoning: output.reasoning } : {}) });
      // A failing call counts once per answer: copies of it in the same answer were written before the model saw the error.
      const countedThisTurn = new Set<string>();
      for (const call of output.toolCalls) {
        if (signal.aborted) return aborted();
        const outcome = await runToolCall(call, {
          runId,
          tools: options.tools,
          broker: options.broker,
          emit,
          signal,
          clock,
          ...(maxResultChars === undefined ? {} : { maxResultChars }),
        });
        messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: outcome.content });
        if (signal.aborted) return aborted();
        if (outcome.ok) {
          failures.succeed(outcome.successKeys);
        } else if (outcome.failureKey && !countedThisTurn.has(outcome.failureKey)) {
          countedThisTurn.add(outcome.failureKey);
          if (!failures.fail(outcome.failureKey)) continue;
          return end({
            type: 'run-error',
            runId,
            error: {
              code: outcome.error.code === 'invalid-tool-call' ? 'invalid-tool-call' : 'tool-failed',
              message: `The model made the same failing ${call.name} call ${REPEATED_FAILURE_LIMIT} times in a row, so the run was stopped. Last error: ${outcome.error.message}`,
              hint: 'Try rephrasing the request, or use a model that handles tools better.',
            },
            partialText: partialText(),
            stats: stats.snapshot(),
          });
        }
      }
    }
    return end({
      type: 'run-error',
      runId,
      error: {
        code: 'max-turns',
        message: `Stopped after ${maxTurns} model turns without a final answer.`,
        hint: 'Ask for a smaller step, or raise the turn limit in Settings.',
      },
      partialText: partialText(),
      stats: stats.snapshot(),
    });
  } catch (e) {
    if (signal.aborted || isAbortError(e)) return aborted();
    const error = e instanceof PunieError ? e.toData() : toErrorData(e);
    if (!(e instanceof PunieError)) log.error('the run failed unexpectedly', { error: error.message });
    return end({ type: 'run-error', runId, error, partialText: partialText(), stats: stats.snapshot() });
  }
}

function tokensOfTools(specs: readonly ToolSpec[]): number {
  return specs.length === 0 ? 0 : messagesTokens([{ role: 'system', content: JSON.stringify(specs) }]);
}
