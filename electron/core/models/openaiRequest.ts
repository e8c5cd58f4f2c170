import type { ChatMessage, ChatRequest, ToolSpec } from './types';

/** Cap on generated tokens when a request sets none. */
export const DEFAULT_MAX_TOKENS = 8192;

export interface OpenAIBodyOptions {
  model: string;
  /** Local servers and Ollama get `max_tokens` and temperature 0 by default; OpenAI gets `max_completion_tokens`. */
  flavour: 'local' | 'openai';
}

type Json = Record<string, unknown>;

export function toOpenAIMessages(messages: readonly ChatMessage[]): Json[] {
  return messages.map((m): Json => {
    switch (m.role) {
      case 'system':
      case 'user':
        return { role: m.role, content: m.content };
      case 'assistant':
        return m.toolCalls?.length
          ? {
              role: 'assistant',
              content: m.content,
              tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argsText } })),
            }
          : { role: 'assistant', content: m.content };
      case 'tool':
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    }
  });
}

export function toOpenAITools(tools: readonly ToolSpec[]): Json[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
}

/** The streaming chat-completions body: always a token cap, usage asked for, temperature 0 for local models. */
export function openAIChatBody(request: ChatRequest, o: OpenAIBodyOptions): Json {
  const body: Json = {
    model: o.model,
    messages: toOpenAIMessages(request.messages),
    stream: true,
    stream_options: { include_usage: true },
  };
  const maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (o.flavour === 'openai') body.max_completion_tokens = maxTokens;
  else body.max_tokens = maxTokens;
  const temperature = request.temperature ?? (o.flavour === 'local' ? 0 : undefined);
  if (temperature !== undefined) body.temperature = temperature;
  if (request.tools?.length) body.tools = toOpenAITools(request.tools);
  return { ...body, ...request.extraBody };
}
