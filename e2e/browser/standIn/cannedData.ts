import type { ModelOption, SecretsStatus } from '../../../shared/ipc/routes';
import type { EndpointStatus, ServersStatus } from '../../../shared/serverStatus';

/** The stand-in's world: local servers in each state, the models they serve, keys. */

export const LMSTUDIO_URL = 'http://127.0.0.1:1234/v1';
export const LLAMA_URL = 'http://127.0.0.1:8080/v1';
export const QWEN_SPEC = `local:${LMSTUDIO_URL}/qwen/qwen3-8b`;
export const GEMMA_SPEC = `local:${LMSTUDIO_URL}/google/gemma-3-12b`;
export const WORKSPACE = '/Users/ada/code/weather-app';

export type ServerScene = 'ready' | 'no-model' | 'offline';

const lmstudio = (now: number, loaded: boolean): EndpointStatus => ({
  url: LMSTUDIO_URL,
  kind: 'lmstudio',
  state: 'online',
  version: '0.3.30',
  latencyMs: 4,
  checkedAt: now,
  models: [
    {
      id: 'qwen/qwen3-8b',
      loaded,
      loadsOnDemand: true,
      type: 'llm',
      contextLength: 32_768,
      maxContextLength: 40_960,
      quantization: 'Q4_K_M',
      arch: 'qwen3',
      toolUse: true,
    },
    {
      id: 'google/gemma-3-12b',
      loaded: false,
      loadsOnDemand: true,
      type: 'vlm',
      maxContextLength: 131_072,
      contextLength: 131_072,
      quantization: 'Q4_K_M',
      arch: 'gemma3',
      note: 'not loaded — the first message loads it',
    },
    { id: 'text-embedding-nomic-embed-text-v1.5', loaded: false, type: 'embeddings' },
  ],
});

const offline = (url: string, now: number): EndpointStatus => ({
  url,
  state: 'offline',
  models: [],
  checkedAt: now,
  lastError: { code: 'server-unavailable', message: `Nothing answers at ${url.replace(/\/v1$/, '')} (connection refused).` },
});

export function serversFor(scene: ServerScene, now = Date.now()): ServersStatus {
  switch (scene) {
    case 'ready':
      return {
        overall: 'ready',
        endpoints: [lmstudio(now, true), offline(LLAMA_URL, now)],
        active: { url: LMSTUDIO_URL, kind: 'lmstudio', model: 'qwen/qwen3-8b' },
        checkedAt: now,
      };
    case 'no-model':
      return { overall: 'no-model', endpoints: [lmstudio(now, false), offline(LLAMA_URL, now)], checkedAt: now };
    case 'offline':
      return { overall: 'offline', endpoints: [offline(LMSTUDIO_URL, now), offline(LLAMA_URL, now)], checkedAt: now };
  }
}

export function modelsFor(status: ServersStatus, secrets: SecretsStatus): ModelOption[] {
  const local: ModelOption[] = status.endpoints
    .filter((e) => e.state === 'online')
    .flatMap((e) =>
      e.models
        .filter((m) => m.type !== 'embeddings')
        .map((m) => ({
          spec: `local:${e.url}/${m.id}`,
          label: m.id,
          group: 'lmstudio' as const,
          groupLabel: 'LM Studio',
          endpointUrl: e.url,
          serverKind: e.kind,
          loaded: m.loaded,
          loadsOnDemand: m.loadsOnDemand,
          contextLength: m.contextLength,
          quantization: m.quantization,
          toolUse: m.toolUse,
          note: m.loaded ? undefined : 'not loaded — the first message loads it',
          available: true,
        })),
    );
  const cloud = (group: 'openai' | 'anthropic', spec: string, label: string, contextLength: number): ModelOption => {
    const set = secrets.providers[group].set;
    return {
      spec,
      label,
      group,
      groupLabel: group === 'openai' ? 'OpenAI' : 'Anthropic',
      contextLength,
      toolUse: true,
      available: set,
      unavailableReason: set ? undefined : `No ${group === 'openai' ? 'OpenAI' : 'Anthropic'} API key`,
    };
  };
  return [
    ...local,
    cloud('openai', 'openai:gpt-4.1', 'gpt-4.1', 1_047_576),
    cloud('openai', 'openai:gpt-4.1-mini', 'gpt-4.1-mini', 1_047_576),
    cloud('anthropic', 'anthropic:claude-sonnet-4-6', 'claude-sonnet-4-6', 200_000),
    { spec: 'test', label: 'Test model', group: 'test', groupLabel: 'Test', note: 'Built in: a short canned reply, no network', available: true, toolUse: true },
  ];
}

export function secretsNone(): SecretsStatus {
  return {
    providers: { openai: { set: false, source: 'none' }, anthropic: { set: false, source: 'none' } },
    storage: 'secure',
  };
}
