import { useState, type FormEvent } from 'react';
import { DEFAULT_LOCAL_ENDPOINTS } from '../../../../shared/modelSpec';
import { useServersStore } from '../../stores/serversStore';
import { patchSettings, useSettingsStore } from '../../stores/settingsStore';
import { ArrowDownIcon, ArrowUpIcon, CloseIcon, PlusIcon } from '../../ui/icons';
import { kindLabel } from '../status/statusSummary';
import { moveItem, normaliseEndpoint } from './endpointUrl';

/** Local endpoints, probed in order: add, remove, reorder. */
export function EndpointsSection() {
  const endpoints = useSettingsStore((s) => s.view?.settings.endpoints);
  const status = useServersStore((s) => s.status);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  if (!endpoints) return <p className="settings-loading">Loading…</p>;

  const save = (next: string[]) => void patchSettings({ endpoints: next });

  const add = (e: FormEvent) => {
    e.preventDefault();
    const check = normaliseEndpoint(draft);
    if (!check.ok) return setError(check.message);
    if (endpoints.includes(check.url)) return setError('That server is already in the list.');
    setError(undefined);
    setDraft('');
    save([...endpoints, check.url]);
  };

  const isDefault = endpoints.length === DEFAULT_LOCAL_ENDPOINTS.length && endpoints.every((u, i) => u === DEFAULT_LOCAL_ENDPOINTS[i]);
  return (
    <section className="settings-section" aria-labelledby="endpoints-title">
      <h3 id="endpoints-title" className="settings-section-title">
        Local servers
      </h3>
      <p className="settings-section-lead">
        Punie looks for OpenAI-compatible servers at these addresses, in this order. <code>local:</code> uses the first one with a loaded model.
      </p>
      <ol className="endpoint-editor" aria-label="Endpoints">
        {endpoints.map((url, i) => {
          const e = status?.endpoints.find((s) => s.url === url);
          const dot = !e ? '' : e.state === 'online' ? 'dot-ready' : e.state === 'error' ? 'dot-warning' : 'dot-offline';
          return (
            <li key={url} className="endpoint-edit-row">
              <span className="endpoint-order">{i + 1}</span>
              <span className={`dot ${dot}`} aria-hidden="true" />
              <span className="endpoint-edit-url mono">{url}</span>
              <span className="endpoint-edit-kind">{e ? (e.state === 'online' ? kindLabel(e.kind) : 'not running') : ''}</span>
              <button type="button" className="icon-btn icon-btn-sm" aria-label={`Move ${url} up`} disabled={i === 0} onClick={() => save(moveItem(endpoints, i, -1))}>
                <ArrowUpIcon size={14} />
              </button>
              <button
                type="button"
                className="icon-btn icon-btn-sm"
                aria-label={`Move ${url} down`}
                disabled={i === endpoints.length - 1}
                onClick={() => save(moveItem(endpoints, i, 1))}
              >
                <ArrowDownIcon size={14} />
              </button>
              <button type="button" className="icon-btn icon-btn-sm" aria-label={`Remove ${url}`} onClick={() => save(endpoints.filter((u) => u !== url))}>
                <CloseIcon size={14} />
              </button>
            </li>
          );
        })}
        {endpoints.length === 0 ? <li className="endpoint-edit-empty">No local servers: only the Test model and cloud models can be used.</li> : null}
      </ol>
      <form className="endpoint-add" onSubmit={add}>
        <label htmlFor="endpoint-new" className="sr-only">
          New server address
        </label>
        <input
          id="endpoint-new"
          className="input mono"
          placeholder="http://127.0.0.1:11434/v1"
          value={draft}
          aria-invalid={Boolean(error)}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(undefined);
          }}
        />
        <button type="submit" className="btn" disabled={!draft.trim()}>
          <PlusIcon size={14} /> Add
        </button>
      </form>
      {error ? <p className="field-error">{error}</p> : null}
      {!isDefault ? (
        <button type="button" className="btn btn-sm btn-ghost endpoint-reset" onClick={() => save([...DEFAULT_LOCAL_ENDPOINTS])}>
          Restore the defaults (LM Studio on 1234, mlx-lm and llama.cpp on 8080)
        </button>
      ) : null}
    </section>
  );
}
