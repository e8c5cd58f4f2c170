import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { errorTurn, textTurn, toolTurn, words } from '../../../e2e/fake-server/script';
import { PunieError } from '../errors';
import { createModel, type CreateModelDeps } from './createModel';
import { createKeySource } from './keySource';
import { createOpenAICompatModel } from './openaiCompatModel';
import type { ChatModel, ChatRequest, ModelStreamEvent } from './types';
import { checkedModelSpec } from './checkedSpec';

const SECRET = 'sk-test-secret-0123456789abcdef';
let server: FakeServer;
const savedEnv = { key: process.env.OPENAI_API_KEY, org: process.env.OPENAI_ORG_ID };

function deps(extra: Partial<CreateModelDeps> = {}): CreateModelDeps {
  const env = { OPENAI_API_KEY: SECRET };
  return { env, keys: createKeySource(env, () => SECRET), endpoints: [server.baseURL], retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...extra };
}

async function collect(model: ChatModel, request: ChatRequest, signal = new AbortController().signal): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  await model.streamTo(request, signal, (e) => events.push(e));
  return events;
}

async function failure(model: ChatModel, request: ChatRequest): Promise<PunieError> {
  try {
    await collect(model, request);
  } catch (e) {
    if (e instanceof PunieError) return e;
    throw e;
  }
  throw new Error('expected the stream to fail');
}

