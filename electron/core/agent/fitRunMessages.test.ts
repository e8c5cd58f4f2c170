import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../models/types';
import { messagesTokens } from './contextBudget';
import { fitRunMessages } from './fitRunMessages';

const big = 'y'.repeat(3_000);
const conversation = (): ChatMessage[] => [
  { role: 'system', content: 'sys' },
  { role: 'user', content: 'go' },
  { role: 'assistant', content: '', toolCalls: [{ id: 'a', name: 'read_file', argsText: '{}' }] },
  { role: 'tool', toolCallId: 'a', name: 'read_file', content: big },
  { role: 'assistant', content: '', toolCalls: [{ id: 'b', name: 'read_file', argsText: '{}' }] },
  { role: 'tool', toolCallId: 'b', name: 'read_file', content: big },
];

describe('fitRunMessages', () => {
  it('leaves messages alone when they fit', () => {
    const messages = conversation();
    expect(fitRunMessages(messages, 1_000_000, 2)).toBe(0);
    expect(messages).toEqual(conversation());
  });

  it('shortens earlier results of the run, sparing the latest turn', () => {
    const messages = conversation();
    const shortened = fitRunMessages(messages, messagesTokens(messages) - 100, 2);
    expect(shortened).toBe(1);
    expect(messages[3]?.content).toContain("cut to fit the model's context");
    expect(messages[5]?.content).toBe(big);
  });

  it('never touches messages before the run began', () => {
    const messages = conversation();
    expect(fitRunMessages(messages, 10, 4)).toBe(0);
    expect(messages[3]?.content).toBe(big);
  });
});
