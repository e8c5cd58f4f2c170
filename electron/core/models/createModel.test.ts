import { afterEach, describe, expect, it } from 'vitest';
import { closedPort } from '../../../e2e/fake-server/closedPort';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { textTurn } from '../../../e2e/fake-server/script';
import { OLLAMA_BASE_URL } from '../../../shared/modelSpec';
import { PunieError } from '../errors';
import { createModel, type CreateModelDeps } from './createModel';
import { createKeySource } from './keySource';
import type { ChatModel } from './types';
import { checkedModelSpec } from './checkedSpec';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const signal = () => new AbortController().signal;
const base = (env: Record<string, string> = {}, stored: Record<string, string> = {}): CreateModelDeps => ({
  env,
  keys: createKeySource(env, (p) => stored[p]),
  endpoints: [],
});

async function firstText(model: ChatModel): Promise<string> {
  let text = '';
  await model.streamTo({ messages: [{ role: 'user', content: 'hi' }] }, signal(), (e) => {
    if (e.type === 'text-delta') text += e.text;
  });
  return text;
}

async function rejection(p: Promise<unknown>): Promise<PunieError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof PunieError)) throw new Error(`expected a PunieError, got ${String(e)}`);
  return e;
}

describe('createModel', () => {
  it('makes the test model without any network', async () => {
    const model = await createModel(checkedModelSpec('test'), base(), signal());
    expect(model.ref).toEqual({ spec: 'test', provider: 'test', modelId: 'test' });
  });

  it('OpenAI without a key: auth-missing naming the variable by default', async () => {
    const e = await rejection(createModel(checkedModelSpec('openai:gpt-4.1'), base(), signal()));
    expect(e.code).toBe('auth-missing');
    expect(e.message).toMatch(/OpenAI/);
    expect(e.hint).toBe('Set OPENAI_API_KEY.');
  });

  it('a face says where its keys come from', async () => {
    const e = await rejection(createModel(checkedModelSpec('anthropic:claude-sonnet-4-6'), { ...base(), missingKeyHint: (p) => `hint for ${p}` }, signal()));
    expect(e).toMatchObject({ code: 'auth-missing', hint: 'hint for anthropic' });
  });

  it('OpenAI honours OPENAI_BASE_URL and sends the key there, with no sampling or cap unless one is set', async () => {
    const server = await startFakeServer({ profile: 'openai', apiKey: 'sk-env-key-000000', script: [textTurn('From OpenAI.')] });
    servers.push(server);
    const model = await createModel(checkedModelSpec('openai:gpt-4.1'), base({ OPENAI_API_KEY: 'sk-env-key-000000', OPENAI_BASE_URL: `${server.baseURL}/` }), signal());
    expect(model.ref).toMatchObject({ provider: 'openai', modelId: 'gpt-4.1', baseURL: server.baseURL });
    expect(await firstText(model)).toBe('From OpenAI.');
    const body = server.chatRequests()[0]!.body as Record<string, unknown>;
    expect(body).not.toHaveProperty('max_completion_tokens');
    expect(body).not.toHaveProperty('max_tokens');
    expect(body).not.toHaveProperty('temperature');
  });

  it('OpenAI gets the user preset and the flags as its own fields, never local-only fields', async () => {
    const server = await startFakeServer({ profile: 'openai', apiKey: 'sk-env-key-000000', script: [textTurn('From OpenAI.')] });
    servers.push(server);
    const deps = {
      ...base({ OPENAI_API_KEY: 'sk-env-key-000000', OPENAI_BASE_URL: server.baseURL }),
      presets: { 'gpt-4.1': { topK: 5, minP: 0.1, repetitionPenalty: 1.2, temperature: 0.3 } },
      overrides: { topP: 0.5 },
    };
    const model = await createModel(checkedModelSpec('openai:gpt-4.1'), deps, signal());
    await model.streamTo({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 100 }, signal(), () => undefined);
    const body = server.chatRequests()[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ temperature: 0.3, top_p: 0.5, max_completion_tokens: 100 });
    for (const field of ['top_k', 'min_p', 'repeat_penalty', 'repetition_penalty', 'max_tokens']) expect(body).not.toHaveProperty(field);
  });

  it('the environment key wins over the stored key', async () => {
    const server = await startFakeServer({ profile: 'openai', apiKey: 'sk-env-key-000000' });
    servers.push(server);
    const model = await createModel(checkedModelSpec('openai:gpt-4.1'), base({ OPENAI_API_KEY: 'sk-env-key-000000', OPENAI_BASE_URL: server.baseURL }, { openai: 'sk-stored-key-0000' }), signal());
    await firstText(model);
    expect(server.chatRequests()[0]!.headers.authorization).toBe('Bearer sk-env-key-000000');
  });

  it('a stored key is used when the environment has none', async () => {
    const server = await startFakeServer({ profile: 'openai', apiKey: 'sk-stored-key-0000' });
    servers.push(server);
    const model = await createModel(checkedModelSpec('openai:gpt-4.1'), base({ OPENAI_BASE_URL: server.baseURL }, { openai: 'sk-stored-key-0000' }), signal());
    expect(await firstText(model)).not.toBe('');
  });

  it('Ollama goes to its default URL with the placeholder key', async () => {
    const model = await createModel(checkedModelSpec('ollama:qwen3:8b'), base({ OPENAI_API_KEY: 'sk-nope-00000000' }), signal());
    expect(model.ref).toEqual({ spec: 'ollama:qwen3:8b', provider: 'ollama', modelId: 'qwen3:8b', baseURL: OLLAMA_BASE_URL, serverKind: 'ollama' });
  });

  it('Ollama moves with $OLLAMA_HOST, and gets the placeholder key there, never the OpenAI key', async () => {
    const server = await startFakeServer({ profile: 'ollama' });
    servers.push(server);
    const hostPort = new URL(server.baseURL).host;
    const model = await createModel(checkedModelSpec('ollama:qwen3:8b'), base({ OLLAMA_HOST: hostPort, OPENAI_API_KEY: 'sk-nope-00000000' }), signal());
    expect(model.ref.baseURL).toBe(`http://${hostPort}/v1`);
    expect(await firstText(model)).not.toBe('');
    expect(server.chatRequests()[0]!.headers.authorization).not.toContain('sk-nope');
  });

  it('local: resolves through the injected resolver, with the endpoints and the endpoint key', async () => {
    const seen: unknown[] = [];
    const deps: CreateModelDeps = {
      ...base(),
      endpoints: ['http://127.0.0.1:1/v1'],
      endpointKeys: { 'http://127.0.0.1:9/v1': 'k' },
      resolveLocal: async (want, o) => {
        seen.push(want, o.endpoints, o.apiKeyFor?.('http://127.0.0.1:9/v1'));
        return { baseURL: 'http://127.0.0.1:9/v1', model: 'm', serverKind: 'lmstudio', contextLength: 4096 };
      },
    };
    const model = await createModel(checkedModelSpec('local:m'), deps, signal());
    expect(seen).toEqual([{ model: 'm' }, ['http://127.0.0.1:1/v1'], 'k']);
    expect(model.ref).toEqual({ spec: 'local:m', provider: 'local', modelId: 'm', baseURL: 'http://127.0.0.1:9/v1', serverKind: 'lmstudio', contextLength: 4096 });
  });

  it('local: naming both server and model sends nothing before the chat request', async () => {
    const server = await startFakeServer({ profile: 'llama.cpp', script: [textTurn('Right away.')] });
    servers.push(server);
    const model = await createModel(checkedModelSpec(`local:${server.baseURL}/tiny.gguf`), base(), signal());
    expect(model.ref).toEqual({ spec: `local:${server.baseURL}/tiny.gguf`, provider: 'local', modelId: 'tiny.gguf', baseURL: server.baseURL });
    expect(await firstText(model)).toBe('Right away.');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/chat/completions']);
  });

  it('local: with nothing listening is server-unavailable', async () => {
    const e = await rejection(createModel(checkedModelSpec('local:'), { ...base(), endpoints: [`http://127.0.0.1:${await closedPort()}/v1`] }, signal()));
    expect(e.code).toBe('server-unavailable');
    expect(e.message).toMatch(/^Local model server not available\. Start LM Studio or mlx-lm\.server first\. Tried: http:\/\/127\.0\.0\.1:\d+\/v1\.$/);
  });

  it('a model error lists the models the server has', async () => {
    const server = await startFakeServer({ profile: 'llama.cpp', router: true, models: [{ id: 'a.gguf', loaded: true }, { id: 'b.gguf', loaded: false }] });
    servers.push(server);
    const model = await createModel(checkedModelSpec(`local:${server.baseURL}/b.gguf`), base(), signal());
    const e = await rejection(firstText(model));
    expect(e.code).toBe('model-not-loaded');
    expect(e.message).toMatch(/The server said: model is not loaded\./);
    expect(e.message).toMatch(/Models it has: a\.gguf, b\.gguf\./);
  });
});
