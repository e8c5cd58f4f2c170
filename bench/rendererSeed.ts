import type { ConversationMessage } from '../shared/conversation';
import { seedConversation, turn } from '../e2e/browser/host/historySeed';
import { markdownTokens } from './markdownTokens';

/**
 * The long conversation the renderer benchmark streams into: `messages`
 * stored messages (question and answer pairs), the answers Markdown with
 * headings, lists, inline code and fenced code blocks, a few hundred tokens
 * each, written in the store's own log format before main starts.
 */

export const SEED_CONVERSATION_ID = 'conv-renderer-bench';

/** The prompt of turn `n` (the last one is what the page shows at the bottom once open). */
export function seedPrompt(n: number): string {
  return `Question ${n}: how does the build pipeline handle module ${n % 37}?`;
}

/** Markdown tokens cut after the last code block that closes, so a stored answer ends as a finished one does. */
function wholeSections(tokens: readonly string[]): string[] {
  let fences = 0;
  let end = tokens.length;
  tokens.forEach((t, i) => {
    if (t === '```' && ++fences % 2 === 0) end = i + 1;
  });
  return tokens.slice(0, end);
}

/** `count` messages (rounded down to whole turns), oldest first, each answer one to three sections (about 130 to 400 tokens). */
export function seedMessages(count: number, model: string, startAt: number): ConversationMessage[] {
  const turns = Math.floor(count / 2);
  const out: ConversationMessage[] = [];
  for (let n = 0; n < turns; n++) {
    const answer = wholeSections(markdownTokens(150 + (n % 5) * 60, n + 1)).join('');
    out.push(...turn(n, startAt + n * 60_000, seedPrompt(n), answer, model));
  }
  return out;
}

/** Writes the conversation into `dataDir`; returns its number of turns. */
export async function seedLongConversation(dataDir: string, options: { messages: number; model: string; now?: number }): Promise<number> {
  const turns = Math.floor(options.messages / 2);
  const startAt = (options.now ?? Date.now()) - turns * 60_000 - 60_000;
  const messages = seedMessages(options.messages, options.model, startAt);
  await seedConversation(dataDir, { id: SEED_CONVERSATION_ID, createdAt: startAt, model: options.model, messages });
  return turns;
}
