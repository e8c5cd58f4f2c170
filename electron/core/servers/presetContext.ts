import { isChatModel, type EndpointStatus, type LocalModel } from '../../../shared/serverStatus';
import { capped } from './contextDefaults';
import { loadViaFor } from './loadWay';

/**
 * The context a model's preset sets, where it is true. A preset's context
 * length counts:
 *
 * - for a model LM Studio has not loaded, when Punie can load it (LM Studio
 *   0.4's REST API, or lms on this machine): Punie loads it with that
 *   context before its first message, instead of LM Studio's default;
 * - where the server reports no context at all (mlx-lm.server, an unknown
 *   OpenAI-compatible server): the preset says what the model has.
 *
 * A loaded model keeps the context it is loaded with, whatever the preset
 * says (reloading it with the preset's is the user's choice, in the picker
 * or with `punie models load --context`); llama-server's router and Ollama
 * load with their own settings, so a preset cannot change what they load.
 */

export interface PresetContextOptions {
  /** The context length of the preset for a model id, if it sets one. */
  presetContext: (modelId: string) => number | undefined;
  /** Whether LM Studio's lms command is installed here. */
  lmsInstalled?: boolean;
}

export function withPresetContext(endpoint: EndpointStatus, options: PresetContextOptions): EndpointStatus {
  if (endpoint.state !== 'online') return endpoint;
  const loadable = endpoint.kind === 'lmstudio' && loadViaFor(endpoint, options.lmsInstalled ?? false) !== undefined;
  let changed = false;
  const models = endpoint.models.map((m) => {
    const next = presetModel(m, endpoint.kind, loadable, options.presetContext);
    if (next !== m) changed = true;
    return next;
  });
  return changed ? { ...endpoint, models } : endpoint;
}

function presetModel(m: LocalModel, kind: EndpointStatus['kind'], loadable: boolean, presetContext: (id: string) => number | undefined): LocalModel {
  if (!isChatModel(m) || m.contextSource === 'loaded') return m;
  const preset = presetContext(m.id);
  if (preset === undefined) return m;
  const reportsNone = m.contextSource === 'assumed' || (m.contextLength === undefined && (kind === undefined || kind === 'openai-compatible' || kind === 'mlx-lm'));
  const punieLoads = kind === 'lmstudio' && loadable && !m.loaded;
  if (!reportsNone && !punieLoads) return m;
  return { ...m, contextLength: capped(preset, m.maxContextLength), contextSource: 'preset' };
}