const hi: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };
const text = (events: ModelStreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');

beforeEach(async () => {
  // Set in the process too: the SDK must not pick it up by itself.
  process.env.OPENAI_API_KEY = SECRET;
  process.env.OPENAI_ORG_ID = 'org-secret';
  server = await startFakeServer({ profile: 'lmstudio' });
});
afterEach(async () => {
  await server.close();
  if (savedEnv.key === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = savedEnv.key;
  if (savedEnv.org === undefined) delete process.env.OPENAI_ORG_ID;
  else process.env.OPENAI_ORG_ID = savedEnv.org;
});

describe('OpenAI-compatible provider against a local server', () => {
  it('streams text deltas, usage and the finish reason', async () => {
    server.setScript([textTurn('Hello there, friend.', { usage: { promptTokens: 7, completionTokens: 4 } })]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    expect(model.ref).toMatchObject({ provider: 'local', baseURL: server.baseURL, modelId: 'qwen/qwen3-coder-30b' });
    const events = await collect(model, hi);
    expect(text(events)).toBe('Hello there, friend.');
    expect(events.filter((e) => e.type === 'text-delta').length).toBe(3);
    expect(events).toContainEqual({ type: 'usage', usage: { inputTokens: 7, outputTokens: 4, totalTokens: 11 } });
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it("sends the model, a usage request and the family's sampling, named as LM Studio reads it", async () => {
    const model = await createModel(checkedModelSpec('local:qwen/qwen3-coder-30b'), deps(), new AbortController().signal);
    expect(model.preset).toEqual({ temperature: 0.7, topP: 0.8, topK: 20, repetitionPenalty: 1.05 });
    await collect(model, { ...hi, tools: [{ name: 'read_file', description: 'Read', parameters: { type: 'object' } }] });
    const body = server.chatRequests()[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'qwen/qwen3-coder-30b', stream: true, stream_options: { include_usage: true }, temperature: 0.7, top_p: 0.8, top_k: 20, repeat_penalty: 1.05 });
    expect(body).not.toHaveProperty('max_tokens');
    expect(body).not.toHaveProperty('min_p');
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'read_file', description: 'Read', parameters: { type: 'object' } } }]);
  });

  it('sends no sampling parameters and no cap for a model that matches no family', async () => {
    server.setModels([{ id: 'my-finetune', loaded: true }]);
    const model = await createModel(checkedModelSpec('local:my-finetune'), deps(), new AbortController().signal);
    expect(model.preset).toBeUndefined();
    await collect(model, hi);
    const body = server.chatRequests()[0]!.body as Record<string, unknown>;
    for (const field of ['temperature', 'top_p', 'top_k', 'min_p', 'repeat_penalty', 'repetition_penalty', 'max_tokens']) expect(body).not.toHaveProperty(field);
  });

  it('puts the user preset over the family and the flags over both, and sends the cap it is given', async () => {
    const model = await createModel(
      checkedModelSpec('local:qwen/qwen3-coder-30b'),
      deps({ presets: { 'qwen/qwen3-coder-30b': { temperature: 0.2, topK: 40 } }, overrides: { temperature: 0.9 } }),
      new AbortController().signal,
    );
    await collect(model, { ...hi, maxTokens: 512 });
    expect(server.chatRequests()[0]!.body).toMatchObject({ temperature: 0.9, top_p: 0.8, top_k: 40, repeat_penalty: 1.05, max_tokens: 512 });
  });

  it('never sends OPENAI_API_KEY (or the org id) to a local server', async () => {
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    await collect(model, hi);
    for (const r of server.requests) {
      expect(JSON.stringify(r.headers)).not.toContain(SECRET);
      expect(JSON.stringify(r.headers)).not.toContain('org-secret');
    }
    expect(server.chatRequests()[0]!.headers.authorization).toBe('Bearer api-key-not-set');
  });

  it("sends the endpoint's own key when one is configured", async () => {
    const model = await createModel(checkedModelSpec('local:'), deps({ endpointKeys: { [server.baseURL]: 'lm-key' } }), new AbortController().signal);
    await collect(model, hi);
    expect(server.chatRequests()[0]!.headers.authorization).toBe('Bearer lm-key');
  });

  it('aborting closes the connection, so the server stops generating', async () => {
    server.setScript([textTurn(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '), { chunkDelayMs: 20 })]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    const controller = new AbortController();
    const seen: string[] = [];
    const run = model.streamTo(hi, controller.signal, (e) => {
      if (e.type === 'text-delta') {
        seen.push(e.text);
        if (seen.length === 3) controller.abort();
      }
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const request = server.chatRequests()[0]!;
    await request.done;
    expect(request.clientClosedEarly).toBe(true);
    expect(seen.length).toBeLessThan(10);
  });

  it('aborting a request the server never answers ends it at once', async () => {
    server.setScript([{ kind: 'hang' }]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    const controller = new AbortController();
    const run = collect(model, hi, controller.signal);
    // Abort once the server holds the request (not before it was sent).
    await vi.waitFor(() => expect(server.chatRequests()).toHaveLength(1));
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await server.chatRequests()[0]!.done;
    expect(server.chatRequests()[0]!.clientClosedEarly).toBe(true);
  });

  it('a server that dies mid-stream gives stream-broken with the text so far', async () => {
    server.setScript([{ chunks: [...words('Partial answer').map((w) => ({ text: w })), { die: true }] }]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    const e = await failure(model, hi);
    expect(e.code).toBe('stream-broken');
    expect(e.partialText).toBe('Partial answer');
  });

  it('a malformed chunk gives stream-broken with the text so far', async () => {
    server.setScript([{ chunks: [{ text: 'Fine' }, { malformed: '{"choices": [' }] }]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    const e = await failure(model, hi);
    expect(e).toMatchObject({ code: 'stream-broken', partialText: 'Fine' });
    expect(e.message).toMatch(/malformed/);
  });

  it('an in-stream error object after text gives stream-broken with the server words', async () => {
    server.setScript([{ chunks: [{ text: 'Start' }, { streamError: { message: 'out of memory' } }] }]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    const e = await failure(model, hi);
    expect(e).toMatchObject({ code: 'stream-broken', partialText: 'Start' });
    expect(e.message).toMatch(/out of memory/);
  });

  it('retries a 503 before any output, then streams', async () => {
    server.setScript([errorTurn(503, { error: 'loading model' }), textTurn('Back again.')]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    expect(text(await collect(model, hi))).toBe('Back again.');
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('gives up on 429 after the bounded attempts', async () => {
    server.setScript([errorTurn(429, { error: 'slow' }), errorTurn(429, { error: 'slow' }), errorTurn(429, { error: 'slow' }), textTurn('never')]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    expect((await failure(model, hi)).code).toBe('rate-limited');
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    server.setScript([errorTurn(400, { error: 'bad thing' })]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    expect((await failure(model, hi)).code).toBe('bad-request');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('assembles streamed tool calls and finishes with tool-calls', async () => {
    server.setScript([toolTurn([{ name: 'read_file', arguments: '{"path":"notes.md"}' }])]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    const events = await collect(model, hi);
    const call = events.find((e) => e.type === 'tool-call');
    expect(call).toMatchObject({ call: { name: 'read_file', argsText: '{"path":"notes.md"}' } });
    expect(events.filter((e) => e.type === 'tool-call-delta').map((e) => (e.type === 'tool-call-delta' ? e.argsDelta : '')).join('')).toBe('{"path":"notes.md"}');
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
  });

  it('recovers <tool_call> text as a real call when tools were offered, hiding the tags', async () => {
    const written = 'Let me read it.<tool_call>\n{"name": "read_file", "arguments": {"path": "notes.md"}}\n</tool_call>';
    server.setScript([{ chunks: [...written].map((c) => ({ text: c })) }]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    const events = await collect(model, { ...hi, tools: [{ name: 'read_file', description: 'Read', parameters: {} }] });
    expect(text(events)).toBe('Let me read it.');
    expect(events.find((e) => e.type === 'tool-call')).toMatchObject({ call: { name: 'read_file', argsText: '{"path":"notes.md"}' } });
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' });
  });

  it('leaves <tool_call> text alone when no tools were offered', async () => {
    server.setScript([textTurn('<tool_call>{"name":"x"}</tool_call>')]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    expect(text(await collect(model, hi))).toBe('<tool_call>{"name":"x"}</tool_call>');
  });

  it('treats a stream that ends without a finish reason as broken', async () => {
    server.setScript([{ kind: 'stream', chunks: [{ text: 'cut' }, { delayMs: 1 }, { die: true }] }]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    expect(await failure(model, hi)).toMatchObject({ code: 'stream-broken', partialText: 'cut' });
  });

  it('tolerates a server that sends no usage', async () => {
    server.setScript([textTurn('No usage here.', { usage: false })]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    const events = await collect(model, hi);
    expect(events.some((e) => e.type === 'usage')).toBe(false);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('maps finish reason length', async () => {
    server.setScript([textTurn('Cut short', { finishReason: 'length' })]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    expect((await collect(model, hi)).at(-1)).toEqual({ type: 'finish', reason: 'length' });
  });

  it('a consumer that throws ends the stream with its own error and closes the request', async () => {
    server.setScript([textTurn(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '), { chunkDelayMs: 5 })]);
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    const mine = new Error('the consumer gave up');
    let seen = 0;
    const run = model.streamTo(hi, new AbortController().signal, (e) => {
      if (e.type === 'text-delta' && ++seen === 2) throw mine;
    });
    await expect(run).rejects.toBe(mine);
    const request = server.chatRequests()[0]!;
    await request.done;
    expect(request.clientClosedEarly).toBe(true);
  });

  it('sends earlier tool calls and results back in OpenAI form', async () => {
    const model = await createModel(checkedModelSpec('local:'), deps(), new AbortController().signal);
    await collect(model, {
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'read it' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', argsText: '{"path":"a"}' }] },
        { role: 'tool', toolCallId: 'c1', name: 'read_file', content: 'contents' },
      ],
    });
    expect((server.chatRequests()[0]!.body as { messages: unknown }).messages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'read it' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'contents' },
    ]);
  });
});

describe('OpenAI-compatible provider, stream endings', () => {
  it('accepts an answer whose connection drops after the finish reason', async () => {
    const server = await startFakeServer({ profile: 'llama.cpp' });
    try {
      // The usage chunk comes after the finish chunk; a cut there loses only the usage.
      server.setScript([{ chunks: [{ text: 'Complete.' }], dieAfterFinish: true }]);
      const model = await createModel(checkedModelSpec(`local:${server.baseURL}`), { env: {}, keys: createKeySource({}), endpoints: [] }, new AbortController().signal);
      const events = await collect(model, hi);
      expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
      expect(events.some((e) => e.type === 'usage')).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('OpenAI-compatible provider, a server gone silent', () => {
  it('gives up after the idle timeout with stream-broken, keeping the text', async () => {
    const server = await startFakeServer({ profile: 'llama.cpp', script: [{ chunks: [{ text: 'Before' }, { delayMs: 5_000 }, { text: ' after' }] }] });
    try {
      const model = createOpenAICompatModel({
        ref: { spec: 'local:', provider: 'local', modelId: 'tiny-qwen2.gguf', baseURL: server.baseURL },
        baseURL: server.baseURL,
        apiKey: 'api-key-not-set',
        flavour: 'local',
        idleTimeoutMs: 100,
      });
      const events: ModelStreamEvent[] = [];
      const error = await model.streamTo(hi, new AbortController().signal, (e) => events.push(e)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'stream-broken', partialText: 'Before' });
      expect((error as Error).message).toMatch(/sent nothing for 100 ms/);
      await server.chatRequests()[0]!.done;
      expect(server.chatRequests()[0]!.clientClosedEarly).toBe(true);
    } finally {
      await server.close();
    }
  });
});
