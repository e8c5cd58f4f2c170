import { useModelsStore } from '../../stores/modelsStore';
import { refreshServers, useServersStore } from '../../stores/serversStore';
import { setPopover } from '../../stores/uiStore';
import { kindLabel, onDemandEndpoint } from './statusSummary';
import { AlertIcon, RefreshIcon } from '../../ui/icons';

/** In a conversation, a slim banner above the composer when the local server went away. */
export function ServerBanner() {
  const status = useServersStore((s) => s.status);
  const refreshing = useServersStore((s) => s.refreshing);
  const selected = useModelsStore((s) => s.selected);
  const local = !selected || selected === 'local' || selected.startsWith('local:');
  if (!local || !status || status.overall === 'ready') return null;
  const onDemand = onDemandEndpoint(status);
  const bareLocal = !selected || selected === 'local' || selected === 'local:';
  // A server that loads models on demand is usable once a model is named.
  if (onDemand && !bareLocal) return null;
  const text =
    status.overall === 'offline'
      ? 'No local model server answers. Punie keeps checking.'
      : onDemand
        ? `${kindLabel(onDemand.kind)} loads models on demand: pick one and the first message loads it.`
        : 'The local server has no model loaded. Punie keeps checking.';
  return (
    <div className="server-banner" role="status" data-testid="server-banner">
      <AlertIcon size={14} />
      <span>{text}</span>
      <span className="permission-spacer" />
      {onDemand ? (
        <button type="button" className="btn btn-sm" onClick={() => setPopover('models')}>
          Pick a model
        </button>
      ) : (
        <>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setPopover('endpoints')}>
            Show servers
          </button>
          <button type="button" className="btn btn-sm" onClick={() => void refreshServers()} disabled={refreshing}>
            {refreshing ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon size={14} />} Retry
          </button>
        </>
      )}
    </div>
  );
}
