import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { historyLayout, logFileName } from '../electron/core/store/historyLayout';
import { readConversationLog } from '../electron/core/store/readConversationLog';
import { SEED_CONVERSATION_ID, seedLongConversation, seedMessages, seedPrompt } from './rendererSeed';

describe('the renderer benchmark’s long conversation', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('alternates questions and Markdown answers with code blocks, oldest first', () => {
    const messages = seedMessages(10, 'local:x/m', 1_000);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(messages[0]).toMatchObject({ content: seedPrompt(0), createdAt: 1_000 });
    const answers = messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    for (const answer of answers) expect(answer).toMatch(/```ts\n[\s\S]+```\s*$/);
    expect(new Set(answers).size).toBe(answers.length);
    expect(messages.every((m, i) => i === 0 || m.createdAt > (messages[i - 1]?.createdAt ?? 0))).toBe(true);
  });

  it('writes a log the history store reads back whole', async () => {
    dir = await mkdtemp(join(tmpdir(), 'punie-renderer-seed-'));
    const turns = await seedLongConversation(dir, { messages: 1_000, model: 'local:x/m', now: 1_800_000_000_000 });
    expect(turns).toBe(500);
    const { conversations } = historyLayout(dir);
    expect(await readdir(conversations)).toEqual([logFileName(SEED_CONVERSATION_ID)]);
    const read = await readConversationLog(join(conversations, logFileName(SEED_CONVERSATION_ID)), SEED_CONVERSATION_ID, AbortSignal.timeout(10_000));
    expect(read.kind).toBe('ok');
    if (read.kind !== 'ok') return;
    expect(read.conversation.messages).toHaveLength(1_000);
    expect(read.conversation.messages.at(-2)).toMatchObject({ role: 'user', content: seedPrompt(499) });
    expect(read.conversation.messages.at(-1)?.createdAt).toBeLessThan(1_800_000_000_000);
  });
});
