import { useEffect, useState } from 'react';
import type { ErrorData } from '../../../../../shared/errors';
import { MCP_IMPORT_LABELS, type McpImportPreview, type McpImportSource } from '../../../../../shared/mcp';
import { applyMcpImport, previewMcpImport } from '../../../stores/mcpStore';

const OUTCOME_LABELS: Record<McpImportPreview['servers'][number]['outcome'], string> = {
  new: 'will be added',
  same: 'already in Punie',
  conflict: 'not imported',
  invalid: 'cannot be used',
};

/** What importing another app's servers would add, each to tick, before anything is written. */
export function McpImportPanel({ source, onDone }: { source: McpImportSource; onDone: () => void }) {
  const [preview, setPreview] = useState<McpImportPreview | ErrorData>();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const label = MCP_IMPORT_LABELS[source];

  useEffect(() => {
    let live = true;
    void previewMcpImport(source).then((answer) => {
      if (!live) return;
      setPreview(answer);
      if ('servers' in answer) setChosen(new Set(answer.servers.filter((s) => s.outcome === 'new').map((s) => s.name)));
    });
    return () => {
      live = false;
    };
  }, [source]);

  const apply = async () => {
    setSaving(true);
    const failure = await applyMcpImport(source, [...chosen]);
    setSaving(false);
    if (!failure) return onDone();
    if (failure.code !== 'permission-denied') setError(failure.message);
  };

  return (
    <section className="settings-section mcp-import" aria-labelledby="mcp-import-title">
      <h3 id="mcp-import-title" className="settings-section-title">
        Import from {label}
      </h3>
      {!preview ? <p className="settings-loading">Reading {label}’s settings…</p> : null}
      {preview && 'code' in preview ? <p className="settings-notice">{preview.message}</p> : null}
      {preview && 'servers' in preview ? (
        <>
          <p className="settings-section-lead mono">{preview.path}</p>
          {!preview.found ? <p className="mcp-empty">{label}’s MCP settings were not found here. If it keeps them elsewhere, paste them in Edit as JSON.</p> : null}
          {preview.problem ? <p className="settings-notice">That file cannot be used: {preview.problem}</p> : null}
          {preview.found && preview.servers.length === 0 && !preview.problem ? <p className="mcp-empty">{label} has no MCP servers set up.</p> : null}
          {preview.servers.length > 0 ? (
            <ul className="mcp-servers mcp-import-list" aria-label={`Servers in ${label}`}>
              {preview.servers.map((server) => (
                <li key={server.name} className="mcp-import-row" data-outcome={server.outcome}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      disabled={server.outcome !== 'new'}
                      checked={chosen.has(server.name)}
                      onChange={(e) => {
                        const next = new Set(chosen);
                        if (e.target.checked) next.add(server.name);
                        else next.delete(server.name);
                        setChosen(next);
                      }}
                    />
                    <span className="mcp-server-name">{server.name}</span>
                  </label>
                  <span className={`badge${server.outcome === 'new' ? ' badge-accent' : ''}`}>{OUTCOME_LABELS[server.outcome]}</span>
                  <span className="mcp-server-target mono" title={server.target}>
                    {server.target}
                  </span>
                  {server.note ? <div className="field-help mcp-import-note">{server.note}</div> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="mcp-form-actions">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" disabled={chosen.size === 0 || saving} onClick={() => void apply()}>
          {saving ? 'Waiting for your answer…' : chosen.size === 1 ? 'Add 1 server' : `Add ${chosen.size} servers`}
        </button>
      </div>
    </section>
  );
}
