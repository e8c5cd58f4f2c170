import type { ModelOption } from '../../../../shared/ipc/routes';
import { contextLabel } from './modelList';

/** Loaded state, context length, quantization and tool use, as small badges. */
export function ModelBadges({ option: o }: { option: ModelOption }) {
  const isLocal = o.group !== 'openai' && o.group !== 'anthropic' && o.group !== 'test';
  return (
    <span className="model-badges">
      {isLocal && o.loaded ? <span className="badge badge-success">Loaded</span> : null}
      {isLocal && o.loaded === false ? <span className="badge">{o.loadsOnDemand ? 'Loads on demand' : 'Not loaded'}</span> : null}
      {o.contextLength ? <span className="badge" title={`${o.contextLength.toLocaleString('en-US')} tokens of context`}>{contextLabel(o.contextLength)} ctx</span> : null}
      {o.quantization ? <span className="badge">{o.quantization}</span> : null}
      {o.toolUse ? <span className="badge badge-accent" title="Trained for tool use">tools</span> : null}
    </span>
  );
}
