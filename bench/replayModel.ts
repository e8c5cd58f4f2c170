import { OpenAITurnReader, type EmitModelEvent } from '../electron/core/models/openaiTurnReader';
import type { ChatModel, ChatRequest } from '../electron/core/models/types';
import { markdownTokens } from './markdownTokens';

/**
 * A model that replays chat-completions chunks already parsed, through the
 * provider's own chunk reader, with no network and no SDK: what the engine
 * does per token on its own, for the engine benchmark's detail. The chunks
 * are the ones the fake server sends (one Markdown token each, then the
 * finish reason).
 */

export function replayChunks(tokens: number): unknown[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: 'chatcmpl-replay',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'bench-model',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  return [chunk({ role: 'assistant', content: '' }), ...markdownTokens(tokens).map((text) => chunk({ content: text })), chunk({}, 'stop')];
}

export function createReplayModel(chunks: readonly unknown[]): ChatModel {
  const replay = (request: ChatRequest, signal: AbortSignal, emit: EmitModelEvent) => {
    const reader = new OpenAITurnReader({ tools: (request.tools ?? []).map((t) => ({ name: t.name, parameters: t.parameters })) });
    for (const c of chunks) {
      signal.throwIfAborted();
      reader.chunk(c, emit);
    }
    if (reader.finish) reader.end(reader.finish, emit);
  };
  return {
    ref: { spec: 'replay', provider: 'local', modelId: 'bench-model' },
    async streamTo(request, signal, onEvent) {
      replay(request, signal, onEvent);
    },
  };
}
