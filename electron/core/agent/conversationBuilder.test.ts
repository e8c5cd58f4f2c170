import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import type { ConversationMessage } from '../../../shared/conversation';
import { ConversationBuilder } from './conversationBuilder';

const model = { spec: 'local:m', provider: 'local' as const, modelId: 'm' };

function build(events: AgentEvent[]): ConversationMessage[] {
  let n = 0;
  const messages: ConversationMessage[] = [];
  const builder = new ConversationBuilder(messages, { now: () => 100, newId: () => `m${++n}` });
  for (const e of events) builder.apply(e);
  return messages;
}

describe('ConversationBuilder', () => {
  it('folds a run with a tool call into user, assistant, tool and assistant messages', () => {
    const r = 'r1';
    const messages = build([
      { type: 'run-start', runId: r, conversationId: 'c', model, prompt: 'Read it', startedAt: 1 },
      { type: 'turn-start', runId: r, turn: 1 },
      { type: 'text-delta', runId: r, delta: 'Reading.' },
      { type: 'tool-call-start', runId: r, callId: 'k', name: 'read_file' },
      { type: 'tool-call-ready', runId: r, callId: 'k', name: 'read_file', args: { path: 'a' }, argsText: '{"path":"a"}' },
      { type: 'tool-result', runId: r, callId: 'k', name: 'read_file', content: 'AAA', durationMs: 3 },
      { type: 'turn-start', runId: r, turn: 2 },
      { type: 'text-delta', runId: r, delta: 'It says ' },
      { type: 'text-delta', runId: r, delta: 'AAA.' },
      { type: 'run-finish', runId: r, finishReason: 'stop', text: 'It says AAA.', stats: { durationMs: 5, turns: 2 } },
    ]);
    expect(messages).toEqual([
      { role: 'user', id: 'm1', content: 'Read it', createdAt: 1, runId: 'r1', parentRunId: null, modelRef: model },
      {
        role: 'assistant',
        id: 'm2',
        content: 'Reading.',
        createdAt: 100,
        status: 'complete',
        model: 'local:m',
        turn: 1,
        toolCalls: [{ id: 'k', name: 'read_file', argsText: '{"path":"a"}' }],
        finishReason: 'tool-calls',
      },
      { role: 'tool', id: 'm3', toolCallId: 'k', name: 'read_file', content: 'AAA', durationMs: 3, createdAt: 100 },
      { role: 'assistant', id: 'm4', content: 'It says AAA.', createdAt: 100, status: 'complete', model: 'local:m', turn: 2, finishReason: 'stop', stats: { durationMs: 5, turns: 2 } },
    ]);
  });

  it('keeps a partial answer on abort, an error on failure, and drops empty turns', () => {
    const r = 'r2';
    const messages = build([
      { type: 'run-start', runId: r, conversationId: 'c', model, prompt: 'Go', startedAt: 1 },
      { type: 'turn-start', runId: r, turn: 1 },
      { type: 'turn-start', runId: r, turn: 2 },
      { type: 'text-delta', runId: r, delta: 'Half' },
      { type: 'run-abort', runId: r, partialText: 'Half' },
      { type: 'run-start', runId: 'r3', conversationId: 'c', model, prompt: 'Again', startedAt: 2 },
      { type: 'run-error', runId: 'r3', error: { code: 'server-unavailable', message: 'Start LM Studio.' }, partialText: '' },
    ]);
    expect(messages.map((m) => [m.role, m.content, m.role === 'assistant' ? m.status : undefined])).toEqual([
      ['user', 'Go', undefined],
      ['assistant', 'Half', 'aborted'],
      ['user', 'Again', undefined],
      ['assistant', '', 'error'],
    ]);
    expect(messages[3]).toMatchObject({ error: { code: 'server-unavailable' } });
  });

  it('marks a denied tool call as an error and denied', () => {
    const messages = build([
      { type: 'run-start', runId: 'r', conversationId: 'c', model, prompt: 'Write', startedAt: 1 },
      { type: 'tool-call-start', runId: 'r', callId: 'w', name: 'write_file' },
      { type: 'tool-call-ready', runId: 'r', callId: 'w', name: 'write_file', args: {}, argsText: '{}' },
      {
        type: 'tool-error',
        runId: 'r',
        callId: 'w',
        name: 'write_file',
        error: { code: 'permission-denied', message: 'no' },
        content: 'Permission denied by the user.',
        denied: true,
        durationMs: 0,
      },
    ]);
    expect(messages[2]).toMatchObject({ role: 'tool', isError: true, denied: true });
  });
});

describe('ConversationBuilder mid-run', () => {
  it('brings the open answer up to date on settle, and keeps gathering after', () => {
    const messages: ConversationMessage[] = [];
    const builder = new ConversationBuilder(messages, { now: () => 100, newId: () => 'id' });
    builder.apply({ type: 'run-start', runId: 'r', conversationId: 'c', model: { spec: 'test', provider: 'test', modelId: 'test' }, prompt: 'hi', startedAt: 1 });
    builder.apply({ type: 'text-delta', runId: 'r', delta: 'Hel' });
    builder.apply({ type: 'text-delta', runId: 'r', delta: 'lo' });
    builder.settle();
    expect(messages[1]).toMatchObject({ role: 'assistant', content: 'Hello', status: 'partial' });
    builder.apply({ type: 'text-delta', runId: 'r', delta: '!' });
    builder.apply({ type: 'run-abort', runId: 'r', partialText: 'Hello!' });
    expect(messages[1]).toMatchObject({ content: 'Hello!', status: 'aborted' });
  });
});
