import { describe, expect, it } from 'vitest';
import { closedPort } from '../../../e2e/fake-server/closedPort';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import { probeServers } from './probeServers';

const start = useFakeServers();
const signal = () => new AbortController().signal;

describe('probeServers', () => {
  it('probes every endpoint in one round and says what local: resolves to', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    const lms = await start({ profile: 'lmstudio', models: [{ id: 'qwen/qwen3-8b', loaded: false }] });
    const llama = await start({ profile: 'llama.cpp' });
    const status = await probeServers({ endpoints: [dead, lms.baseURL, llama.baseURL], signal: signal() });
    expect(status.endpoints.map((e) => [e.url, e.state, e.kind])).toEqual([
      [dead, 'offline', undefined],
      [lms.baseURL, 'online', 'lmstudio'],
      [llama.baseURL, 'online', 'llama.cpp'],
    ]);
    expect(status).toMatchObject({ overall: 'ready', active: { url: llama.baseURL, kind: 'llama.cpp', model: 'tiny-qwen2.gguf' } });
    expect(status.ollama).toBeUndefined();
  });

  it('no-model with servers but nothing loaded; offline with nothing answering', async () => {
    const router = await start({ profile: 'llama.cpp', router: true, models: [{ id: 'a', loaded: false }] });
    expect((await probeServers({ endpoints: [router.baseURL], signal: signal() })).overall).toBe('no-model');
    const urls = [`http://127.0.0.1:${await closedPort()}/v1`, `http://127.0.0.1:${await closedPort()}/v1`];
    expect(await probeServers({ endpoints: urls, signal: signal() })).toMatchObject({ overall: 'offline', endpoints: [{ state: 'offline' }, { state: 'offline' }] });
  });

  it('probes Ollama beside the endpoints, once', async () => {
    const ollama = await start({ profile: 'ollama' });
    const status = await probeServers({ endpoints: [`http://127.0.0.1:${await closedPort()}/v1`], ollamaURL: ollama.baseURL, signal: signal() });
    expect(status).toMatchObject({ overall: 'offline', ollama: { url: ollama.baseURL, kind: 'ollama', state: 'online' } });
    const listed = await probeServers({ endpoints: [ollama.baseURL], ollamaURL: ollama.baseURL, signal: signal() });
    expect(listed.ollama).toBeUndefined();
    expect(listed.endpoints[0]!.kind).toBe('ollama');
  });

  it('a black-holed endpoint ends the round at its bound and the rest are reported', async () => {
    const hole = await start({ hangAll: true });
    const good = await start({ profile: 'llama.cpp' });
    const status = await probeServers({ endpoints: [hole.baseURL, good.baseURL], signal: signal(), requestTimeoutMs: 60_000, roundTimeoutMs: 200 });
    expect(status.endpoints.map((e) => e.state)).toEqual(['error', 'online']);
    expect(status.overall).toBe('ready');
  });

  it('many endpoints share one signal without warnings about listeners', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const s = await start({ profile: 'lmstudio' });
      const urls = Array.from({ length: 12 }, (_, i) => `${s.origin}/p${i}/v1`);
      await probeServers({ endpoints: [...urls, s.baseURL], signal: signal() });
      await new Promise((r) => setImmediate(r));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('is aborted by its signal', async () => {
    const hole = await start({ hangAll: true });
    const controller = new AbortController();
    const round = probeServers({ endpoints: [hole.baseURL], signal: controller.signal, requestTimeoutMs: 60_000, roundTimeoutMs: 60_000 });
    controller.abort();
    await expect(round).rejects.toMatchObject({ code: 'aborted' });
  });
});
