import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../../e2e/fake-server/fakeServer';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import type { LoadStep } from '../../../shared/modelLoad';
import { createFakeLms, type FakeLmsBehaviour } from '../../../test/support/core/fakeLms';
import { loadModel, unloadModel, type ModelControlDeps } from './modelLoader';
import { probeEndpoint } from './probeEndpoint';

const start = useFakeServers();
const root = await mkdtemp(join(tmpdir(), 'punie-load-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const noLms: ModelControlDeps = { findLms: async () => undefined, env: {}, tickMs: 20 };
const signal = () => new AbortController().signal;

async function target(server: FakeServer, model: string, apiKey?: string) {
  const endpoint = await probeEndpoint(server.baseURL, { signal: signal(), ...(apiKey ? { apiKey } : {}) });
  return { endpoint, model, ...(apiKey ? { apiKey } : {}) };
}

function recorder() {
  const steps: LoadStep[] = [];
  return { steps, onStep: (s: LoadStep) => steps.push(s), phases: () => [...new Set(steps.map((s) => s.phase))] };
}

async function modelState(server: FakeServer, id: string) {
  const status = await probeEndpoint(server.baseURL, { signal: signal() });
  return status.models.find((m) => m.id === id);
}

describe("loadModel: LM Studio 0.4's REST API", () => {
  it('loads a model with the context asked for, reporting progress, and the listing then says so', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v1', loadDelayMs: 120 });
    const r = recorder();
    const done = await loadModel(await target(s, 'google/gemma-3-12b'), { signal: signal(), contextLength: 16384, onStep: r.onStep }, noLms);
    expect(done).toMatchObject({ phase: 'loaded', via: 'lmstudio-rest', contextLength: 16384 });
    expect(r.phases()).toEqual(['loading', 'loaded']);
    expect(r.steps.filter((x) => x.phase === 'loading').length).toBeGreaterThan(1); // the time so far, while it loads
    expect(s.controlLog).toEqual(['load google/gemma-3-12b 16384']);
    expect(await modelState(s, 'google/gemma-3-12b')).toMatchObject({ loaded: true, contextLength: 16384, contextSource: 'loaded' });
  });

  it('reloads a loaded model with another context: unloads every instance first, then loads once', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'both', loadDelayMs: 30 });
    const r = recorder();
    await loadModel(await target(s, 'qwen/qwen3-coder-30b'), { signal: signal(), contextLength: 65536, onStep: r.onStep }, noLms);
    expect(s.controlLog).toEqual(['unload qwen/qwen3-coder-30b', 'load qwen/qwen3-coder-30b 65536']);
    expect(r.phases()).toEqual(['unloading', 'loading', 'loaded']);
    expect(await modelState(s, 'qwen/qwen3-coder-30b')).toMatchObject({ loaded: true, contextLength: 65536 });
  });

  it('asks nothing of the server when the model is loaded with that context already', async () => {
    const s = await start({ profile: 'lmstudio' });
    const done = await loadModel(await target(s, 'qwen/qwen3-coder-30b'), { signal: signal(), contextLength: 32768 }, noLms);
    expect(done).toMatchObject({ phase: 'loaded', contextLength: 32768 });
    expect(s.controlLog).toEqual([]);
  });

  it('cancelling closes the request and unloads what LM Studio still brings up', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v1', loadDelayMs: 300 });
    const cleanups: Promise<void>[] = [];
    const controller = new AbortController();
    const r = recorder();
    const t = await target(s, 'google/gemma-3-12b');
    // Cancelled once LM Studio has the load request.
    const arrived = setInterval(() => s.requests.some((q) => q.path === '/api/v1/models/load') && controller.abort(), 5);
    const failed = await loadModel(t, { signal: controller.signal, onStep: r.onStep }, { ...noLms, track: (w) => cleanups.push(w), cancelWatchMs: 3_000 }).catch((e: unknown) => e);
    clearInterval(arrived);
    expect(failed).toMatchObject({ code: 'aborted' });
    expect(r.steps.at(-1)).toMatchObject({ phase: 'cancelled' });
    const load = s.requests.find((q) => q.path === '/api/v1/models/load')!;
    await load.done;
    expect(load.clientClosedEarly).toBe(true);
    await Promise.all(cleanups);
    expect(s.controlLog).toEqual(['load google/gemma-3-12b', 'unload google/gemma-3-12b']);
    expect(await modelState(s, 'google/gemma-3-12b')).toMatchObject({ loaded: false });
  });

  it("passes the endpoint's key, and says so when LM Studio refuses it", async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v1', apiKey: 'sk-lm', loadDelayMs: 10 });
    await loadModel(await target(s, 'google/gemma-3-12b', 'sk-lm'), { signal: signal() }, noLms);
    expect(s.requests.filter((q) => q.method === 'POST').map((q) => q.headers.authorization)).toEqual(['Bearer sk-lm']);
    const t = await target(s, 'google/gemma-3-12b', 'sk-lm');
    await expect(unloadModel({ ...t, apiKey: 'wrong' }, { signal: signal() }, noLms)).rejects.toMatchObject({ code: 'auth-failed' });
  });

  it("carries LM Studio's own words when a load fails", async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v1', loadError: 'Not enough memory to load the model.', loadDelayMs: 5 });
    await expect(loadModel(await target(s, 'google/gemma-3-12b'), { signal: signal() }, noLms)).rejects.toMatchObject({
      code: 'server-error',
      message: expect.stringContaining('Not enough memory to load the model.'),
    });
  });

  it('unloads a model; a model that is not loaded is reported unloaded without a request', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v1' });
    expect(await unloadModel(await target(s, 'qwen/qwen3-coder-30b'), { signal: signal() }, noLms)).toMatchObject({ phase: 'unloaded', via: 'lmstudio-rest' });
    expect(await unloadModel(await target(s, 'google/gemma-3-12b'), { signal: signal() }, noLms)).toMatchObject({ phase: 'unloaded' });
    expect(s.controlLog).toEqual(['unload qwen/qwen3-coder-30b']);
  });

  it('refuses a model the server does not list, naming the ones it has', async () => {
    const s = await start({ profile: 'lmstudio' });
    await expect(loadModel(await target(s, 'nope/model'), { signal: signal() }, noLms)).rejects.toMatchObject({
      code: 'model-not-found',
      message: expect.stringContaining('Models it has: qwen/qwen3-coder-30b, google/gemma-3-12b'),
    });
  });
});

