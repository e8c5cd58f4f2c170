import { afterEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../../e2e/fake-server/fakeServer';
import { PunieError } from '../errors';
import { readModels, resolveLocal } from './resolveLocal';
import { closedPort } from '../../../e2e/fake-server/closedPort';

const servers: FakeServer[] = [];
async function start(...args: Parameters<typeof startFakeServer>): Promise<FakeServer> {
  const s = await startFakeServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const signal = () => new AbortController().signal;

describe('resolveLocal', () => {
  it('takes the first endpoint in order that answers, and its first chat model', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const a = await start({ profile: 'mlx-lm' });
    const b = await start({ profile: 'lmstudio' });
    const target = await resolveLocal({}, { endpoints: [dead, a.baseURL, b.baseURL], signal: signal() });
    expect(target).toEqual({ baseURL: a.baseURL, model: 'mlx-community/Qwen2.5-7B-Instruct-4bit', serverKind: 'mlx-lm', contextLength: 32768, contextSource: 'assumed', loaded: false });
  });

  it('passes over a server with nothing loaded for a later one with a loaded model', async () => {
    const lms = await start({ profile: 'lmstudio', models: [{ id: 'qwen/qwen3-8b', loaded: false }] });
    const llama = await start({ profile: 'llama.cpp' });
    expect(await resolveLocal({}, { endpoints: [lms.baseURL, llama.baseURL], signal: signal() })).toEqual({
      baseURL: llama.baseURL,
      model: 'tiny-qwen2.gguf',
      serverKind: 'llama.cpp',
      contextLength: 4096,
      contextSource: 'loaded',
      loaded: true,
    });
  });

  it('decides as soon as it knows: a silent endpoint later in the list holds nothing up', async () => {
    const good = await start({ profile: 'lmstudio' });
    const hole = await start({ hangAll: true });
    const target = await resolveLocal({}, { endpoints: [good.baseURL, hole.baseURL], signal: signal(), probeTimeoutMs: 60_000, roundTimeoutMs: 60_000 });
    expect(target).toMatchObject({ baseURL: good.baseURL, model: 'qwen/qwen3-coder-30b', serverKind: 'lmstudio', contextLength: 32768 });
  });

  it('LM Studio with nothing loaded: model-not-loaded naming its chat models, not its embedding models', async () => {
    const lms = await start({ profile: 'lmstudio', models: [{ id: 'qwen/qwen3-8b', loaded: false }, { id: 'text-embedding-nomic', loaded: false, type: 'embeddings' }] });
    const error = await resolveLocal({}, { endpoints: [lms.baseURL], signal: signal() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model-not-loaded', message: `No model is loaded on LM Studio at ${lms.baseURL}. Models it has: qwen/qwen3-8b.` });
    expect((error as PunieError).hint).toMatch(/the first message loads it/);
  });

  it('mlx-lm: the model it was started with, never a placeholder', async () => {
    const mlx = await start({ profile: 'mlx-lm', mlxModelPath: '/Users/me/models/Qwen3-4B' });
    expect(await resolveLocal({}, { endpoints: [mlx.baseURL], signal: signal() })).toMatchObject({ model: '/Users/me/models/Qwen3-4B', serverKind: 'mlx-lm' });
    const bare = await start({ profile: 'mlx-lm', models: [{ id: 'mlx-community/Qwen3-8B-4bit' }] });
    const target = await resolveLocal({}, { endpoints: [bare.baseURL], signal: signal() });
    expect(target.model).toBe('mlx-community/Qwen3-8B-4bit');
    expect(target.model).not.toMatch(/^default/);
  });

  it('a named model goes to the first endpoint that lists it', async () => {
    const lms = await start({ profile: 'lmstudio' });
    const llama = await start({ profile: 'llama.cpp', router: true, models: [{ id: 'tiny-a', loaded: true, contextLength: 2048 }] });
    expect(await resolveLocal({ model: 'tiny-a' }, { endpoints: [lms.baseURL, llama.baseURL], signal: signal() })).toEqual({
      baseURL: llama.baseURL,
      model: 'tiny-a',
      serverKind: 'llama.cpp',
      contextLength: 2048,
      contextSource: 'loaded',
      loaded: true,
    });
  });

  it('a named model listed but not loaded is left to the server (its own words reach the user)', async () => {
    const llama = await start({ profile: 'llama.cpp', router: true, models: [{ id: 'tiny-b', loaded: false }] });
    expect(await resolveLocal({ model: 'tiny-b' }, { endpoints: [llama.baseURL], signal: signal() })).toMatchObject({ baseURL: llama.baseURL, model: 'tiny-b' });
  });

  it('uses the model asked for', async () => {
    const a = await start({ profile: 'lmstudio' });
    expect(await resolveLocal({ model: 'google/gemma-3-12b' }, { endpoints: [a.baseURL], signal: signal() })).toMatchObject({ model: 'google/gemma-3-12b' });
  });

  it('probes only the server named by the spec', async () => {
    const a = await start({ profile: 'lmstudio' });
    const b = await start({ profile: 'llama.cpp' });
    const target = await resolveLocal({ baseURL: b.baseURL }, { endpoints: [a.baseURL], signal: signal() });
    expect(target).toEqual({ baseURL: b.baseURL, model: 'tiny-qwen2.gguf', serverKind: 'llama.cpp', contextLength: 4096, contextSource: 'loaded', loaded: true });
    expect(a.requests).toHaveLength(0);
  });

  it('skips embedding models and prefers a loaded model in llama.cpp router mode', async () => {
    const a = await start({
      profile: 'llama.cpp',
      router: true,
      models: [
        { id: 'nomic-embed-text.gguf', loaded: true },
        { id: 'a.gguf', loaded: false },
        { id: 'b.gguf', loaded: true },
      ],
    });
    expect(await resolveLocal({}, { endpoints: [a.baseURL], signal: signal() })).toMatchObject({ model: 'b.gguf' });
  });

  it('says model-not-loaded when the server lists no chat model', async () => {
    const a = await start({ profile: 'llama.cpp', router: true, models: [{ id: 'a.gguf', loaded: false }] });
    const error = await resolveLocal({}, { endpoints: [a.baseURL], signal: signal() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model-not-loaded' });
    expect((error as PunieError).message).toMatch(/a\.gguf/);
  });

  it('nothing listening: server-unavailable naming the URLs tried, quickly', async () => {
    const urls = [`http://127.0.0.1:${await closedPort()}/v1`, `http://127.0.0.1:${await closedPort()}/v1`];
    const error = await resolveLocal({}, { endpoints: urls, signal: signal() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PunieError);
    expect((error as PunieError).code).toBe('server-unavailable');
    expect((error as PunieError).message).toBe(`Local model server not available. Start LM Studio or mlx-lm.server first. Tried: ${urls.join(', ')}.`);
  });

  it('a black-holed endpoint does not hold up one that answers', async () => {
    const hole = await start({ hangAll: true });
    const good = await start({ profile: 'llama.cpp' });
    const target = await resolveLocal({}, { endpoints: [hole.baseURL, good.baseURL], signal: signal(), probeTimeoutMs: 300 });
    expect(target.baseURL).toBe(good.baseURL);
  });

  it('sends a configured endpoint key, and treats 401 as a server that is there', async () => {
    const a = await start({ profile: 'lmstudio', apiKey: 'lm-key' });
    expect(await resolveLocal({ model: 'm' }, { endpoints: [a.baseURL], signal: signal() })).toEqual({ baseURL: a.baseURL, model: 'm' });
    await expect(resolveLocal({}, { endpoints: [a.baseURL], signal: signal() })).rejects.toMatchObject({ code: 'auth-failed' });
    expect(await resolveLocal({}, { endpoints: [a.baseURL], signal: signal(), apiKeyFor: () => 'lm-key' })).toMatchObject({ model: 'qwen/qwen3-coder-30b' });
    expect(a.requests.at(-1)!.headers.authorization).toBe('Bearer lm-key');
  });

  it('is aborted by its signal', async () => {
    const hole = await start({ hangAll: true });
    const controller = new AbortController();
    const run = resolveLocal({}, { endpoints: [hole.baseURL], signal: controller.signal, probeTimeoutMs: 60_000 });
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('readModels', () => {
  it('reads ids, owners and status, ignoring junk', () => {
    expect(readModels({ data: [{ id: 'a', owned_by: 'llamacpp', status: { value: 'loaded' } }, { id: 'b', status: 'unloaded' }, { nope: 1 }, null] })).toEqual([
      { id: 'a', ownedBy: 'llamacpp', loaded: true },
      { id: 'b', loaded: false },
    ]);
    expect(readModels('x')).toEqual([]);
  });
});

describe('resolveLocal with a server that has no model listing', () => {
  it('goes ahead when the spec names a model, and says what to do when it does not', async () => {
    const server = await startFakeServer({ profile: 'lmstudio' });
    try {
      // Nothing is served under this path: /nothing/v1/models answers 404.
      const base = `${server.origin}/nothing/v1`;
      expect(await resolveLocal({ baseURL: base, model: 'm' }, { endpoints: [], signal: new AbortController().signal })).toEqual({ baseURL: base, model: 'm' });
      await expect(resolveLocal({ baseURL: base }, { endpoints: [], signal: new AbortController().signal })).rejects.toMatchObject({ code: 'model-not-found' });
    } finally {
      await server.close();
    }
  });
});
