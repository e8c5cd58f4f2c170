import { describe, expect, it } from 'vitest';
import { createMemoryAgentHistory } from './memoryAgentHistory';

const signal = new AbortController().signal;
const model = { spec: 'test', provider: 'test' as const, modelId: 'test' };

describe('in-memory agent history', () => {
  it('creates, records into and reopens a conversation', async () => {
    let t = 0;
    const port = createMemoryAgentHistory({ now: () => ++t });
    const { id, messages } = await port.open({ title: 'Fix the build', model: 'test', workspace: '/w' }, signal);
    expect(messages).toEqual([]);
    port.record(id, { type: 'run-start', runId: 'r', conversationId: id, model, prompt: 'Fix the build', startedAt: 1 });
    port.record(id, { type: 'text-delta', runId: 'r', delta: 'Done.' });
    port.record(id, { type: 'run-finish', runId: 'r', finishReason: 'stop', text: 'Done.', stats: { durationMs: 1, turns: 1 } });
    await port.flush(id);
    const reopened = await port.open({ id, title: 'ignored', model: 'test' }, signal);
    expect(reopened.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Fix the build'],
      ['assistant', 'Done.'],
    ]);
    expect(port.get(id)).toMatchObject({ title: 'Fix the build', workspace: '/w', messageCount: 2 });
    expect(port.list().map((c) => c.id)).toEqual([id]);
  });

  it('creates under a chosen id once', async () => {
    const port = createMemoryAgentHistory();
    expect((await port.open({ newId: 'session-1', title: 't', model: 'test' }, signal)).id).toBe('session-1');
    await expect(port.open({ newId: 'session-1', title: 't', model: 'test' }, signal)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('hands out copies, not its own state', async () => {
    const port = createMemoryAgentHistory();
    const { id } = await port.open({ title: 't', model: 'test' }, signal);
    port.record(id, { type: 'run-start', runId: 'r', conversationId: id, model, prompt: 'p', startedAt: 1 });
    const copy = await port.open({ id, title: 't', model: 'test' }, signal);
    copy.messages.length = 0;
    expect(port.get(id)?.messages).toHaveLength(1);
  });

  it('throws not-found for an unknown id, ignores events for one, and marks trimming', async () => {
    const port = createMemoryAgentHistory();
    await expect(port.open({ id: 'nope', title: 't', model: 'test' }, signal)).rejects.toMatchObject({ code: 'not-found' });
    expect(() => port.record('nope', { type: 'turn-start', runId: 'r', turn: 1 })).not.toThrow();
    const { id } = await port.open({ title: 't', model: 'test' }, signal);
    await port.markTrimmed(id, 4, signal);
    expect(port.get(id)?.trimmedBefore).toBe(4);
  });

  it('shows the text streamed so far while the run is still going', async () => {
    const port = createMemoryAgentHistory();
    const { id } = await port.open({ title: 't', model: 'test' }, signal);
    port.record(id, { type: 'run-start', runId: 'r', conversationId: id, model, prompt: 'p', startedAt: 1 });
    for (const delta of ['Hal', 'f way']) port.record(id, { type: 'text-delta', runId: 'r', delta });
    expect(port.get(id)?.messages[1]).toMatchObject({ role: 'assistant', content: 'Half way', status: 'partial' });
    port.record(id, { type: 'text-delta', runId: 'r', delta: ' there.' });
    expect(port.get(id)?.messages[1]?.content).toBe('Half way there.');
  });
});
