import { describe, expect, it } from 'vitest';
import type { EndpointStatus, ServersStatus } from '../../../shared/serverStatus';
import type { ResolveLocal } from './resolveLocal';
import { createStatusResolveLocal, STATUS_MAX_AGE_MS } from './statusResolveLocal';

const LMS = 'http://127.0.0.1:1234/v1';
const LLAMA = 'http://127.0.0.1:8080/v1';
const NOW = 1_000_000;

function endpoint(url: string, extra: Partial<EndpointStatus> = {}): EndpointStatus {
  return { url, state: 'online', models: [], checkedAt: NOW, ...extra };
}

const lmsUp = endpoint(LMS, {
  kind: 'lmstudio',
  models: [
    { id: 'text-embedding', loaded: true, type: 'embeddings' },
    { id: 'qwen/qwen3-8b', loaded: true, type: 'llm', contextLength: 8192 },
    { id: 'other', loaded: false, loadsOnDemand: true, type: 'llm', contextLength: 4096 },
  ],
});
const llamaUp = endpoint(LLAMA, { kind: 'llama.cpp', models: [{ id: 'tiny.gguf', loaded: true, type: 'llm', contextLength: 2048 }] });
const offline = (url: string) => endpoint(url, { state: 'offline', models: [], lastError: { code: 'server-unavailable', message: 'not there' } });

const status = (endpoints: EndpointStatus[], checkedAt = NOW): ServersStatus => ({ overall: 'ready', endpoints, checkedAt });

function setup(current: ServersStatus | undefined) {
  const probed: unknown[] = [];
  const probe: ResolveLocal = async (want) => {
    probed.push(want);
    return { baseURL: 'http://probed/v1', model: 'probed' };
  };
  const resolve = createStatusResolveLocal({ current: () => current, now: () => NOW, probe });
  const options = { endpoints: [LLAMA, LMS], signal: new AbortController().signal };
  return { resolve: (want: Parameters<ResolveLocal>[0]) => resolve(want, options), probed };
}

describe('resolving local: from the status watcher', () => {
  it('answers local: from a fresh status, in endpoint order, without probing', async () => {
    const { resolve, probed } = setup(status([offline(LLAMA), lmsUp]));
    expect(await resolve({})).toEqual({ baseURL: LMS, model: 'qwen/qwen3-8b', serverKind: 'lmstudio', contextLength: 8192, loaded: true });
    expect(probed).toEqual([]);
  });

  it('answers a named model from the endpoint that lists it, with its context', async () => {
    const { resolve, probed } = setup(status([llamaUp, lmsUp]));
    expect(await resolve({ model: 'other' })).toEqual({ baseURL: LMS, model: 'other', serverKind: 'lmstudio', contextLength: 4096, loaded: false });
    expect(probed).toEqual([]);
  });

  it('adds what it knows to a spec naming server and model', async () => {
    const { resolve, probed } = setup(status([llamaUp, lmsUp]));
    expect(await resolve({ baseURL: LLAMA, model: 'tiny.gguf' })).toEqual({ baseURL: LLAMA, model: 'tiny.gguf', serverKind: 'llama.cpp', contextLength: 2048, loaded: true });
    expect(probed).toEqual([]);
  });

  it('takes a spec naming server and model as named when the status does not know it, without probing', async () => {
    const { resolve, probed } = setup(undefined);
    expect(await resolve({ baseURL: 'http://127.0.0.1:9999/v1', model: 'm' })).toEqual({ baseURL: 'http://127.0.0.1:9999/v1', model: 'm' });
    expect(probed).toEqual([]);
  });

  it('probes when there is no status yet', async () => {
    const { resolve, probed } = setup(undefined);
    expect(await resolve({})).toEqual({ baseURL: 'http://probed/v1', model: 'probed' });
    expect(probed).toEqual([{}]);
  });

  it('probes when the status is stale', async () => {
    const { resolve, probed } = setup(status([lmsUp], NOW - STATUS_MAX_AGE_MS - 1));
    await resolve({});
    expect(probed).toEqual([{}]);
  });

  it('probes when an endpoint asked about is not in the status (settings just changed)', async () => {
    const { resolve, probed } = setup(status([lmsUp]));
    await resolve({});
    expect(probed).toEqual([{}]);
  });

  it('probes when the status has nothing usable, so the error is a fresh server’s', async () => {
    const noModel = endpoint(LMS, { kind: 'lmstudio', models: [{ id: 'other', loaded: false, type: 'llm' }] });
    const { resolve, probed } = setup(status([offline(LLAMA), noModel]));
    await resolve({});
    expect(probed).toEqual([{}]);
  });

  it('probes for a named model no endpoint lists yet', async () => {
    const { resolve, probed } = setup(status([llamaUp, lmsUp]));
    await resolve({ model: 'just-downloaded' });
    expect(probed).toEqual([{ model: 'just-downloaded' }]);
  });
});
