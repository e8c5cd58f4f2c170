import { describe, expect, it } from 'vitest';
import type { EndpointStatus, ServersStatus } from '../../../../shared/serverStatus';
import { ago, endpointStateLabel, onDemandEndpoint, summarizeStatus } from './statusSummary';
import { hostOf } from '../../../../shared/text';

const endpoint = (extra: Partial<EndpointStatus>): EndpointStatus => ({ url: 'http://127.0.0.1:1234/v1', state: 'online', models: [], checkedAt: 1, ...extra });

describe('summarizeStatus', () => {
  it('names the server and model when ready', () => {
    const status: ServersStatus = {
      overall: 'ready',
      endpoints: [endpoint({ kind: 'lmstudio' })],
      active: { url: 'http://127.0.0.1:1234/v1', kind: 'lmstudio', model: 'qwen3-8b' },
      checkedAt: 1,
    };
    expect(summarizeStatus(status)).toEqual({ tone: 'ready', label: 'LM Studio', detail: 'qwen3-8b' });
  });

  it('says when a server runs without a model, and when none runs', () => {
    expect(summarizeStatus({ overall: 'no-model', endpoints: [endpoint({ kind: 'mlx-lm' })], checkedAt: 1 })).toEqual({
      tone: 'warning',
      label: 'No model loaded',
      detail: 'mlx-lm.server',
    });
    expect(summarizeStatus({ overall: 'offline', endpoints: [], checkedAt: 1 }).label).toBe('No local server');
    expect(summarizeStatus(undefined).tone).toBe('unknown');
  });
});

describe('helpers', () => {
  it('formats hosts, ages and endpoint states', () => {
    expect(hostOf('http://127.0.0.1:8080/v1')).toBe('127.0.0.1:8080');
    expect(ago(10_000, 11_000)).toBe('just now');
    expect(ago(0, 42_000)).toBe('42 s ago');
    expect(ago(0, 5 * 60_000)).toBe('5 min ago');
    expect(endpointStateLabel(endpoint({ state: 'offline' }))).toBe('Not running');
    expect(endpointStateLabel(endpoint({ models: [{ id: 'm', loaded: false, type: 'llm' }] }))).toBe('Online · no model loaded');
  });
});

describe('servers that load models on demand', () => {
  const jit = endpoint({ kind: 'lmstudio', models: [{ id: 'qwen/qwen3-8b', loaded: false, loadsOnDemand: true, type: 'llm' }] });

  it('is usable, not "no model loaded"', () => {
    const status: ServersStatus = { overall: 'no-model', endpoints: [jit], checkedAt: 1 };
    expect(summarizeStatus(status)).toEqual({ tone: 'ready', label: 'LM Studio', detail: 'loads on demand' });
    expect(endpointStateLabel(jit)).toBe('Online · loads on demand');
    expect(onDemandEndpoint(status)?.url).toBe(jit.url);
  });

  it('a loaded model wins, and an embedding model that loads on demand does not count', () => {
    expect(endpointStateLabel(endpoint({ models: [{ id: 'a', loaded: true, type: 'llm' }, { id: 'b', loaded: false, loadsOnDemand: true, type: 'llm' }] }))).toBe('Online');
    const embeddingsOnly = endpoint({ kind: 'lmstudio', models: [{ id: 'nomic-embed', loaded: false, loadsOnDemand: true, type: 'embeddings' }] });
    expect(endpointStateLabel(embeddingsOnly)).toBe('Online · no model loaded');
    expect(summarizeStatus({ overall: 'no-model', endpoints: [embeddingsOnly], checkedAt: 1 }).label).toBe('No model loaded');
    expect(onDemandEndpoint({ overall: 'ready', endpoints: [jit], checkedAt: 1 })).toBeUndefined();
  });
});
