import type { ChatMessage } from '../models/types';
import { cutToolResult, messagesTokens, messageTokens } from './contextBudget';

/** A shortened tool result from earlier in the run keeps this many characters. */
const SHORT_RESULT_CHARS = 600;

/**
 * Keeps a running conversation within the model's context: when the
 * messages would overflow `budgetTokens`, tool results of this run are
 * shortened, oldest first, sparing the latest turn's (the model is working
 * on those). Messages before `runStart` (system prompt, history, prompt)
 * were fitted when the run began and are left alone. Changes `messages` in
 * place; returns how many results were shortened.
 */
export function fitRunMessages(messages: ChatMessage[], budgetTokens: number, runStart: number): number {
  let total = messagesTokens(messages);
  if (total <= budgetTokens) return 0;
  let lastAssistant = messages.length;
  for (let i = messages.length - 1; i >= runStart; i--) {
    if (messages[i]?.role === 'assistant') {
      lastAssistant = i;
      break;
    }
  }
  let shortened = 0;
  for (let i = runStart; i < lastAssistant && total > budgetTokens; i++) {
    const m = messages[i];
    if (m?.role !== 'tool' || m.content.length <= SHORT_RESULT_CHARS) continue;
    const short: ChatMessage = { ...m, content: cutToolResult(m.content, SHORT_RESULT_CHARS) };
    total += messageTokens(short) - messageTokens(m);
    messages[i] = short;
    shortened++;
  }
  return shortened;
}
