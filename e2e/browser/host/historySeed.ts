import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConversationMessage } from '../../../shared/conversation';
import { historyLayout, logFileName } from '../../../electron/core/store/historyLayout';
import { encodeRecord, type NewRecord } from '../../../electron/core/store/records';

/**
 * Writes conversations into a data folder in the store's own log format
 * (records.ts), as if earlier sessions had recorded them: for specs that need
 * a history before main starts (a long list, a long conversation, trimming)
 * and for corrupt files (quarantine).
 */
export interface SeedConversation {
  id: string;
  /** Empty: the title comes from the first prompt. */
  title?: string;
  model?: string;
  createdAt: number;
  messages: ConversationMessage[];
  /** The folder the conversation works in (a real path), as the app records it. */
  workspace?: string;
  /** A trim record: messages before this index were left out of the model's context last time. */
  trimmedBefore?: number;
}

export async function seedConversation(dataDir: string, c: SeedConversation): Promise<string> {
  const { conversations } = historyLayout(dataDir);
  await mkdir(conversations, { recursive: true });
  const records: NewRecord[] = [{ t: 'meta', id: c.id, createdAt: c.createdAt, title: c.title ?? '', ...(c.model ? { model: c.model } : {}), ...(c.workspace ? { workspace: c.workspace } : {}) }];
  for (const message of c.messages) records.push({ t: 'msg', at: message.createdAt, message });
  if (c.trimmedBefore !== undefined) records.push({ t: 'trim', at: c.messages.at(-1)?.createdAt ?? c.createdAt, before: c.trimmedBefore });
  const path = join(conversations, logFileName(c.id));
  await writeFile(path, records.map(encodeRecord).join(''));
  return path;
}

/** A file in the conversations folder that no reader can make sense of. */
export async function seedCorruptConversation(dataDir: string, id: string, bytes: Uint8Array | string): Promise<string> {
  const { conversations } = historyLayout(dataDir);
  await mkdir(conversations, { recursive: true });
  const path = join(conversations, logFileName(id));
  await writeFile(path, bytes);
  return path;
}

/** A question-and-answer pair for a seeded conversation. */
export function turn(n: number, at: number, prompt: string, answer: string, model = 'test'): ConversationMessage[] {
  return [
    { role: 'user', id: `u${n}`, content: prompt, createdAt: at },
    { role: 'assistant', id: `a${n}`, content: answer, model, status: 'complete', createdAt: at + 1_000, stats: { durationMs: 900, turns: 1, outputTokens: 42, tokensPerSecond: 48, ttftMs: 180 } },
  ];
}