describe("loadModel: LM Studio 0.3 and the lms command", () => {
  let n = 0;
  const lms = async (behaviour: FakeLmsBehaviour = {}) => createFakeLms(join(root, `lms-${++n}`), behaviour);

  it('without the REST API or lms: one line saying why', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v0' });
    const error = await loadModel(await target(s, 'google/gemma-3-12b'), { signal: signal() }, noLms).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/cannot load models over its API \(0\.4 and later can\), and the lms command is not installed here/) });
    expect(s.controlLog).toEqual([]);
  });

  it('loads through lms with its progress, the context and --yes, without a shell or Punie secrets', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v0' });
    const fake = await lms({ steps: [0, 10, 55, 100] });
    const r = recorder();
    const deps: ModelControlDeps = { findLms: async () => fake.file, env: { PATH: process.env.PATH, OPENAI_API_KEY: 'sk-secret' }, tickMs: 1_000 };
    const done = await loadModel(await target(s, 'google/gemma-3-12b'), { signal: signal(), contextLength: 8192, onStep: r.onStep }, deps);
    expect(done).toMatchObject({ phase: 'loaded', via: 'lms', contextLength: 8192 });
    expect(await fake.calls()).toEqual([['load', 'google/gemma-3-12b', '--yes', '--context-length', '8192']]);
    // Each progress line lms prints, in order; lines that reach Punie in one read report only the latest (a loaded machine batches them).
    const fractions = r.steps.filter((x) => x.fraction !== undefined).map((x) => x.fraction);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => [0, 0.1, 0.55, 1].includes(f!) && (i === 0 || f! > fractions[i - 1]!))).toBe(true);
    expect(await fake.envNames()).toContain('PATH');
    expect(await fake.envNames()).not.toContain('OPENAI_API_KEY');
  });

  it('cancelling sends lms SIGINT, which stops its load', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v0' });
    const fake = await lms({ steps: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], stepMs: 200 });
    const controller = new AbortController();
    const r = recorder();
    r.steps.length = 0;
    const deps: ModelControlDeps = { findLms: async () => fake.file, env: { PATH: process.env.PATH }, tickMs: 1_000 };
    const loading = loadModel(await target(s, 'google/gemma-3-12b'), { signal: controller.signal, onStep: (step) => (r.onStep(step), step.fraction === 0.01 && controller.abort()) }, deps);
    await expect(loading).rejects.toMatchObject({ code: 'aborted' });
    expect((await fake.calls()).at(-1)).toEqual(['SIGINT']);
    expect(r.steps.at(-1)).toMatchObject({ phase: 'cancelled', via: 'lms' });
  });

  it('reloads through lms: unload, then load', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v0' });
    const fake = await lms({ steps: [100] });
    await loadModel(await target(s, 'qwen/qwen3-coder-30b'), { signal: signal(), contextLength: 4096 }, { findLms: async () => fake.file, env: {}, tickMs: 1_000 });
    expect(await fake.calls()).toEqual([
      ['unload', 'qwen/qwen3-coder-30b'],
      ['load', 'qwen/qwen3-coder-30b', '--yes', '--context-length', '4096'],
    ]);
  });

  it("reports lms's own words when it fails, and a load of another model than asked", async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v0' });
    const failing = await lms({ exitCode: 1, message: 'Error: No model found that matches model key "google/gemma-3-12b".' });
    await expect(loadModel(await target(s, 'google/gemma-3-12b'), { signal: signal() }, { findLms: async () => failing.file, env: {} })).rejects.toMatchObject({
      code: 'server-error',
      message: 'lms load failed: Error: No model found that matches model key "google/gemma-3-12b".',
    });
    const other = await lms({ steps: [100], identifier: 'google/gemma-3-12b-qat' });
    await expect(loadModel(await target(s, 'google/gemma-3-12b'), { signal: signal() }, { findLms: async () => other.file, env: {} })).rejects.toMatchObject({
      message: 'lms loaded google/gemma-3-12b-qat rather than google/gemma-3-12b.',
    });
  });

  it('never gives lms a model key it would read as an option', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v0', models: [{ id: '--host=evil.example', loaded: false }] });
    const fake = await lms();
    await expect(loadModel(await target(s, '--host=evil.example'), { signal: signal() }, { findLms: async () => fake.file, env: {} })).rejects.toMatchObject({ code: 'invalid-input' });
    expect(await fake.calls()).toEqual([]);
  });

  it('does not use lms for an LM Studio on another machine', async () => {
    const s = await start({ profile: 'lmstudio', lmstudioApi: 'v0' });
    const fake = await lms();
    const t = await target(s, 'google/gemma-3-12b');
    const remote = { ...t, endpoint: { ...t.endpoint, url: 'http://192.168.1.20:1234/v1' } };
    await expect(loadModel(remote, { signal: signal() }, { findLms: async () => fake.file, env: {} })).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('lms manages only LM Studio on this machine'),
    });
  });
});

