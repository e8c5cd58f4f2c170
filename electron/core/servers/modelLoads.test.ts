import { describe, expect, it } from 'vitest';
import type { FakeServer } from '../../../e2e/fake-server/fakeServer';
import { useFakeServers } from '../../../e2e/fake-server/serverPool';
import type { ModelLoad } from '../../../shared/modelLoad';
import type { ServersStatus } from '../../../shared/serverStatus';
import { createModelLoads, type ModelLoads } from './modelLoads';
import { probeServers } from './probeServers';

const start = useFakeServers();
const signal = () => new AbortController().signal;

/** A registry over real probes of these servers, recording every step it publishes. */
function loadsFor(servers: FakeServer[]): { loads: ModelLoads; seen: ModelLoad[]; refreshes: () => number } {
  let latest: ServersStatus | undefined;
  let refreshes = 0;
  const refresh = async (s: AbortSignal) => {
    refreshes++;
    latest = await probeServers({ endpoints: servers.map((x) => x.baseURL), signal: s });
    return latest;
  };
  const loads = createModelLoads({ current: () => latest, refresh, control: { findLms: async () => undefined, env: {}, tickMs: 20 } });
  const seen: ModelLoad[] = [];
  loads.subscribe((l) => seen.push(l));
  return { loads, seen, refreshes: () => refreshes };
}

const finished = (seen: ModelLoad[], loadId: string) =>
  new Promise<ModelLoad>((resolve) => {
    const check = setInterval(() => {
      const last = seen.filter((l) => l.loadId === loadId).at(-1);
      if (last && ['loaded', 'unloaded', 'failed', 'cancelled'].includes(last.phase)) {
        clearInterval(check);
        resolve(last);
      }
    }, 5);
  });

describe('createModelLoads', () => {
  it('starts a load at once, publishes its steps, refreshes the status before it says it is done', async () => {
    const lms = await start({ profile: 'lmstudio', loadDelayMs: 120 });
    const { loads, seen, refreshes } = loadsFor([lms]);
    const { loadId } = await loads.start({ endpointUrl: lms.baseURL, model: 'google/gemma-3-12b', action: 'load', contextLength: 8192 });
    expect(loads.active()).toMatchObject([{ loadId, model: 'google/gemma-3-12b', phase: 'loading', contextLength: 8192, via: 'lmstudio-rest' }]);
    const before = refreshes();
    expect(await finished(seen, loadId)).toMatchObject({ phase: 'loaded', contextLength: 8192, endpointUrl: lms.baseURL, action: 'load' });
    expect(refreshes()).toBe(before + 1);
    expect(loads.active()).toEqual([]);
    expect(seen.filter((l) => l.phase === 'loading').length).toBeGreaterThan(1);
  });

  it('acts only on endpoints discovery watches, models they list, servers that can; one load per model', async () => {
    const lms = await start({ profile: 'lmstudio', loadDelayMs: 300 });
    const mlx = await start({ profile: 'mlx-lm' });
    const { loads } = loadsFor([lms, mlx]);
    await expect(loads.start({ endpointUrl: 'http://169.254.169.254/v1', model: 'x', action: 'load' })).rejects.toMatchObject({ code: 'not-found', message: 'http://169.254.169.254/v1 is not one of your local servers.' });
    await expect(loads.start({ endpointUrl: lms.baseURL, model: 'nope', action: 'load' })).rejects.toMatchObject({ code: 'model-not-found' });
    await expect(loads.start({ endpointUrl: mlx.baseURL, model: 'mlx-community/Qwen2.5-7B-Instruct-4bit', action: 'load' })).rejects.toMatchObject({ code: 'unsupported' });
    await loads.start({ endpointUrl: lms.baseURL, model: 'google/gemma-3-12b', action: 'load' });
    await expect(loads.start({ endpointUrl: lms.baseURL, model: 'google/gemma-3-12b', action: 'unload' })).rejects.toMatchObject({ code: 'conflict' });
    expect(lms.requests.filter((r) => r.method === 'POST').length).toBeLessThanOrEqual(1);
    loads.dispose();
  });

  it('cancels by id; a failed load is published with its error', async () => {
    const lms = await start({ profile: 'lmstudio', lmstudioApi: 'v1', loadDelayMs: 400 });
    const { loads, seen } = loadsFor([lms]);
    const { loadId } = await loads.start({ endpointUrl: lms.baseURL, model: 'google/gemma-3-12b', action: 'load' });
    await new Promise((r) => setTimeout(r, 50));
    expect(loads.cancel(loadId)).toBe(true);
    expect(loads.cancel('nope')).toBe(false);
    expect(await finished(seen, loadId)).toMatchObject({ phase: 'cancelled' });

    const failing = await start({ profile: 'lmstudio', lmstudioApi: 'v1', loadDelayMs: 5, loadError: 'Not enough memory.' });
    const other = loadsFor([failing]);
    const second = await other.loads.start({ endpointUrl: failing.baseURL, model: 'google/gemma-3-12b', action: 'load' });
    expect(await finished(other.seen, second.loadId)).toMatchObject({ phase: 'failed', error: { code: 'server-error', message: expect.stringContaining('Not enough memory.') } });
  });

  it('ensureLoaded waits for the load, joins one in flight, and cancels it when its signal aborts', async () => {
    const lms = await start({ profile: 'lmstudio', lmstudioApi: 'v1', loadDelayMs: 150 });
    const { loads } = loadsFor([lms]);
    const request = { endpointUrl: lms.baseURL, model: 'google/gemma-3-12b', contextLength: 16384 };
    const [a, b] = await Promise.all([loads.ensureLoaded(request, signal()), loads.ensureLoaded(request, signal())]);
    expect(a).toMatchObject({ phase: 'loaded', contextLength: 16384 });
    expect(b).toEqual(a);
    expect(lms.controlLog).toEqual(['load google/gemma-3-12b 16384']);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 40);
    await expect(loads.ensureLoaded({ ...request, model: 'qwen/qwen3-coder-30b', contextLength: 65536 }, controller.signal)).rejects.toMatchObject({ code: 'aborted' });
  });
});
