import { describe, expect, it } from 'vitest';
import type { ConversationMessage } from '../../../shared/conversation';
import { messagesTokens } from './contextBudget';
import { NOT_RUN_RESULT, historyToMessages } from './historyToMessages';

let seq = 0;
const user = (content: string): ConversationMessage => ({ role: 'user', id: `u${++seq}`, content, createdAt: seq });
const assistant = (content: string, calls: { id: string; name: string; argsText: string }[] = []): ConversationMessage => ({
  role: 'assistant',
  id: `a${++seq}`,
  content,
  createdAt: seq,
  ...(calls.length ? { toolCalls: calls } : {}),
});
const tool = (toolCallId: string, content: string): ConversationMessage => ({ role: 'tool', id: `t${++seq}`, toolCallId, name: 'read_file', content, createdAt: seq });

const turn = (n: number, resultChars = 10): ConversationMessage[] => [
  user(`question ${n}`),
  assistant('', [{ id: `c${n}`, name: 'read_file', argsText: `{"path":"f${n}.txt"}` }]),
  tool(`c${n}`, 'r'.repeat(resultChars)),
  assistant(`answer ${n}`),
];

describe('historyToMessages', () => {
  it('converts messages with their tool calls and results, dropping empty answers', () => {
    const history = [...turn(1), assistant('')];
    const out = historyToMessages(history);
    expect(out.messages).toEqual([
      { role: 'user', content: 'question 1' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', argsText: '{"path":"f1.txt"}' }] },
      { role: 'tool', toolCallId: 'c1', name: 'read_file', content: 'rrrrrrrrrr' },
      { role: 'assistant', content: 'answer 1' },
    ]);
    expect(out.trimmedBefore).toBeUndefined();
  });

  it('gives every call a result, in call order, and drops results without a call', () => {
    const history: ConversationMessage[] = [
      user('q'),
      assistant('', [
        { id: 'x', name: 'read_file', argsText: '{}' },
        { id: 'y', name: 'read_file', argsText: '{}' },
      ]),
      tool('y', 'second'),
      tool('orphan', 'nobody asked'),
    ];
    expect(historyToMessages(history).messages.slice(2)).toEqual([
      { role: 'tool', toolCallId: 'x', name: 'read_file', content: NOT_RUN_RESULT },
      { role: 'tool', toolCallId: 'y', name: 'read_file', content: 'second' },
    ]);
  });

  it('shortens tool results first, oldest first, with a note', () => {
    const history = [...turn(1, 3_000), ...turn(2, 3_000)];
    const full = messagesTokens(historyToMessages(history).messages);
    const out = historyToMessages(history, { budgetTokens: full - 500, shortToolResultChars: 300 });
    const results = out.messages.filter((m) => m.role === 'tool');
    expect(out.shortened).toBe(1);
    expect(results[0]?.content).toContain("cut to fit the model's context");
    expect(results[1]?.content).toBe('r'.repeat(3_000));
    expect(out.trimmedBefore).toBeUndefined();
  });

  it('then leaves out the oldest turns whole, saying where trimming began', () => {
    const history = [...turn(1), ...turn(2), ...turn(3)];
    const lastTurn = messagesTokens(historyToMessages(turn(3)).messages);
    const out = historyToMessages(history, { budgetTokens: lastTurn + 5 });
    expect(out.messages[0]).toEqual({ role: 'user', content: 'question 3' });
    expect(out.messages).toHaveLength(4);
    expect(out.trimmedBefore).toBe(8);
    expect(out.messages.some((m) => m.role === 'tool' && m.toolCallId !== 'c3')).toBe(false);
  });

  it('can leave out everything when nothing fits', () => {
    const history = turn(1);
    const out = historyToMessages(history, { budgetTokens: 0 });
    expect(out.messages).toEqual([]);
    expect(out.trimmedBefore).toBe(history.length);
  });
});
