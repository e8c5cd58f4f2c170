import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, spawnPunie } from '../../test/support/cli/spawnPunie';
import { probeServers } from '../../electron/core/servers/probeServers';
import { resolveLocal } from '../../electron/core/servers/resolveLocal';
import { createStatusWatcher } from '../../electron/core/servers/statusWatcher';
import { serversStatusSchema } from '../../shared/serverStatusSchema';
import type { ServersStatus } from '../../shared/serverStatus';
import { closedPort } from '../fake-server/closedPort';
import { ensureLlama, startLlamaServer, type LlamaServer } from './llamaServer';
import { createModelsDir, loadRouterModel, type ModelsDir } from './routerModels';

// Discovery against the real llama-server (tiny random model): kind, loaded
// state and context as the server reports them; router mode without
// autoload; the built `punie models`, `punie status` and `punie ask`.
// Build first (npm test does).

const setup = await ensureLlama();
const skip = 'skip' in setup ? setup.skip : undefined;
if (skip !== undefined) console.warn(`llama-server discovery suite skipped: ${skip}`);

const ALIAS = 'tiny-qwen2';
const signal = () => new AbortController().signal;

describe.skipIf(skip !== undefined)('discovery against the real llama-server', () => {
  const home = mkdtempSync(join(tmpdir(), 'punie-discovery-llama-'));
  let single: LlamaServer;
  let router: LlamaServer;
  let modelsDir: ModelsDir;
  /** An endpoint where nothing listens, standing in for LM Studio's port. */
  let dead: string;
  const punie = (args: string[], endpoints: string[]) => spawnPunie(args, { env: { PUNIE_HOME: home, PUNIE_LOCAL_ENDPOINTS: endpoints.join(',') } });

  beforeAll(async () => {
    assertBuilt();
    if ('skip' in setup) return;
    modelsDir = await createModelsDir(setup.model, ['tiny-a', 'tiny-b']);
    [single, router] = await Promise.all([
      startLlamaServer({ alias: ALIAS, extraArgs: ['-c', '2048'] }),
      startLlamaServer({ router: { modelsDir: modelsDir.dir, autoload: false }, extraArgs: ['-c', '2048'] }),
    ]);
    dead = `http://127.0.0.1:${await closedPort()}/v1`;
  });
  afterAll(async () => {
    await Promise.all([single?.stop(), router?.stop()]);
    await modelsDir?.remove();
    rmSync(home, { recursive: true, force: true });
  });

  it('is detected as llama.cpp with its model loaded, its loaded and training context and its build', async () => {
    const status = await probeServers({ endpoints: [dead, single.baseURL], signal: signal() });
    expect(status.endpoints[0]).toMatchObject({ url: dead, state: 'offline' });
    expect(status.endpoints[1]).toMatchObject({ url: single.baseURL, kind: 'llama.cpp', state: 'online', version: expect.stringMatching(/\S/) });
    expect(status.endpoints[1]!.models).toEqual([{ id: ALIAS, loaded: true, type: 'llm', contextLength: 2048, contextSource: 'loaded', maxContextLength: 32768, quantization: expect.any(String) }]);
    // One model, fixed when it started: nothing to load or unload.
    expect(status.endpoints[1]!.loadApi).toBeUndefined();
    expect(status).toMatchObject({ overall: 'ready', active: { url: single.baseURL, kind: 'llama.cpp', model: ALIAS } });
    expect(await resolveLocal({}, { endpoints: [dead, single.baseURL], signal: signal() })).toEqual({
      baseURL: single.baseURL,
      model: ALIAS,
      serverKind: 'llama.cpp',
      contextLength: 2048,
      contextSource: 'loaded',
      loaded: true,
    });
  });

  it('punie models --json: llama.cpp with its model loaded, the other port offline', async () => {
    const r = await punie(['models', '--json'], [dead, single.baseURL]);
    expect(r.code).toBe(0);
    const status = serversStatusSchema.parse(JSON.parse(r.stdout));
    expect(status.endpoints.map((e) => [e.url, e.state, e.kind])).toEqual([
      [dead, 'offline', undefined],
      [single.baseURL, 'online', 'llama.cpp'],
    ]);
    expect(status.endpoints[1]!.models[0]).toMatchObject({ id: ALIAS, loaded: true });
  });

  it('router mode without autoload: its models are listed as not loaded, and the status is no-model', async () => {
    const status = await probeServers({ endpoints: [router.baseURL], signal: signal() });
    expect(status.endpoints[0]).toMatchObject({ kind: 'llama.cpp', state: 'online', loadApi: 'llama-router' });
    // Not up: the context the router starts them with (its --ctx-size), read from their arguments.
    expect(status.endpoints[0]!.models).toEqual([
      { id: 'tiny-a', loaded: false, type: 'llm', contextLength: 2048, contextSource: 'load-default', loadsOnDemand: false, note: 'not loaded — load it on the server first' },
      { id: 'tiny-b', loaded: false, type: 'llm', contextLength: 2048, contextSource: 'load-default', loadsOnDemand: false, note: 'not loaded — load it on the server first' },
    ]);
    expect(status.overall).toBe('no-model');
    const line = await punie(['status'], [router.baseURL]);
    expect(line.code).toBe(4);
    expect(line.stdout).toMatch(/^no-model — llama\.cpp \(.*\) has no model loaded \(it has tiny-a, tiny-b\)/);
  });

  it('punie ask --model local:<unloaded model> fails with model-not-loaded, exit 4', async () => {
    const r = await punie(['ask', 'hi', '--model', 'local:tiny-a', '--no-history'], [router.baseURL]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/not loaded/);
    const json = await punie(['ask', 'hi', '--model', 'local:tiny-a', '--json', '--no-history'], [router.baseURL]);
    expect(json.code).toBe(4);
    expect(json.stdout).toMatch(/"code":"model-not-loaded"/);
  });

  it('punie ask --model local: with nothing loaded names the models, exit 4', async () => {
    const r = await punie(['ask', 'hi', '--model', 'local:', '--no-history'], [router.baseURL]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`No model is loaded on llama.cpp at ${router.baseURL}. Models it has: tiny-a, tiny-b.`);
  });

  it('the watcher sees a model being loaded as one change', async () => {
    const watcher = createStatusWatcher({ endpoints: [router.baseURL], visible: true, visibleIntervalMs: 100 });
    const seen: ServersStatus[] = [];
    let wake = () => {};
    const unsubscribe = watcher.subscribe((s) => {
      seen.push(s);
      wake();
    });
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        wake = () => done() && resolve();
        wake();
      });
    try {
      await until(() => seen.length >= 1);
      await loadRouterModel(router.baseURL, 'tiny-b');
      await until(() => seen.at(-1)?.overall === 'ready');
      const last = seen.at(-1)!;
      expect(last.active).toEqual({ url: router.baseURL, kind: 'llama.cpp', model: 'tiny-b' });
      expect(last.endpoints[0]!.models.find((m) => m.id === 'tiny-b')).toMatchObject({ loaded: true, contextLength: 2048, contextSource: 'loaded' });
      expect(seen.filter((s) => s.overall === 'ready')).toHaveLength(1);
    } finally {
      unsubscribe();
      watcher.dispose();
    }
  });
});
