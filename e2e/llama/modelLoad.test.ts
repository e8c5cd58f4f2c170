import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, unloadModel, type ModelControlDeps } from '../../electron/core/servers/modelLoader';
import { probeEndpoint } from '../../electron/core/servers/probeEndpoint';
import type { LoadStep } from '../../shared/modelLoad';
import { assertBuilt, spawnPunie } from '../../test/support/cli/spawnPunie';
import { ensureLlama, startLlamaServer, type LlamaServer } from './llamaServer';
import { createModelsDir, listRouterModels, type ModelsDir } from './routerModels';

// Loading and unloading models against the real llama-server in router mode
// (--models-dir, no autoload): the counterpart of LM Studio's loaded and
// not-loaded state. Punie's loader and the built `punie models load/unload`.

const setup = await ensureLlama();
const skip = 'skip' in setup ? setup.skip : undefined;
if (skip !== undefined) console.warn(`llama-server model load suite skipped: ${skip}`);

const signal = () => new AbortController().signal;
const deps: ModelControlDeps = { findLms: async () => undefined, env: {}, tickMs: 100 };

describe.skipIf(skip !== undefined)("loading models on llama-server's router", () => {
  const home = mkdtempSync(join(tmpdir(), 'punie-load-llama-'));
  let router: LlamaServer;
  let modelsDir: ModelsDir;
  const status = async (id: string) => (await listRouterModels(router.baseURL)).find((m) => m.id === id)?.status.value;
  const target = async (model: string) => ({ endpoint: await probeEndpoint(router.baseURL, { signal: signal() }), model });

  beforeAll(async () => {
    assertBuilt();
    if ('skip' in setup) return;
    modelsDir = await createModelsDir(setup.model, ['tiny-a', 'tiny-b', 'tiny-c']);
    router = await startLlamaServer({ router: { modelsDir: modelsDir.dir, autoload: false }, extraArgs: ['-c', '2048'] });
  });
  afterAll(async () => {
    await router?.stop();
    await modelsDir?.remove();
    rmSync(home, { recursive: true, force: true });
  });

  it('loads a model with progress until the router says it is up, with the context its slot has; then unloads it', async () => {
    const steps: LoadStep[] = [];
    const done = await loadModel(await target('tiny-a'), { signal: signal(), onStep: (s) => steps.push(s) }, deps);
    expect(done).toMatchObject({ phase: 'loaded', via: 'llama-router', contextLength: 2048 });
    expect(steps[0]).toMatchObject({ phase: 'loading', via: 'llama-router' });
    expect(await status('tiny-a')).toBe('loaded');
    expect((await target('tiny-a')).endpoint.models.find((m) => m.id === 'tiny-a')).toMatchObject({ loaded: true, contextLength: 2048, contextSource: 'loaded' });
    expect(await unloadModel(await target('tiny-a'), { signal: signal() }, deps)).toMatchObject({ phase: 'unloaded' });
    await expect.poll(() => status('tiny-a'), { timeout: 10_000 }).toBe('unloaded');
  });

  it('cancelling a load stops it on the server', async () => {
    const controller = new AbortController();
    const loading = loadModel(await target('tiny-b'), { signal: controller.signal, onStep: (s) => s.phase === 'loading' && controller.abort() }, deps);
    await expect(loading).rejects.toMatchObject({ code: 'aborted' });
    await expect.poll(() => status('tiny-b'), { timeout: 10_000 }).toBe('unloaded');
  });

  it('refuses another context than the router starts models with, in one line', async () => {
    await expect(loadModel(await target('tiny-c'), { signal: signal(), contextLength: 4096 }, deps)).rejects.toMatchObject({
      code: 'unsupported',
      message: "llama-server's router loads every model with the context it was started with (2048 tokens); it cannot load tiny-c with another.",
    });
    expect(await status('tiny-c')).toBe('unloaded');
  });

  it('punie models load / unload, spawned', async () => {
    const env = { PUNIE_HOME: home, PUNIE_LOCAL_ENDPOINTS: router.baseURL };
    const load = await spawnPunie(['models', 'load', 'tiny-c'], { env });
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(/^Loaded tiny-c on llama\.cpp \(127\.0\.0\.1:\d+\) with 2,048 tokens of context in \d+\.\d s \(llama-server's router\)\.\n$/);
    const listed = await spawnPunie(['models'], { env });
    expect(listed.stdout).toMatch(/tiny-c +loaded +2048 loaded +32768/);
    const unload = await spawnPunie(['models', 'unload', 'tiny-c'], { env });
    expect(unload).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Unloaded tiny-c on llama\.cpp/) });
  });
});
