import { setTimeout } from 'node:timers/promises';
import type { ModelRef } from '../../../shared/agentEvents';
import type { ChatModel, ChatRequest, ModelStreamEvent } from './types';

/**
 * The built-in `test` model: no network. It streams a short canned reply
 * word by word, reports usage, and stops as soon as the signal aborts.
 */
export const TEST_MODEL_REPLY =
  "Hello! I am Punie's built-in test model. I answer without any network, streaming this short canned reply word by word.";

export interface TestModelOptions {
  /** Pause between words, in ms. Default 20. */
  wordDelayMs?: number;
  reply?: string;
}

export const TEST_MODEL_REF: ModelRef = { spec: 'test', provider: 'test', modelId: 'test' };

export function createTestModel(options: TestModelOptions = {}): ChatModel {
  const delay = options.wordDelayMs ?? 20;
  const reply = options.reply ?? TEST_MODEL_REPLY;
  return {
    ref: TEST_MODEL_REF,
    async streamTo(request: ChatRequest, signal: AbortSignal, onEvent: (event: ModelStreamEvent) => void): Promise<void> {
      const words = reply.match(/\s*\S+/g) ?? [];
      const prompt = request.messages.map((m) => m.content).join(' ');
      for (const word of words) {
        await setTimeout(delay, undefined, { signal });
        onEvent({ type: 'text-delta', text: word });
      }
      const inputTokens = Math.max(1, Math.ceil(prompt.length / 4));
      onEvent({ type: 'usage', usage: { inputTokens, outputTokens: words.length, totalTokens: inputTokens + words.length } });
      onEvent({ type: 'finish', reason: 'stop' });
    },
  };
}
