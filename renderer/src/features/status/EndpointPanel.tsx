import { useEffect, useState } from 'react';
import type { EndpointStatus } from '../../../../shared/serverStatus';
import { refreshServers, useServersStore } from '../../stores/serversStore';
import { openSettings } from '../../stores/uiStore';
import { RefreshIcon, ServerIcon } from '../../ui/icons';
import { contextLabel } from '../models/modelList';
import { ago, endpointStateLabel, kindLabel, loadsOnDemand } from './statusSummary';

const MODELS_SHOWN = 5;

/** Every endpoint Punie probes: kind, URL, state, models, last error; Retry probes again now. */
export function EndpointPanel() {
  const status = useServersStore((s) => s.status);
  const refreshing = useServersStore((s) => s.refreshing);
  const error = useServersStore((s) => s.error);
  const now = useNow();
  return (
    <div className="popover endpoint-panel" role="dialog" aria-label="Local servers">
      <header className="panel-head">
        <h3 className="panel-title">Local servers</h3>
        <span className="panel-sub">{status ? `Checked ${ago(status.checkedAt, now)}` : 'Checking…'}</span>
      </header>
      <div className="endpoint-list">
        {status?.endpoints.length ? (
          status.endpoints.map((e) => <EndpointRow key={e.url} endpoint={e} />)
        ) : (
          <p className="panel-empty">No endpoints are configured. Add one in Settings.</p>
        )}
        {error ? <p className="field-error">{error.message}</p> : null}
      </div>
      <footer className="panel-foot">
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => openSettings('endpoints')}>
          Edit endpoints
        </button>
        <button type="button" className="btn btn-sm btn-primary" onClick={() => void refreshServers()} disabled={refreshing}>
          {refreshing ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon size={14} />}
          Retry
        </button>
      </footer>
    </div>
  );
}

function EndpointRow({ endpoint: e }: { endpoint: EndpointStatus }) {
  const chat = e.models.filter((m) => m.type !== 'embeddings');
  const tone = e.state === 'online' ? (chat.some((m) => m.loaded) || loadsOnDemand(e) ? 'badge-success' : 'badge-warning') : 'badge-danger';
  return (
    <div className="endpoint" data-state={e.state}>
      <div className="endpoint-head">
        <ServerIcon size={14} />
        <span className="endpoint-kind">{e.state === 'online' ? kindLabel(e.kind) : (e.kind ? kindLabel(e.kind) : 'Local server')}</span>
        {e.version ? <span className="endpoint-version">v{e.version}</span> : null}
        <span className={`badge ${tone}`}>{endpointStateLabel(e)}</span>
      </div>
      <div className="endpoint-url mono">
        {e.url}
        {e.latencyMs !== undefined && e.state === 'online' ? <span className="endpoint-latency"> · {Math.round(e.latencyMs)} ms</span> : null}
      </div>
      {chat.length ? (
        <ul className="endpoint-models">
          {chat.slice(0, MODELS_SHOWN).map((m) => (
            <li key={m.id}>
              <span className={`dot ${m.loaded ? 'dot-ready' : ''}`} aria-hidden="true" />
              <span className="endpoint-model-id">{m.id}</span>
              <span className="endpoint-model-meta">
                {m.loaded ? 'loaded' : m.loadsOnDemand ? 'loads on first message' : 'not loaded'}
                {m.contextLength ? ` · ${contextLabel(m.contextLength)}` : ''}
              </span>
            </li>
          ))}
          {chat.length > MODELS_SHOWN ? <li className="endpoint-more">and {chat.length - MODELS_SHOWN} more</li> : null}
        </ul>
      ) : null}
      {e.lastError ? <p className="endpoint-error">{e.lastError.message}</p> : null}
    </div>
  );
}

function useNow(intervalMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
