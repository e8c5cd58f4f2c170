import type { SessionConfigOption, SessionConfigSelectGroup, SessionConfigSelectOption } from '@agentclientprotocol/sdk';
import { formatModelSpec, parseModelSpec } from '../../shared/modelSpec';
import { SERVER_KIND_LABELS, isChatModel, type EndpointStatus, type ServersStatus } from '../../shared/serverStatus';
import { PunieError } from '../core/errors';
import { hostOf } from '../../shared/text';

/**
 * The model picker an editor shows for a session: ACP's stable way to offer
 * model selection is a `select` config option of category `model`, whose
 * values may be grouped. Each local server that answered is a group (its
 * kind and address) of its chat models; "Automatic" (`local:`, the model
 * loaded on the first server that answers) comes first; the spec in use is
 * always offered, in its own group when discovery did not list it. The
 * values are Punie model specs, so choosing one is `--model` with it.
 */

export const MODEL_CONFIG_ID = 'model';

const AUTO: SessionConfigSelectOption = { value: 'local:', name: 'Automatic', description: 'The model loaded on the first local server that answers' };

export function modelConfigOption(current: string, status: ServersStatus | undefined): SessionConfigOption {
  const groups: SessionConfigSelectGroup[] = [{ group: 'auto', name: 'Automatic', options: [AUTO] }];
  for (const endpoint of [...(status?.endpoints ?? []), ...(status?.ollama ? [status.ollama] : [])]) {
    const group = serverGroup(endpoint, endpoint === status?.ollama);
    if (group) groups.push(group);
  }
  const currentValue = canonical(current);
  if (!groups.some((g) => g.options.some((o) => o.value === currentValue))) {
    groups.push({ group: 'current', name: 'In use', options: [{ value: currentValue, name: currentValue }] });
  }
  return { id: MODEL_CONFIG_ID, name: 'Model', category: 'model', type: 'select', currentValue, options: groups };
}

/** The spec a chosen value names; throws `invalid-spec` (with the valid forms) for one that names none. */
export function chosenSpec(configId: string, value: unknown): string {
  if (configId !== MODEL_CONFIG_ID) throw new PunieError('invalid-input', `Punie has no setting "${configId}"; the one setting is "${MODEL_CONFIG_ID}".`);
  if (typeof value !== 'string') throw new PunieError('invalid-input', 'The model is chosen by its name (a model spec such as local: or openai:gpt-4.1).');
  const parsed = parseModelSpec(value);
  if (!parsed.ok) throw new PunieError('invalid-spec', parsed.error.message);
  return formatModelSpec(parsed.spec);
}

function serverGroup(endpoint: EndpointStatus, ollama: boolean): SessionConfigSelectGroup | undefined {
  if (endpoint.state !== 'online') return undefined;
  const models = endpoint.models.filter(isChatModel);
  if (models.length === 0) return undefined;
  const label = endpoint.kind ? SERVER_KIND_LABELS[endpoint.kind] : 'Local server';
  return {
    group: endpoint.url,
    name: `${label} (${hostOf(endpoint.url)})`,
    options: models.map((m) => ({
      value: ollama ? `ollama:${m.id}` : formatModelSpec({ provider: 'local', baseURL: endpoint.url, model: m.id }),
      name: m.id,
      ...(m.loaded ? {} : { description: m.note ?? 'Not loaded; the server loads it on the first message' }),
    })),
  };
}

function canonical(spec: string): string {
  const parsed = parseModelSpec(spec);
  return parsed.ok ? formatModelSpec(parsed.spec) : spec;
}
