import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/conversation';
import { conversationToMarkdown } from './markdownExport';

const conversation: Conversation = {
  id: 'c',
  title: 'Fix the build',
  model: 'local:qwen',
  workspace: '/src/app',
  createdAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  updatedAt: Date.UTC(2026, 0, 2, 3, 5, 0),
  messageCount: 5,
  messages: [
    { role: 'user', id: 'u1', content: 'Why does the build fail?', createdAt: 1 },
    {
      role: 'assistant',
      id: 'a1',
      content: 'Let me look.',
      reasoning: 'Check the config first.',
      model: 'local:qwen',
      createdAt: 2,
      status: 'complete',
      toolCalls: [
        { id: 't1', name: 'read_file', argsText: '{"path":"vite.config.ts"}' },
        { id: 't2', name: 'run_command', argsText: '{not json' },
      ],
    },
    { role: 'tool', id: 'r1', toolCallId: 't1', name: 'read_file', content: 'export default ```tricky```', createdAt: 3 },
    { role: 'tool', id: 'r2', toolCallId: 't2', name: 'run_command', content: 'Denied.', isError: true, denied: true, createdAt: 4 },
    { role: 'assistant', id: 'a2', content: 'The config is fine; it stopped', createdAt: 5, status: 'aborted' },
  ],
};

describe('conversationToMarkdown', () => {
  const md = conversationToMarkdown(conversation);

  it('has the title, the facts and every turn in order', () => {
    expect(md.startsWith('# Fix the build\n\nModel: `local:qwen` · Started: 2026-01-02T03:04:05.000Z · Workspace: `/src/app`')).toBe(true);
    const order = ['## You', 'Why does the build fail?', 'Let me look.', 'read_file', 'run_command', 'The config is fine'].map((s) => md.indexOf(s));
    expect(order.every((v, i) => v >= 0 && (i === 0 || v > (order[i - 1] ?? 0)))).toBe(true);
  });

  it('puts each tool call and its result in a collapsible block', () => {
    expect(md.match(/<details>/g)).toHaveLength(3); // reasoning + two calls
    expect(md).toContain('<summary>Tool call: read_file</summary>');
    expect(md).toContain('```json\n{\n  "path": "vite.config.ts"\n}\n```');
    expect(md).toContain('<summary>Tool call: run_command (denied)</summary>');
    expect(md).toContain('```\n{not json\n```');
  });

  it('fences content so backticks inside cannot break out', () => {
    expect(md).toContain('````\nexport default ```tricky```\n````');
  });

  it('says how an answer ended when it did not finish', () => {
    expect(md).toContain('*Stopped before the answer was finished.*');
  });

  it('exports the current branch only (the latest run and the runs it follows)', () => {
    const md = conversationToMarkdown({
      ...conversation,
      messages: [
        { role: 'user', id: 'u1', content: 'First prompt', createdAt: 1, runId: 'r1', parentRunId: null },
        { role: 'assistant', id: 'a1', content: 'First answer', createdAt: 2, status: 'complete' },
        { role: 'user', id: 'u2', content: 'Old second prompt', createdAt: 3, runId: 'r2', parentRunId: 'r1' },
        { role: 'assistant', id: 'a2', content: 'Old second answer', createdAt: 4, status: 'complete' },
        { role: 'user', id: 'u3', content: 'New second prompt', createdAt: 5, runId: 'r3', parentRunId: 'r1' },
        { role: 'assistant', id: 'a3', content: 'New second answer', createdAt: 6, status: 'complete' },
      ],
    });
    expect(md).toContain('First answer');
    expect(md).toContain('New second answer');
    expect(md).not.toContain('Old second');
  });
});
