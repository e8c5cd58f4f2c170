import type { ConversationMessage } from '../../../shared/conversation';
import type { ChatMessage, ToolSpec } from '../models/types';
import { answerReserve, estimateTokens } from '../../../shared/contextBudget';
import { toolsTokens } from './contextBudget';
import { historyToMessages } from './historyToMessages';
import { buildSystemPrompt } from './systemPrompt';

/**
 * The messages a run starts with: the system prompt, the conversation's
 * earlier messages fitted to what is left of the model's context (after the
 * system prompt, the tools, the new prompt and room for the answer), and the
 * new prompt.
 */
export interface RunMessagesInput {
  workspace?: string;
  tools: readonly ToolSpec[];
  /** Gated tools that still ask (not pre-approved by a rule). */
  asking: readonly string[];
  platform: NodeJS.Platform;
  /** YYYY-MM-DD */
  today: string;
  history: readonly ConversationMessage[];
  prompt: string;
  contextLength?: number;
  /** The project's instructions (projectInstructions.ts). */
  instructions?: { files: readonly string[]; text: string };
  /** The model preset's extra system prompt. */
  extraSystemPrompt?: string;
}

/** `baseTokens`: the estimate of what every request carries besides the conversation (the system message and the tools), for the context meter. */
export function buildRunMessages(input: RunMessagesInput): { messages: ChatMessage[]; trimmedBefore?: number; baseTokens: number } {
  const system = buildSystemPrompt({
    ...(input.workspace === undefined ? {} : { workspace: input.workspace }),
    tools: input.tools,
    gated: input.asking,
    platform: input.platform,
    today: input.today,
    ...(input.instructions === undefined ? {} : { instructions: input.instructions }),
    ...(input.extraSystemPrompt === undefined ? {} : { extra: input.extraSystemPrompt }),
  });
  const length = input.contextLength;
  const baseTokens = estimateTokens(system) + toolsTokens(input.tools);
  const budget = length ? Math.max(0, length - answerReserve(length) - baseTokens - estimateTokens(input.prompt)) : undefined;
  const fitted = historyToMessages(input.history, budget === undefined ? {} : { budgetTokens: budget });
  const messages: ChatMessage[] = [{ role: 'system', content: system }, ...fitted.messages, { role: 'user', content: input.prompt }];
  return fitted.trimmedBefore === undefined ? { messages, baseTokens } : { messages, trimmedBefore: fitted.trimmedBefore, baseTokens };
}
