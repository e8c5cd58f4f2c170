import type { AgentEvent, ModelRef, RunStats } from '../../../shared/agentEvents';
import type { ErrorData } from '../../../shared/errors';

/**
 * Builds the AgentEvents of a run, for tests, the kill test's child process
 * and the benchmark: `const run = eventScript('r1', id); run.start('hi')`.
 */
export function eventScript(runId: string, conversationId: string, model: ModelRef = { spec: 'test', provider: 'test', modelId: 'test' }) {
  return {
    start: (prompt: string, startedAt = 1_000): AgentEvent => ({ type: 'run-start', runId, conversationId, model, prompt, startedAt }),
    turn: (turn: number): AgentEvent => ({ type: 'turn-start', runId, turn }),
    text: (delta: string): AgentEvent => ({ type: 'text-delta', runId, delta }),
    reasoning: (delta: string): AgentEvent => ({ type: 'reasoning-delta', runId, delta }),
    call: (callId: string, name: string, args: Record<string, unknown>): AgentEvent[] => {
      const argsText = JSON.stringify(args);
      return [
        { type: 'tool-call-start', runId, callId, name },
        { type: 'tool-call-args-delta', runId, callId, delta: argsText },
        { type: 'tool-call-ready', runId, callId, name, args, argsText },
      ];
    },
    result: (callId: string, name: string, content: string, durationMs = 5): AgentEvent => ({
      type: 'tool-result',
      runId,
      callId,
      name,
      content,
      durationMs,
    }),
    toolError: (callId: string, name: string, error: ErrorData, denied = false): AgentEvent => ({
      type: 'tool-error',
      runId,
      callId,
      name,
      error,
      content: error.message,
      durationMs: 1,
      ...(denied && { denied }),
    }),
    finish: (text: string, stats: RunStats = { durationMs: 10, turns: 1 }): AgentEvent => ({
      type: 'run-finish',
      runId,
      finishReason: 'stop',
      text,
      stats,
    }),
    error: (error: ErrorData, partialText = ''): AgentEvent => ({ type: 'run-error', runId, error, partialText }),
    abort: (partialText = ''): AgentEvent => ({ type: 'run-abort', runId, partialText }),
  };
}
