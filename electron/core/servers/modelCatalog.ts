import type { ModelOption, RouteOutput } from '../../../shared/ipc/routes';
import { parseModelSpec } from '../../../shared/modelSpec';
import { isChatModel, SERVER_KIND_LABELS, type EndpointStatus, type LocalModel, type ServersStatus } from '../../../shared/serverStatus';
import { ANTHROPIC_MODELS, OPENAI_MODELS, type CloudModel } from './cloudCatalog';
import { canSetContext, loadViaFor } from './loadWay';
import { usableModel } from './localChoice';
import { isPathId } from './mlxListing';
import { hostOf } from '../../../shared/text';

/**
 * The model picker's options (`models.list`): each chat model of each local
 * server that answers, Ollama's models when it answers, the curated OpenAI
 * and Anthropic models (unavailable, with the reason, without a key), and
 * the built-in test model. Embedding models are never offered.
 */

/** Which cloud keys are set (never the keys themselves). */
export interface CloudKeys {
  openai: boolean;
  anthropic: boolean;
}

export const TEST_MODEL_OPTION: ModelOption = {
  spec: 'test',
  label: 'Test model',
  group: 'test',
  groupLabel: 'Test',
  loaded: true,
  note: 'Built in: a short canned reply, no network.',
  available: true,
};


/** A spec that names this model at this endpoint, or undefined when no spec can (an id a spec cannot carry). */
function localSpec(endpoint: EndpointStatus, model: LocalModel): string | undefined {
  const spec = `local:${endpoint.url}/${model.id}`;
  const parsed = parseModelSpec(spec);
  if (parsed.ok && parsed.spec.provider === 'local' && parsed.spec.baseURL === endpoint.url && parsed.spec.model === model.id) return spec;
  // mlx-lm's started-with folder (an absolute path): the endpoint alone resolves to it.
  if (usableModel(endpoint)?.id === model.id) return `local:${endpoint.url}`;
  return undefined;
}

function label(model: LocalModel): string {
  return isPathId(model.id) ? (model.id.split(/[\\/]/).filter(Boolean).at(-1) ?? model.id) : model.id;
}

const rank = (o: ModelOption) => (o.loaded ? 0 : o.available ? 1 : 2);

function localOptions(endpoint: EndpointStatus, groupLabel: string, specOf: (m: LocalModel) => string | undefined, lmsInstalled = false): ModelOption[] {
  const kind = endpoint.kind ?? 'openai-compatible';
  const via = loadViaFor(endpoint, lmsInstalled);
  const options: ModelOption[] = [];
  for (const model of endpoint.models.filter(isChatModel)) {
    const spec = specOf(model);
    if (!spec) continue;
    const available = model.loaded || model.loadsOnDemand === true;
    options.push({
      spec,
      label: label(model),
      group: kind,
      groupLabel,
      endpointUrl: endpoint.url,
      ...(endpoint.kind ? { serverKind: endpoint.kind } : {}),
      loaded: model.loaded,
      ...(model.loadsOnDemand === undefined ? {} : { loadsOnDemand: model.loadsOnDemand }),
      ...(model.loading ? { loading: true } : {}),
      ...(model.contextLength ? { contextLength: model.contextLength } : {}),
      ...(model.contextLength && model.contextSource ? { contextSource: model.contextSource } : {}),
      ...(model.maxContextLength ? { maxContextLength: model.maxContextLength } : {}),
      ...(via ? { loadVia: via, canSetContext: canSetContext(via) } : {}),
      ...(model.quantization ? { quantization: model.quantization } : {}),
      ...(model.toolUse === undefined ? {} : { toolUse: model.toolUse }),
      ...(model.note ? { note: model.note } : {}),
      available,
      ...(available ? {} : { unavailableReason: model.note ?? 'Not loaded on the server.' }),
    });
  }
  // Loaded first, then those that load on demand, then the rest; the server's order within each.
  return options.map((o, i) => [o, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([o]) => o);
}

function cloudOptions(provider: 'openai' | 'anthropic', models: readonly CloudModel[], hasKey: boolean): ModelOption[] {
  const name = provider === 'openai' ? 'OpenAI' : 'Anthropic';
  const variable = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
  return models.map((m) => ({
    spec: `${provider}:${m.id}`,
    label: m.label,
    group: provider,
    groupLabel: name,
    contextLength: m.contextLength,
    available: hasKey,
    ...(hasKey ? {} : { unavailableReason: `No ${name} API key. Add one in Settings → API keys, or set ${variable}.` }),
  }));
}

/** The picker's options from a status and the cloud keys that are set (and whether LM Studio's lms command is installed here). */
export function modelCatalog(status: ServersStatus, keys: CloudKeys, lmsInstalled = false): ModelOption[] {
  const online = status.endpoints.filter((e) => e.state === 'online');
  const local = online.flatMap((endpoint) => {
    const kind = endpoint.kind ?? 'openai-compatible';
    const shared = online.filter((e) => (e.kind ?? 'openai-compatible') === kind).length > 1;
    const groupLabel = shared ? `${SERVER_KIND_LABELS[kind]} · ${hostOf(endpoint.url)}` : SERVER_KIND_LABELS[kind];
    return localOptions(endpoint, groupLabel, (m) => localSpec(endpoint, m), lmsInstalled);
  });
  const ollama = status.ollama?.state === 'online' ? localOptions({ ...status.ollama, kind: 'ollama' }, SERVER_KIND_LABELS.ollama, ollamaSpec) : [];
  return [...local, ...ollama, ...cloudOptions('openai', OPENAI_MODELS, keys.openai), ...cloudOptions('anthropic', ANTHROPIC_MODELS, keys.anthropic), TEST_MODEL_OPTION];
}

function ollamaSpec(model: LocalModel): string | undefined {
  const parsed = parseModelSpec(`ollama:${model.id}`);
  return parsed.ok && parsed.spec.provider === 'ollama' && parsed.spec.model === model.id ? `ollama:${model.id}` : undefined;
}

/** Where the catalog reads the status from: discovery's watcher. */
export interface StatusSource {
  status(signal: AbortSignal): Promise<ServersStatus>;
  refresh(signal: AbortSignal): Promise<ServersStatus>;
}

/** The `models.list` handler's engine side (main's ModelsPort). */
export function createModelCatalog(deps: { servers: StatusSource; keys: () => CloudKeys; lmsInstalled?: () => boolean }): {
  list(options: { refresh: boolean }, signal: AbortSignal): Promise<RouteOutput<'models.list'>>;
} {
  return {
    async list({ refresh }, signal) {
      const status = refresh ? await deps.servers.refresh(signal) : await deps.servers.status(signal);
      return { models: modelCatalog(status, deps.keys(), deps.lmsInstalled?.() ?? false), status };
    },
  };
}
