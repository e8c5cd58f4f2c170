import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../e2e/fake-server/fakeServer';
import { cliModelFactory } from './modelFactory';
import { checkedModelSpec } from '../core/models/checkedSpec';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const listings = (s: FakeServer) => s.requests.filter((r) => r.method === 'GET' && r.path === '/v1/models').length;

describe('the CLI model factory', () => {
  it('resolves local: once: the round prepareModel started is the one createModel uses', async () => {
    server = await startFakeServer({ profile: 'lmstudio', models: [{ id: 'qwen/qwen3-8b', loaded: true }] });
    const factory = cliModelFactory({ PUNIE_LOCAL_ENDPOINTS: server.baseURL });
    const signal = new AbortController().signal;
    factory.prepareModel(checkedModelSpec('local:'), signal);
    const model = await factory.createModel(checkedModelSpec('local:'), signal);
    expect(model.ref).toMatchObject({ provider: 'local', modelId: 'qwen/qwen3-8b', baseURL: server.baseURL, serverKind: 'lmstudio' });
    expect(listings(server)).toBe(1);
    // A second model for the same spec probes afresh.
    await factory.createModel(checkedModelSpec('local:'), signal);
    expect(listings(server)).toBe(2);
  });

  it('a prepared spec that is not the one asked for is not used', async () => {
    server = await startFakeServer({ profile: 'lmstudio', models: [{ id: 'a', loaded: true }, { id: 'b', loaded: false }] });
    const factory = cliModelFactory({ PUNIE_LOCAL_ENDPOINTS: server.baseURL });
    const signal = new AbortController().signal;
    factory.prepareModel(checkedModelSpec('local:'), signal);
    const model = await factory.createModel(checkedModelSpec('local:b'), signal);
    expect(model.ref.modelId).toBe('b');
  });

  it('starts no probe for a spec naming both server and model', async () => {
    server = await startFakeServer({ profile: 'llama.cpp' });
    const factory = cliModelFactory({});
    const signal = new AbortController().signal;
    factory.prepareModel(checkedModelSpec(`local:${server.baseURL}/tiny`), signal);
    const model = await factory.createModel(checkedModelSpec(`local:${server.baseURL}/tiny`), signal);
    expect(model.ref).toMatchObject({ modelId: 'tiny', baseURL: server.baseURL });
    expect(server.requests).toEqual([]);
  });

  it('a prepared round that fails and is never used does not go unhandled', async () => {
    const factory = cliModelFactory({ PUNIE_LOCAL_ENDPOINTS: 'http://127.0.0.1:9/v1' });
    const controller = new AbortController();
    factory.prepareModel(checkedModelSpec('local:'), controller.signal);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The failed round is not another spec's answer: the factory goes on making models.
    expect((await factory.createModel(checkedModelSpec('test'), new AbortController().signal)).ref).toMatchObject({ provider: 'test' });
  });

  it("loads an LM Studio model with its preset's context before the first request, and says so", async () => {
    server = await startFakeServer({ profile: 'lmstudio', loadDelayMs: 30 });
    const dir = await mkdtemp(join(tmpdir(), 'punie-factory-'));
    try {
      await writeFile(join(dir, 'settings.json'), JSON.stringify({ modelPresets: { 'google/gemma-3-12b': { contextLength: 16384 } } }));
      const notes: string[] = [];
      const factory = cliModelFactory({ PUNIE_LOCAL_ENDPOINTS: server.baseURL, PUNIE_USER_DATA_DIR: dir, HOME: dir }, { note: (line) => notes.push(line) });
      const signal = new AbortController().signal;
      factory.prepareModel(checkedModelSpec('local:google/gemma-3-12b'), signal);
      const model = await factory.createModel(checkedModelSpec('local:google/gemma-3-12b'), signal);
      expect(server.controlLog).toEqual(['load google/gemma-3-12b 16384']);
      expect(model.ref).toMatchObject({ modelId: 'google/gemma-3-12b', contextLength: 16384, contextSource: 'loaded' });
      expect(notes).toEqual([expect.stringMatching(/^Loading google\/gemma-3-12b on 127\.0\.0\.1:\d+ with 16,384 tokens of context \(its preset\)…$/), expect.stringMatching(/^Loaded google\/gemma-3-12b in \d+\.\d s\.$/)]);
      // Loaded already: nothing more to do.
      await cliModelFactory({ PUNIE_LOCAL_ENDPOINTS: server.baseURL, PUNIE_USER_DATA_DIR: dir, HOME: dir }).createModel(checkedModelSpec('local:google/gemma-3-12b'), signal);
      expect(server.controlLog).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
