import { CHARS_PER_TOKEN, estimateTokens } from '../../../shared/contextBudget';
import type { ChatMessage, ToolSpec } from '../models/types';

/**
 * Rough token accounting for fitting messages into a model's context. Local
 * servers do not tokenize for us before a request, so this estimates from
 * characters, erring high (code and non-English text run about 3 characters
 * a token), which makes trimming start a little early rather than too late.
 */

/** Role markers and separators a chat template adds per message. */
const MESSAGE_OVERHEAD_TOKENS = 6;

export function tokensToChars(tokens: number): number {
  return Math.max(0, Math.floor(tokens * CHARS_PER_TOKEN));
}

export function messageTokens(message: ChatMessage): number {
  let chars = message.content.length;
  if (message.role === 'assistant') for (const call of message.toolCalls ?? []) chars += call.name.length + call.argsText.length + 20;
  return Math.ceil(chars / CHARS_PER_TOKEN) + MESSAGE_OVERHEAD_TOKENS;
}

export function messagesTokens(messages: readonly ChatMessage[]): number {
  let sum = 0;
  for (const m of messages) sum += messageTokens(m);
  return sum;
}

export function toolsTokens(tools: readonly ToolSpec[]): number {
  return tools.length === 0 ? 0 : estimateTokens(JSON.stringify(tools));
}

/**
 * Cuts a tool result to `maxChars`, keeping its start and end, with a note
 * the model can understand. Text already short enough comes back unchanged.
 */
export function cutToolResult(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const note = `\n[… cut to fit the model's context: ${text.length - maxChars} of ${text.length} characters left out …]\n`;
  const room = Math.max(0, maxChars);
  const head = Math.ceil((room * 2) / 3);
  const tail = room - head;
  return text.slice(0, head) + note + (tail > 0 ? text.slice(text.length - tail) : '');
}