describe("loadModel: llama-server's router", () => {
  const models = [
    { id: 'tiny-a', loaded: true, contextLength: 2048 },
    { id: 'tiny-b', loaded: false },
  ];

  it('loads a model and waits until it is up, with the context its arguments give it', async () => {
    const s = await start({ profile: 'llama.cpp', router: true, routerArgs: ['llama-server', '--ctx-size', '3072'], models, loadDelayMs: 150 });
    const t = await target(s, 'tiny-b');
    expect(t.endpoint.models.find((m) => m.id === 'tiny-b')).toMatchObject({ contextLength: 3072, contextSource: 'load-default' });
    const r = recorder();
    expect(await loadModel(t, { signal: signal(), onStep: r.onStep }, noLms)).toMatchObject({ phase: 'loaded', via: 'llama-router', contextLength: 3072 });
    expect(r.phases()).toEqual(['loading', 'loaded']);
    expect(s.controlLog).toEqual(['load tiny-b']);
  });

  it('cannot load with another context than its arguments give: one line, nothing asked', async () => {
    const s = await start({ profile: 'llama.cpp', router: true, routerArgs: ['llama-server', '-c', '3072'], models });
    await expect(loadModel(await target(s, 'tiny-b'), { signal: signal(), contextLength: 8192 }, noLms)).rejects.toMatchObject({
      code: 'unsupported',
      message: "llama-server's router loads every model with the context it was started with (3072 tokens); it cannot load tiny-b with another.",
    });
    expect(s.controlLog).toEqual([]);
  });

  it('cancelling stops the load on the server', async () => {
    const s = await start({ profile: 'llama.cpp', router: true, models, loadDelayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(loadModel(await target(s, 'tiny-b'), { signal: controller.signal }, noLms)).rejects.toMatchObject({ code: 'aborted' });
    expect(s.controlLog).toEqual(['load tiny-b', 'cancel tiny-b']);
  });

  it('a load that fails says so; unload unloads', async () => {
    const s = await start({ profile: 'llama.cpp', router: true, models, loadDelayMs: 20, loadError: 'out of memory' });
    await expect(loadModel(await target(s, 'tiny-b'), { signal: signal() }, noLms)).rejects.toMatchObject({ code: 'server-error', message: expect.stringContaining('could not load tiny-b (its model server exited with code 1)') });
    expect(await unloadModel(await target(s, 'tiny-a'), { signal: signal() }, noLms)).toMatchObject({ phase: 'unloaded', via: 'llama-router' });
    expect(s.controlLog).toEqual(['load tiny-b', 'unload tiny-a']);
  });
});

describe('loadModel: servers that cannot', () => {
  it.each([
    [{ profile: 'llama.cpp' as const }, 'tiny-qwen2.gguf', /^llama-server at .* serves the one model it was started with/],
    [{ profile: 'mlx-lm' as const }, 'mlx-community/Qwen2.5-7B-Instruct-4bit', /^mlx-lm\.server at .* loads a model when a message names it/],
    [{ profile: 'ollama' as const }, 'llama3.2:3b', /^Ollama at .* Punie does not load Ollama models\.$/],
    [{ profile: 'openai' as const }, 'gpt-4.1', /has no API Punie knows for loading or unloading models\.$/],
  ])('%o: one line', async (options, model, message) => {
    const s = await start(options);
    await expect(loadModel(await target(s, model), { signal: signal() }, noLms)).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(message) });
  });
});
