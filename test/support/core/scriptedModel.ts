import type { FinishReason, ModelRef, Usage } from '../../../shared/agentEvents';
import type { ModelPreset } from '../../../shared/modelPreset';
import { PunieError } from '../../../electron/core/errors';
import type { ChatModel, ChatRequest, ModelStreamEvent } from '../../../electron/core/models/types';

/**
 * Test helper: a ChatModel that plays a script, one list of steps per model
 * turn, and records every request it was sent. Steps are stream events, a
 * thrown error, a wait for an outside trigger, or a hang until aborted.
 * Abort behaves like a real provider: the iteration ends with an AbortError.
 */

export type ScriptStep =
  | ModelStreamEvent
  | { type: 'throw'; error: unknown }
  | { type: 'wait'; until: Promise<unknown> }
  | { type: 'hang' };

export type ScriptedTurn = readonly ScriptStep[] | ((request: ChatRequest, turnIndex: number) => readonly ScriptStep[]);

export interface ScriptedModel extends ChatModel {
  /** Every request, as sent (deep copies), in order. */
  readonly requests: ChatRequest[];
}

export function createScriptedModel(turns: readonly ScriptedTurn[], options: { ref?: Partial<ModelRef>; preset?: ModelPreset } = {}): ScriptedModel {
  const requests: ChatRequest[] = [];
  const ref: ModelRef = { spec: 'test:scripted', provider: 'test', modelId: 'scripted', ...options.ref };
  return {
    ref,
    ...(options.preset ? { preset: options.preset } : {}),
    requests,
    async streamTo(request: ChatRequest, signal: AbortSignal, onEvent: (event: ModelStreamEvent) => void): Promise<void> {
      const index = requests.length;
      requests.push(structuredClone(request));
      const turn = turns[index];
      if (turn === undefined) throw new PunieError('internal', `The scripted model has no turn ${index + 1}.`);
      const steps = typeof turn === 'function' ? turn(request, index) : turn;
      for (const step of steps) {
        throwIfAborted(signal);
        await Promise.resolve(); // a real stream never delivers two events in one tick
        if (step.type === 'throw') throw step.error;
        if (step.type === 'hang') await untilAborted(signal);
        else if (step.type === 'wait') await Promise.race([step.until, untilAborted(signal)]);
        else onEvent(step);
      }
      throwIfAborted(signal);
    },
  };
}

/** A turn that answers with text, streamed in a few pieces. */
export function say(text: string, options: { pieces?: number; finish?: FinishReason; usage?: Usage } = {}): ScriptStep[] {
  const pieces = Math.max(1, Math.min(options.pieces ?? 3, text.length || 1));
  const size = Math.ceil(text.length / pieces);
  const steps: ScriptStep[] = [];
  for (let i = 0; i < text.length; i += size) steps.push({ type: 'text-delta', text: text.slice(i, i + size) });
  steps.push({ type: 'usage', usage: options.usage ?? { inputTokens: 10, outputTokens: Math.max(1, Math.ceil(text.length / 4)) } });
  steps.push({ type: 'finish', reason: options.finish ?? 'stop' });
  return steps;
}

export interface ScriptedCall {
  id?: string;
  name: string;
  /** Arguments as an object (sent as JSON) … */
  args?: unknown;
  /** … or as exact text, possibly invalid JSON. */
  argsText?: string;
}

let callCounter = 0;

/** A turn that makes tool calls (streamed as start, argument pieces, then the whole call), optionally after some text. */
export function callTools(calls: readonly ScriptedCall[], options: { text?: string } = {}): ScriptStep[] {
  const steps: ScriptStep[] = [];
  if (options.text) steps.push({ type: 'text-delta', text: options.text });
  for (const call of calls) {
    const id = call.id ?? `call_${++callCounter}`;
    const argsText = call.argsText ?? JSON.stringify(call.args ?? {});
    const half = Math.ceil(argsText.length / 2);
    steps.push({ type: 'tool-call-start', id, name: call.name });
    if (argsText) steps.push({ type: 'tool-call-delta', id, argsDelta: argsText.slice(0, half) });
    if (argsText.length > half) steps.push({ type: 'tool-call-delta', id, argsDelta: argsText.slice(half) });
    steps.push({ type: 'tool-call', call: { id, name: call.name, argsText } });
  }
  steps.push({ type: 'usage', usage: { inputTokens: 10, outputTokens: 5 } });
  steps.push({ type: 'finish', reason: 'tool-calls' });
  return steps;
}

function abortError(): Error {
  return new DOMException('The request was aborted.', 'AbortError');
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError();
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    signal.addEventListener('abort', () => reject(abortError()), { once: true });
  });
}
