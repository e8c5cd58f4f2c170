import { describe, expect, it } from 'vitest';
import type { ConversationMessage } from '../../shared/conversation';
import { replayUpdates } from './replayUpdates';

describe('a stored conversation replayed as session updates', () => {
  it('prompts, thoughts, answers and tool calls in their final state, in order', () => {
    const messages: ConversationMessage[] = [
      { role: 'user', id: 'u1', content: 'Fix a.txt', createdAt: 1 },
      {
        role: 'assistant',
        id: 'a1',
        content: 'Reading it.',
        reasoning: 'Look first.',
        createdAt: 2,
        toolCalls: [
          { id: 't1', name: 'read_file', argsText: '{"path":"a.txt"}' },
          { id: 't2', name: 'edit_file', argsText: '{"path":"a.txt","old_text":"x","new_text":"y"}' },
          { id: 't3', name: 'write_file', argsText: '{"path":"b.txt","content":"new"}' },
          { id: 't4', name: 'run_command', argsText: '{"command":"rm"}' },
          { id: 't5', name: 'read_file', argsText: '{"path":' },
        ],
      },
      { role: 'tool', id: 'm1', toolCallId: 't1', name: 'read_file', content: 'x', createdAt: 3 },
      { role: 'tool', id: 'm2', toolCallId: 't2', name: 'edit_file', content: 'Edited a.txt.', createdAt: 4 },
      { role: 'tool', id: 'm3', toolCallId: 't3', name: 'write_file', content: 'Created b.txt.', meta: { created: true }, createdAt: 5 },
      { role: 'tool', id: 'm4', toolCallId: 't4', name: 'run_command', content: 'Permission denied by the user.', isError: true, denied: true, createdAt: 6 },
      { role: 'assistant', id: 'a2', content: 'Done.', createdAt: 7 },
    ];
    expect(replayUpdates({ id: 'c', messages }, '/ws')).toEqual([
      { sessionUpdate: 'user_message_chunk', content: { type: 'text', text: 'Fix a.txt' } },
      { sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: 'Look first.' } },
      { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'Reading it.' } },
      {
        sessionUpdate: 'tool_call',
        toolCallId: 't1',
        title: 'Read a.txt',
        kind: 'read',
        status: 'completed',
        locations: [{ path: '/ws/a.txt' }],
        rawInput: { path: 'a.txt' },
        content: [{ type: 'content', content: { type: 'text', text: '```\nx\n```' } }],
      },
      expect.objectContaining({
        toolCallId: 't2',
        status: 'completed',
        content: [{ type: 'diff', path: '/ws/a.txt', oldText: 'x', newText: 'y' }, { type: 'content', content: { type: 'text', text: 'Edited a.txt.' } }],
      }),
      expect.objectContaining({ toolCallId: 't3', content: [{ type: 'diff', path: '/ws/b.txt', oldText: null, newText: 'new' }, expect.anything()] }),
      expect.objectContaining({ toolCallId: 't4', kind: 'execute', status: 'failed', content: [{ type: 'content', content: { type: 'text', text: 'Denied.' } }] }),
      expect.objectContaining({ toolCallId: 't5', title: 'Read a file', status: 'failed', rawInput: {}, content: [{ type: 'content', content: { type: 'text', text: 'Stopped before it ran.' } }] }),
      { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'Done.' } },
    ]);
  });

  it('an overwrite (its old text is not kept) shows its result, not a diff that would claim a new file', () => {
    const updates = replayUpdates({
      id: 'c',
      messages: [
        { role: 'assistant', id: 'a', content: '', createdAt: 1, toolCalls: [{ id: 't', name: 'write_file', argsText: '{"path":"b.txt","content":"new"}' }] },
        { role: 'tool', id: 'm', toolCallId: 't', name: 'write_file', content: 'Wrote b.txt.', meta: { created: false }, createdAt: 2 },
      ],
    }, '/ws');
    expect(updates).toEqual([expect.objectContaining({ content: [{ type: 'content', content: { type: 'text', text: 'Wrote b.txt.' } }] })]);
  });

  it('a conversation with branches replays the branch it continues on, not every branch interleaved', () => {
    const messages: ConversationMessage[] = [
      { role: 'user', id: 'u1', runId: 'r1', content: 'Name a colour', createdAt: 1 },
      { role: 'assistant', id: 'a1', content: 'Red.', createdAt: 2 },
      { role: 'user', id: 'u2', runId: 'r2', parentRunId: 'r1', content: 'Another', createdAt: 3 },
      { role: 'assistant', id: 'a2', content: 'Blue.', createdAt: 4 },
      // The second prompt edited: a branch from r1 again.
      { role: 'user', id: 'u3', runId: 'r3', parentRunId: 'r1', content: 'A warmer one', createdAt: 5 },
      { role: 'assistant', id: 'a3', content: 'Orange.', createdAt: 6 },
    ];
    const texts = replayUpdates({ id: 'c', messages }, '/ws').map((u) => (u.sessionUpdate === 'user_message_chunk' || u.sessionUpdate === 'agent_message_chunk') && u.content.type === 'text' ? u.content.text : u.sessionUpdate);
    expect(texts).toEqual(['Name a colour', 'Red.', 'A warmer one', 'Orange.']);
    // Switched back to the first branch in the app: that one, which the next prompt continues.
    const switched = replayUpdates({ id: 'c', messages, currentRunId: 'r2' }, '/ws').map((u) => (u.sessionUpdate === 'user_message_chunk' || u.sessionUpdate === 'agent_message_chunk') && u.content.type === 'text' ? u.content.text : u.sessionUpdate);
    expect(switched).toEqual(['Name a colour', 'Red.', 'Another', 'Blue.']);
  });
});
