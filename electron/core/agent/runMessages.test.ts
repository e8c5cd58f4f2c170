import { describe, expect, it } from 'vitest';
import type { ConversationMessage } from '../../../shared/conversation';
import { estimateTokens } from '../../../shared/contextBudget';
import { createToolRegistry } from '../tools/toolRegistry';
import { toolsTokens } from './contextBudget';
import { buildRunMessages } from './runMessages';

const history: ConversationMessage[] = [
  { role: 'user', id: 'u1', content: 'first question', createdAt: 1 },
  { role: 'assistant', id: 'a1', content: 'x'.repeat(30_000), createdAt: 2 },
  { role: 'user', id: 'u2', content: 'second question', createdAt: 3 },
  { role: 'assistant', id: 'a2', content: 'short answer', createdAt: 4 },
];
const base = { tools: createToolRegistry().specs(), asking: ['write_file'], platform: 'linux' as const, today: '2025-01-02', history, prompt: 'third' };

describe('buildRunMessages', () => {
  it('sends the system prompt, all history and the prompt when the context is unknown', () => {
    const { messages, trimmedBefore } = buildRunMessages({ ...base, workspace: '/w' });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(messages[0]?.content).toContain('/w');
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'third' });
    expect(trimmedBefore).toBeUndefined();
  });

  it('fits history into what the context leaves after the system prompt, tools, prompt and answer room', () => {
    const { messages, trimmedBefore } = buildRunMessages({ ...base, workspace: '/w', contextLength: 8_000 });
    expect(messages.map((m) => m.content.slice(0, 15))).toEqual([expect.stringContaining('You are Punie'), 'second question', 'short answer', 'third']);
    expect(trimmedBefore).toBe(2);
  });

  it('says what every request carries besides the conversation (system message and tools), for the context meter', () => {
    const withTools = buildRunMessages({ ...base, workspace: '/w' });
    expect(withTools.baseTokens).toBe(estimateTokens(withTools.messages[0]!.content) + toolsTokens(base.tools));
    const without = buildRunMessages({ ...base, tools: [] });
    expect(without.baseTokens).toBe(estimateTokens(without.messages[0]!.content));
    expect(withTools.baseTokens).toBeGreaterThan(without.baseTokens + 100);
  });
});
