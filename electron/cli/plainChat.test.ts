import { describe, expect, it } from 'vitest';
import { agentEventSchema, type AgentEvent } from '../../shared/agentEvents';
import { PunieError } from '../core/errors';
import { createTestModel } from '../core/models/testModel';
import type { ChatModel, ModelStreamEvent } from '../core/models/types';
import { plainChat, provisionalRef } from './plainChat';

function scripted(events: ModelStreamEvent[], fail?: unknown): ChatModel {
  return {
    ref: { spec: 'local:', provider: 'local', modelId: 'm', baseURL: 'http://127.0.0.1:1234/v1' },
    async *stream() {
      for (const e of events) yield e;
      if (fail) throw fail;
    },
  };
}

async function run(model: ChatModel | Error, options: { signal?: AbortSignal; clock?: number[] } = {}) {
  const events: AgentEvent[] = [];
  const ticks = options.clock ?? [];
  let t = 1_000;
  const end = await plainChat(
    { prompt: 'hi', spec: 'local:', workspace: '/tmp/ws', runId: 'r1' },
    {
      createModel: async () => {
        if (model instanceof Error) throw model;
        return model;
      },
      emit: (e) => events.push(e),
      signal: options.signal ?? new AbortController().signal,
      now: () => (ticks.length ? ticks.shift()! : (t += 10)),
    },
  );
  return { events, end };
}

describe('plainChat', () => {
  it('tells one turn as well-formed events: start, turn, deltas, usage, finish with stats', async () => {
    const { events, end } = await run(
      scripted([
        { type: 'reasoning-delta', text: 'thinking' },
        { type: 'text-delta', text: 'Hello' },
        { type: 'text-delta', text: ' world' },
        { type: 'usage', usage: { inputTokens: 5, outputTokens: 3 } },
        { type: 'finish', reason: 'stop' },
      ]),
    );
    for (const e of events) expect(agentEventSchema.safeParse(e).success).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['run-start', 'turn-start', 'reasoning-delta', 'text-delta', 'text-delta', 'usage', 'run-finish']);
    expect(events[0]).toMatchObject({ runId: 'r1', prompt: 'hi', workspace: '/tmp/ws', model: { modelId: 'm', provider: 'local' } });
    expect(end).toMatchObject({ type: 'run-finish', finishReason: 'stop', text: 'Hello world', stats: { inputTokens: 5, outputTokens: 3, turns: 1 } });
    expect(end.type === 'run-finish' && end.stats.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('computes time to first token and tokens per second from the clock', async () => {
    // start, request, first token (first and last), second token (last), end
    const { end } = await run(
      scripted([
        { type: 'text-delta', text: 'a' },
        { type: 'text-delta', text: 'b' },
        { type: 'usage', usage: { outputTokens: 11 } },
        { type: 'finish', reason: 'stop' },
      ]),
      { clock: [0, 100, 300, 300, 1300, 1400] },
    );
    expect(end.stats).toMatchObject({ ttftMs: 200, tokensPerSecond: 10, durationMs: 1400 });
  });

  it('a model that cannot be created still gives run-start then run-error', async () => {
    const { events, end } = await run(new PunieError('server-unavailable', 'Local model server not available. Start LM Studio or mlx-lm.server first.'));
    expect(events.map((e) => e.type)).toEqual(['run-start', 'run-error']);
    expect(events[0]).toMatchObject({ model: provisionalRef('local:') });
    expect(end).toMatchObject({ type: 'run-error', error: { code: 'server-unavailable' }, partialText: '' });
  });

  it('keeps the partial text when the stream breaks', async () => {
    const { end } = await run(scripted([{ type: 'text-delta', text: 'Half an' }], new PunieError('stream-broken', 'cut', { partialText: 'Half an' })));
    expect(end).toMatchObject({ type: 'run-error', error: { code: 'stream-broken' }, partialText: 'Half an' });
  });

  it('ends with run-abort when aborted mid-stream', async () => {
    const controller = new AbortController();
    const events: AgentEvent[] = [];
    const end = await plainChat(
      { prompt: 'hi', spec: 'test' },
      {
        createModel: async () => createTestModel({ wordDelayMs: 5 }),
        emit: (e) => {
          events.push(e);
          if (e.type === 'text-delta') controller.abort();
        },
        signal: controller.signal,
      },
    );
    expect(end.type).toBe('run-abort');
    const shown = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
    expect(end).toMatchObject({ type: 'run-abort', partialText: shown });
    expect(shown).not.toBe('');
    expect(events.at(-1)?.type).toBe('run-abort');
  });

  it('an unexpected failure is internal, without a stack in the message', async () => {
    const { end } = await run(scripted([], new Error('boom')));
    expect(end).toMatchObject({ type: 'run-error', error: { code: 'internal', message: 'boom' } });
  });
});

describe('provisionalRef', () => {
  it('describes a spec before it is resolved', () => {
    expect(provisionalRef('local:http://127.0.0.1:1234/v1/m')).toEqual({ spec: 'local:http://127.0.0.1:1234/v1/m', provider: 'local', modelId: 'm', baseURL: 'http://127.0.0.1:1234/v1' });
    expect(provisionalRef('openai:gpt-4.1')).toEqual({ spec: 'openai:gpt-4.1', provider: 'openai', modelId: 'gpt-4.1' });
  });
});
