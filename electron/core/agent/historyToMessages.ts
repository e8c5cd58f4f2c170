import type { ConversationMessage, ToolMessage } from '../../../shared/conversation';
import type { ChatMessage } from '../models/types';
import { cutToolResult, messagesTokens, messageTokens } from './contextBudget';

/**
 * A conversation's earlier messages as model messages, fitted to a token
 * budget: tool results are shortened first (oldest first), then the oldest
 * turns are left out whole, so a tool result never goes without its call.
 * Every tool call gets a result (a call the run never got to is answered
 * "not run"), since providers reject a call without one.
 */

export interface HistoryOptions {
  /** Tokens the history may use (context minus system prompt, tools, new prompt and answer room); undefined: no limit. */
  budgetTokens?: number;
  /** A shortened tool result keeps this many characters. */
  shortToolResultChars?: number;
}

export interface HistoryResult {
  messages: ChatMessage[];
  /** Index in the input of the first message sent, when older ones were left out. */
  trimmedBefore?: number;
  /** Tool results shortened to fit. */
  shortened: number;
}

export const NOT_RUN_RESULT = 'This tool call was not run (the run was stopped before it).';
const DEFAULT_SHORT_CHARS = 600;

interface Group {
  /** Index in the input of the group's first message. */
  start: number;
  messages: ChatMessage[];
}

export function historyToMessages(history: readonly ConversationMessage[], options: HistoryOptions = {}): HistoryResult {
  const groups = toGroups(history);
  const all = () => groups.flatMap((g) => g.messages);
  const budget = options.budgetTokens;
  if (budget === undefined || messagesTokens(all()) <= budget) return { messages: all(), shortened: 0 };

  // 1. Shorten tool results, oldest first, until it fits.
  let total = messagesTokens(all());
  let shortened = 0;
  const shortChars = options.shortToolResultChars ?? DEFAULT_SHORT_CHARS;
  for (const group of groups) {
    for (let i = 0; i < group.messages.length && total > budget; i++) {
      const m = group.messages[i];
      if (m?.role !== 'tool' || m.content.length <= shortChars) continue;
      const short: ChatMessage = { ...m, content: cutToolResult(m.content, shortChars) };
      total += messageTokens(short) - messageTokens(m);
      group.messages[i] = short;
      shortened++;
    }
  }

  // 2. Leave out the oldest turns, whole, until it fits.
  let first = 0;
  while (first < groups.length && total > budget) {
    total -= messagesTokens(groups[first]?.messages ?? []);
    first++;
  }
  const kept = groups.slice(first);
  const result: HistoryResult = { messages: kept.flatMap((g) => g.messages), shortened };
  if (first > 0) result.trimmedBefore = kept[0]?.start ?? history.length;
  return result;
}

/** Splits history into turns, each beginning at a user message, converting as it goes. */
function toGroups(history: readonly ConversationMessage[]): Group[] {
  const groups: Group[] = [];
  const results = new Map<string, ToolMessage>();
  for (const m of history) if (m.role === 'tool') results.set(m.toolCallId, m);

  let current: Group | undefined;
  history.forEach((m, index) => {
    if (m.role === 'user' || !current) {
      current = { start: index, messages: [] };
      groups.push(current);
    }
    if (m.role === 'user') {
      current.messages.push({ role: 'user', content: m.content });
    } else if (m.role === 'assistant') {
      const calls = m.toolCalls ?? [];
      if (m.content === '' && calls.length === 0) return;
      current.messages.push(calls.length > 0 ? { role: 'assistant', content: m.content, toolCalls: calls.map((c) => ({ ...c })) } : { role: 'assistant', content: m.content });
      // Results follow their calls, in call order, whatever order they were stored in.
      for (const call of calls) {
        const found = results.get(call.id);
        current.messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: found ? found.content : NOT_RUN_RESULT });
      }
    }
    // Tool messages were placed after their calls above; one without a call is left out.
  });
  return groups.filter((g) => g.messages.length > 0);
}
