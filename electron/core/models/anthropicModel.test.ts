import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { errorTurn, textTurn } from '../../../e2e/fake-server/script';
import { PunieError } from '../errors';
import { createAnthropicModel, toAnthropicMessages } from './anthropicModel';
import { createModel, type CreateModelDeps } from './createModel';
import { createKeySource } from './keySource';
import type { ChatModel, ChatRequest, ModelStreamEvent } from './types';
import { checkedModelSpec } from './checkedSpec';

const KEY = 'sk-ant-test-0123456789';
let server: FakeServer;
const deps = (): CreateModelDeps => {
  const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.origin };
  return { env, keys: createKeySource(env), endpoints: [], retry: { baseDelayMs: 1, maxDelayMs: 5 } };
};
const hi: ChatRequest = { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }] };

async function collect(model: ChatModel, request: ChatRequest, signal = new AbortController().signal) {
  const events: ModelStreamEvent[] = [];
  await model.streamTo(request, signal, (e) => events.push(e));
  return events;
}

beforeEach(async () => {
  server = await startFakeServer({ profile: 'anthropic', apiKey: KEY });
});
afterEach(async () => {
  await server.close();
});

describe('Anthropic provider', () => {
  it('streams text, sends the system prompt, the key and a token cap, reports usage', async () => {
    server.setScript([textTurn('Hi from Claude.', { usage: { promptTokens: 12, completionTokens: 5 } })]);
    const model = await createModel(checkedModelSpec('claude-4.6-sonnet'), deps(), new AbortController().signal);
    expect(model.ref).toMatchObject({ provider: 'anthropic', modelId: 'claude-sonnet-4-6' });
    const events = await collect(model, hi);
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe('Hi from Claude.');
    expect(events).toContainEqual({ type: 'usage', usage: { inputTokens: 12, outputTokens: 5, totalTokens: 17 } });
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    const request = server.chatRequests()[0]!;
    expect(request.headers['x-api-key'] === KEY || request.headers.authorization === `Bearer ${KEY}`).toBe(true);
    expect(request.body).toMatchObject({ model: 'claude-sonnet-4-6', system: 'Be brief.', max_tokens: 8192, stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
  });

  it('turns thinking into reasoning and tool_use blocks into tool calls', async () => {
    server.setScript([{ chunks: [{ reasoning: 'Need the file.' }, { text: 'Reading.' }, { toolCalls: [{ id: 'toolu_1', name: 'read_file', arguments: '{"path":"notes.md"}' }] }] }]);
    const model = await createModel(checkedModelSpec('anthropic:claude-sonnet-4-6'), deps(), new AbortController().signal);
    const events = await collect(model, { ...hi, tools: [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object' } }] });
    expect(events).toContainEqual({ type: 'reasoning-delta', text: 'Need the file.' });
    expect(events).toContainEqual({ type: 'tool-call-start', id: 'toolu_1', name: 'read_file' });
    expect(events).toContainEqual({ type: 'tool-call', call: { id: 'toolu_1', name: 'read_file', argsText: '{"path":"notes.md"}' } });
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
    expect(server.chatRequests()[0]!.body).toMatchObject({ tools: [{ name: 'read_file', description: 'Read a file', input_schema: { type: 'object' } }] });
  });

  it('maps max_tokens to length', async () => {
    server.setScript([textTurn('cut', { finishReason: 'length' })]);
    const model = await createModel(checkedModelSpec('anthropic:claude-sonnet-4-6'), deps(), new AbortController().signal);
    expect((await collect(model, hi)).at(-1)).toEqual({ type: 'finish', reason: 'length' });
  });

  it('a wrong key is auth-failed', async () => {
    const env = { ANTHROPIC_API_KEY: 'sk-ant-wrong-000000000', ANTHROPIC_BASE_URL: server.origin };
    const model = await createModel(checkedModelSpec('anthropic:claude-sonnet-4-6'), { ...deps(), env, keys: createKeySource(env) }, new AbortController().signal);
    await expect(collect(model, hi)).rejects.toMatchObject({ code: 'auth-failed' });
  });

  it('a missing key is auth-missing naming the variable', async () => {
    const env = { ANTHROPIC_BASE_URL: server.origin };
    const error = await createModel(checkedModelSpec('anthropic:claude-sonnet-4-6'), { ...deps(), env, keys: createKeySource(env) }, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PunieError);
    expect(error).toMatchObject({ code: 'auth-missing' });
    expect((error as PunieError).hint).toMatch(/ANTHROPIC_API_KEY/);
  });

  it('retries overloaded (529) and then streams', async () => {
    server.setScript([errorTurn(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }), textTurn('ok')]);
    const model = await createModel(checkedModelSpec('anthropic:claude-sonnet-4-6'), deps(), new AbortController().signal);
    expect((await collect(model, hi)).at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('an error event mid-stream is stream-broken with the text so far', async () => {
    server.setScript([{ chunks: [{ text: 'Half' }, { streamError: { message: 'Overloaded' } }] }]);
    const model = await createModel(checkedModelSpec('anthropic:claude-sonnet-4-6'), deps(), new AbortController().signal);
    await expect(collect(model, hi)).rejects.toMatchObject({ code: 'stream-broken', partialText: 'Half' });
  });

  it('a connection cut mid-stream is stream-broken with the text so far', async () => {
    server.setScript([{ chunks: [{ text: 'Half' }, { die: true }] }]);
    const model = await createModel(checkedModelSpec('anthropic:claude-sonnet-4-6'), deps(), new AbortController().signal);
    await expect(collect(model, hi)).rejects.toMatchObject({ code: 'stream-broken', partialText: 'Half' });
  });

  it('a consumer that throws ends the stream with its own error and closes the request', async () => {
    server.setScript([textTurn(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '), { chunkDelayMs: 5 })]);
    const model = await createModel(checkedModelSpec('anthropic:claude-sonnet-4-6'), deps(), new AbortController().signal);
    const mine = new Error('the consumer gave up');
    let seen = 0;
    const run = model.streamTo(hi, new AbortController().signal, (e) => {
      if (e.type === 'text-delta' && ++seen === 2) throw mine;
    });
    await expect(run).rejects.toBe(mine);
    await server.chatRequests()[0]!.done;
    expect(server.chatRequests()[0]!.clientClosedEarly).toBe(true);
  });

  it('aborting closes the connection', async () => {
    server.setScript([textTurn(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '), { chunkDelayMs: 20 })]);
    const model = await createModel(checkedModelSpec('anthropic:claude-sonnet-4-6'), deps(), new AbortController().signal);
    const controller = new AbortController();
    const run = model.streamTo(hi, controller.signal, (e) => {
      if (e.type === 'text-delta') controller.abort();
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await server.chatRequests()[0]!.done;
    expect(server.chatRequests()[0]!.clientClosedEarly).toBe(true);
  });
});

describe('Anthropic provider, a server gone silent', () => {
  it('gives up after the idle timeout with stream-broken, keeping the text', async () => {
    server.setScript([{ chunks: [{ text: 'Before' }, { delayMs: 5_000 }, { text: ' after' }] }]);
    const model = createAnthropicModel({ ref: { spec: 'anthropic:m', provider: 'anthropic', modelId: 'claude-sonnet-4-6' }, apiKey: KEY, baseURL: server.origin, idleTimeoutMs: 100 });
    await expect(collect(model, hi)).rejects.toMatchObject({ code: 'stream-broken', partialText: 'Before' });
  });
});

describe('toAnthropicMessages', () => {
  it('moves system text out, sends tool calls as tool_use and results as user tool_result blocks', () => {
    const { system, messages } = toAnthropicMessages([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'read a and b' },
      { role: 'assistant', content: '', toolCalls: [{ id: 't1', name: 'read_file', argsText: '{"path":"a"}' }, { id: 't2', name: 'read_file', argsText: 'not json' }] },
      { role: 'tool', toolCallId: 't1', name: 'read_file', content: 'A' },
      { role: 'tool', toolCallId: 't2', name: 'read_file', content: 'B' },
    ]);
    expect(system).toBe('S');
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'read a and b' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 't1', name: 'read_file', input: { path: 'a' } },
          { type: 'tool_use', id: 't2', name: 'read_file', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'A' },
          { type: 'tool_result', tool_use_id: 't2', content: 'B' },
        ],
      },
    ]);
  });
});
